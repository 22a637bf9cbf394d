"""`stalkscreen dmm`: the daily management meeting list for a day (table, CSV, JSON or a PDF
agenda), recorded in dmm_lists; `stalkscreen dmm case CRIME`: open one case from the list."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import sys
from enum import Enum
from pathlib import Path
from typing import Optional

import typer

from stalkscreen import store
from stalkscreen.casework import rules as casework_rules
from stalkscreen.cli.output import Format, console, emit, json_default, parse_date
from stalkscreen.dmm import agenda, case, produce
from stalkscreen.dmm import rules as dmm_rules
from stalkscreen.dmm.model import LINE_COLUMNS, SECTIONS, TITLES, DmmList
from stalkscreen.errors import StalkscreenError
from stalkscreen.reference import offences as offence_catalogue

dmm_app = typer.Typer(help="The daily management meeting list (recommendation 12.4).", invoke_without_command=True)


class ListFormat(str, Enum):
    table = "table"
    csv = "csv"
    json = "json"
    pdf = "pdf"


def _check_out(fmt: ListFormat, out: Optional[Path]) -> None:
    """Refuse a format and --out that cannot go together, before any work."""
    if fmt == ListFormat.pdf and out is None:
        raise StalkscreenError("--format pdf needs --out FILE", hint="for example --out dmm-2026-11-02.pdf")
    if fmt == ListFormat.table and out is not None:
        raise StalkscreenError("--out: the table is for the terminal", hint="write a file with --format csv, json or pdf")


@contextlib.contextmanager
def _target(out: Optional[Path]):
    """stdout, or the file named by --out."""
    if out is None:
        yield
        return
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "w", encoding="utf-8", newline="") as handle, contextlib.redirect_stdout(handle):
        yield


def _print(made: DmmList, fmt: ListFormat, out: Optional[Path]) -> None:
    if fmt == ListFormat.pdf:
        agenda.write_pdf(made, out)
    elif fmt == ListFormat.table:
        for s in SECTIONS:
            note = "; ".join(made.notes.get(s, []))
            emit(made.sections.get(s, []), Format.table, LINE_COLUMNS[1:], title=TITLES[s] + (f" ({note})" if note else ""))
    else:
        with _target(out):
            if fmt == ListFormat.csv:
                emit(made.lines(), Format.csv, LINE_COLUMNS)
            else:
                doc = {**made.summary(), "lines": [{c: x.get(c) for c in LINE_COLUMNS} for x in made.lines()]}
                json.dump(doc, sys.stdout, default=json_default, ensure_ascii=False, indent=1)
                sys.stdout.write("\n")


@dmm_app.callback()
def run_dmm(
    ctx: typer.Context,
    date: Optional[str] = typer.Option(None, "--date", help="The meeting day (YYYY-MM-DD; default today)."),
    fmt: ListFormat = typer.Option(ListFormat.table, "--format", help="table, csv, json, or pdf (a printable agenda; needs --out)."),
    out: Optional[Path] = typer.Option(None, "--out", help="Write the list to this file (csv, json or pdf) instead of stdout."),
    rules_file: Optional[Path] = typer.Option(None, "--rules", help="A force's DMM rules in place of the shipped reference/dmm.yaml."),
    casework_file: Optional[Path] = typer.Option(None, "--casework-rules", help="A force's casework rules in place of reference/casework.yaml."),
) -> None:
    """Produce the daily management meeting list for a day and record it (re-producing replaces the day's record)."""
    if ctx.invoked_subcommand:
        return
    _check_out(fmt, out)
    day = parse_date(date, "--date") or dt.date.today()
    rules, casework = dmm_rules.load(rules_file), casework_rules.load(casework_file)
    catalogue = offence_catalogue.load(ctx.obj.get("offences"))
    store.connect(ctx.obj["db"], read_only=True).close()  # a missing store is an error, not a new file
    with store.connect(ctx.obj["db"]) as con:
        made = produce.run(con, day, rules, casework, catalogue)
    _print(made, fmt, out)
    counts = ", ".join(f"{s} {'n/a' if n is None else n}" for s, n in made.counts().items())
    console.print(f"DMM list for {day:%A} {day} (look-back {made.window.describe()}): {made.total()} line(s): "
                  f"{counts}; recorded in dmm_lists" + (f"; wrote {out}" if out else ""), highlight=False)
    for note in made.all_notes():
        console.print(f"note: {note}", highlight=False)


@dmm_app.command("case")
def open_case(
    ctx: typer.Context,
    crime_id: str = typer.Argument(..., help="The case (crime id) as the list shows it."),
    fmt: Format = typer.Option(Format.table, "--format", help="table, csv or json."),
) -> None:
    """Open one case: crime, offences, people, risk, orders, events, teams and screening flag."""
    with store.connect(ctx.obj["db"], read_only=True) as con:
        shown = case.show(con, crime_id)
    if fmt == Format.json:
        json.dump(shown, sys.stdout, default=json_default, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        return
    for part, found in shown.items():
        if fmt == Format.csv:
            print(f"# {part}")
        emit(found, fmt, title=f"{crime_id}: {part}")


def register(app: typer.Typer) -> None:
    app.add_typer(dmm_app, name="dmm")
