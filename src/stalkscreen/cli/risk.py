"""`stalkscreen risk`: risk instruments (recommendations 12.1, 12.2): record completed assessments,
show one, list the S-DASH assessments due and the reviews overdue, list the instruments."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Optional

import typer

from stalkscreen import store
from stalkscreen.cli.output import Format, console, emit, parse_date
from stalkscreen.errors import StalkscreenError
from stalkscreen.risk import due, instruments, record, show

risk_app = typer.Typer(help="Risk instruments: record S-DASH, DASH and screening answers; show; what is due.",
                       no_args_is_help=True)

INSTRUMENTS_HELP = ("A force's instruments file laid over the shipped reference/risk_instruments.yaml "
                    "(or STALKSCREEN_RISK_INSTRUMENTS).")
FORMAT_HELP = "table, csv or json (csv and json go to stdout)."


def _bank(path: Optional[Path]) -> instruments.Bank:
    return instruments.load(path)


@risk_app.command("record")
def record_file(
    ctx: typer.Context,
    file: Path = typer.Argument(..., help="A JSON or CSV file of completed assessments (see docs/risk.md)."),
    instruments_file: Optional[Path] = typer.Option(None, "--instruments", help=INSTRUMENTS_HELP),
) -> None:
    """Record completed assessments: all of the file, or nothing if anything is wrong."""
    bank = _bank(instruments_file)
    with store.connect(ctx.obj["db"]) as con:
        report = record.run(con, file, bank)
    for a in report.recorded:
        suggested = a.score.suggested_level or "none (judgement only)"
        line = (f"recorded {a.assessment_id}: {a.instrument.id} {a.instrument.version}, {a.score.yes} yes, "
                f"suggested {suggested}, assessor {a.score.assessor_level}")
        console.print(line + (" [LOWER THAN SUGGESTED]" if a.score.lower_than_suggested else ""),
                      markup=False, highlight=False, soft_wrap=True)
    for assessment_id in report.unchanged:
        console.print(f"unchanged {assessment_id}: already recorded with the same content", highlight=False, soft_wrap=True)
    console.print(f"{len(report.recorded)} recorded, {len(report.unchanged)} unchanged; instruments {report.bank_version}",
                  highlight=False, soft_wrap=True)


@risk_app.command("show")
def show_assessment(
    ctx: typer.Context,
    assessment_id: str = typer.Argument(..., help="The assessment id (recorded here or loaded from the export)."),
    instruments_file: Optional[Path] = typer.Option(None, "--instruments", help=INSTRUMENTS_HELP),
    fmt: Format = typer.Option(Format.table, "--format", help=FORMAT_HELP),
) -> None:
    """One assessment: answers, count of yes, suggested level, assessor's level, lower-than-suggested flag."""
    bank = _bank(instruments_file)
    with store.connect(ctx.obj["db"], read_only=True) as con:
        found = show.show(con, bank, assessment_id.strip())
    if fmt == Format.json:
        emit([found], fmt, [*show.HEADER, "items"])
        return
    if fmt == Format.csv:  # one row per answer, the assessment's fields repeated
        emit([{**{k: found[k] for k in show.HEADER}, **i} for i in found["items"]], fmt,
             [*show.HEADER, *show.ITEM_COLUMNS])
        return
    emit([{"field": k, "value": found[k]} for k in show.HEADER], fmt, title=f"assessment {assessment_id}")
    emit(found["items"], fmt, show.ITEM_COLUMNS, title="answers")
    if found["lower_than_suggested"]:
        console.print(f"flag: the assessor's level ({found['assessor_level']}) is lower than the level the answers "
                      f"suggest ({found['suggested_level']})", highlight=False, soft_wrap=True)


@risk_app.command("due")
def list_due(
    ctx: typer.Context,
    date: Optional[str] = typer.Option(None, "--date", help="Judge as of the end of this day (YYYY-MM-DD; default today)."),
    instruments_file: Optional[Path] = typer.Option(None, "--instruments", help=INSTRUMENTS_HELP),
    fmt: Format = typer.Option(Format.table, "--format", help=FORMAT_HELP),
) -> None:
    """S-DASH assessments due and missing, and assessments overdue for review."""
    bank = _bank(instruments_file)
    day = parse_date(date, "--date") or dt.date.today()
    with store.connect(ctx.obj["db"], read_only=True) as con:
        rows = due.risk_due(con, day, bank)
    missing = sum(r["kind"] == "missing" for r in rows)
    emit(rows, fmt, due.COLUMNS, title=f"risk assessments due as of {day}")
    console.print(f"{missing} S-DASH missing, {len(rows) - missing} review(s) overdue as of {day}; "
                  f"instruments {bank.version}", highlight=False, soft_wrap=True)


@risk_app.command("instruments")
def list_instruments(
    instruments_file: Optional[Path] = typer.Option(None, "--instruments", help=INSTRUMENTS_HELP),
    items: Optional[str] = typer.Option(None, "--items", help="List the items of this instrument (id or alias)."),
    fmt: Format = typer.Option(Format.table, "--format", help=FORMAT_HELP),
) -> None:
    """The instruments and versions known, or one instrument's items."""
    bank = _bank(instruments_file)
    chosen = [i for i in bank.instruments.values() if items is None or i.id == bank.canonical(items)]
    if items is not None and not chosen:
        raise StalkscreenError(f"--items '{items}': unknown instrument",
                               hint="one of: " + ", ".join(sorted({i for i, _ in bank.instruments})))
    if items is not None:
        rows = [{"instrument": i.id, "version": i.version, "number": it.number, "item": it.id, "text": it.text,
                 "verified": it.verified, "triggers": it.triggers} for i in chosen for it in i.items]
        emit(rows, fmt, title=f"items of {items}")
        return
    rows = [{"instrument": i.id, "version": i.version, "name": i.name, "items": len(i.items), "local": i.local,
             "verified": i.verified, "levels_rule": _rule(i), "review_days": i.review_days} for i in chosen]
    emit(rows, fmt, title=f"risk instruments {bank.version}")


def _rule(instrument: instruments.Instrument) -> str:
    if instrument.suggested_levels is None:
        return "judgement only"
    return ", ".join(f"{t.level} {t.min_yes}+" for t in instrument.suggested_levels)


def register(app: typer.Typer) -> None:
    app.add_typer(risk_app, name="risk")
