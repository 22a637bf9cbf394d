"""The `stalkscreen` command line: global options, error handling, and the command groups."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Optional

import typer

from stalkscreen.cli import demo, ingest, search, synth
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
    ctx.obj = {"db": db or Path("stalkscreen.duckdb"), "offences": offences}


for module in (synth, ingest, search, demo):
    module.register(app)


def main() -> None:
    try:
        app(standalone_mode=False)
    except StalkscreenError as exc:
        console.print(f"[bold red]error:[/] {exc.message}", highlight=False)
        if exc.hint:
            console.print(f"hint: {exc.hint}", highlight=False)
        sys.exit(2)
    except typer.Abort:
        console.print("aborted")
        sys.exit(1)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except SystemExit:
        raise
    except BaseException as exc:  # click usage errors arrive here in standalone_mode=False
        import click

        if isinstance(exc, click.ClickException):
            exc.show()
            sys.exit(exc.exit_code)
        raise


if __name__ == "__main__":
    main()
