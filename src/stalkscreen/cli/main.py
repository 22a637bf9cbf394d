"""The `stalkscreen` command line: global options, error handling, and the command groups."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer

from stalkscreen.cli import demo, evaluate, ingest, link, national, plans, profile, screen, search, synth
from stalkscreen.cli import cases, orders, sample, victims
from stalkscreen.cli import harm
from stalkscreen.cli import dmm
from stalkscreen.cli import allocation
from stalkscreen.cli import risk
from stalkscreen.cli import web
from stalkscreen.cli import evidence
from stalkscreen.cli.output import console
from stalkscreen.errors import StalkscreenError

app = typer.Typer(
    help="Find stalking hidden in police crime records.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)


@app.callback()
def main_options(
    ctx: typer.Context,
    db: Optional[Path] = typer.Option(
        None, "--db", envvar="STALKSCREEN_DB", help="The store (a DuckDB file). Default: ./stalkscreen.duckdb"
    ),
    offences: Optional[Path] = typer.Option(
        None, "--offences", envvar="STALKSCREEN_OFFENCES", help="A force's offence-code file laid over the shipped one."
    ),
) -> None:
    ctx.obj = {"db": db, "offences": offences}  # db None: the store module's default


for module in (synth, ingest, search, link, screen, evaluate, plans, profile, national, demo):
    module.register(app)
for module in (orders, victims, cases, sample):
    module.register(app)
harm.register(app)
dmm.register(app)
allocation.register(app)
risk.register(app)
web.register(app)
evidence.register(app)


def main() -> None:
    # Typer handles usage errors itself (exit 2); our own errors are the user's to fix, not tracebacks.
    try:
        app()
    except StalkscreenError as exc:
        console.print(f"error: {exc.message}", markup=False, highlight=False, soft_wrap=True)
        if exc.hint:
            console.print(f"hint: {exc.hint}", markup=False, highlight=False, soft_wrap=True)
        sys.exit(2)


if __name__ == "__main__":
    main()
