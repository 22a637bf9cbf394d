"""`stalkscreen plans`: import published action plans as dated versions, show status and
deadlines, compare forces, evidence each recommendation with live figures, write the update."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Optional

import typer

from stalkscreen import store
from stalkscreen.cli.output import Format, console, emit, parse_date
from stalkscreen.errors import StalkscreenError
from stalkscreen.oversight.plans import evidence, status, storage
from stalkscreen.reference import offences as offence_catalogue

plans_app = typer.Typer(help="Import, compare and report on published action plans.", no_args_is_help=True)




def _one_force(con, force: Optional[str]) -> str:
    """The force named, or the only force with a plan."""
    plans = storage.latest(con, force)
    if force is None and len(plans) > 1:
        raise StalkscreenError("plans of several forces are stored; which one?",
                               hint="add --force, one of: " + ", ".join(p["force"] for p in plans))
    return plans[0]["force"]


@plans_app.command("import")
def import_plan(
    ctx: typer.Context,
    file: Path = typer.Argument(..., help="The plan as text (copied or saved from the force's web page)."),
    force: str = typer.Option(..., "--force", help="The force whose plan this is, e.g. Kent."),
    as_of: Optional[str] = typer.Option(None, "--as-of", help="The date this version describes (YYYY-MM-DD; default today)."),
) -> None:
    """Read a published action plan and store it as a dated version."""
    with store.connect(ctx.obj["db"]) as con:
        done = storage.run(con, file, force, parse_date(as_of, "--as-of"))
    plan = done.plan
    again = f", replacing the version stored before (plan {done.replaced})" if done.replaced else ""
    console.print(f"{done.force}: {len(plan.recommendations)} recommendation(s) read from {file} "
                  f"(layout {plan.layout}), stored as the version of {done.as_of} (plan {done.plan_id}){again}",
                  highlight=False, markup=False)
    console.print(f"lines: {plan.lines_read} read, {plan.boilerplate_lines} website boilerplate skipped, "
                  f"{sum(n.kind == 'unparsed' for n in plan.notes)} unparsed", highlight=False, markup=False)
    for note in plan.notes:
        text = f": {note.text[:200]}" if note.text else ""
        console.print(f"line {note.line} ({note.kind}): {note.message}{text}", highlight=False, markup=False)
    if plan.stopped_at:
        console.print(f"line {plan.stopped_at[0]}: {plan.stopped_at[1]}", highlight=False, markup=False)


@plans_app.command("list")
def list_versions(
    ctx: typer.Context,
    force: Optional[str] = typer.Option(None, "--force", help="Only this force's versions."),
    fmt: Format = typer.Option(Format.table, "--format", help="table, csv or json (csv and json go to stdout)."),
) -> None:
    """Every imported version, by force and date."""
    with store.connect(ctx.obj["db"], read_only=True) as con:
        rows = storage.versions(con, force)
    emit(rows, fmt, ["plan_id", "force", "as_of", "layout", "recommendations", "unparsed_lines", "warnings",
                     "stopped_at_line", "source_file"], title="action plan versions")


@plans_app.command("status")
def show_status(
    ctx: typer.Context,
    force: Optional[str] = typer.Option(None, "--force", help="Only this force (default: every force with a plan)."),
    fmt: Format = typer.Option(Format.table, "--format", help="table, csv or json (csv and json go to stdout)."),
) -> None:
    """Per recommendation: status, progress, deadline and whether it is overdue today."""
    with store.connect(ctx.obj["db"], read_only=True) as con:
        rows = status.status_rows(con, force, dt.date.today())
    emit(rows, fmt, status.STATUS_COLUMNS, title=f"{len(rows)} recommendation(s), latest version of each plan")


@plans_app.command("compare")
def compare(
    ctx: typer.Context,
    fmt: Format = typer.Option(Format.table, "--format", help="table, csv or json (csv and json go to stdout)."),
) -> None:
    """Forces side by side: recommendations by forces, each cell the status in the latest version."""
    with store.connect(ctx.obj["db"], read_only=True) as con:
        rows, forces = status.compare(con, dt.date.today())
    emit(rows, fmt, ["recommendation", *forces], title="status by force (latest version of each plan)")


@plans_app.command("evidence")
def show_evidence(
    ctx: typer.Context,
    force: Optional[str] = typer.Option(None, "--force", help="Only this force's plan (default: every force with a plan)."),
    date_from: Optional[str] = typer.Option(None, "--from", help="Figures for crimes recorded on or after this date (YYYY-MM-DD)."),
    date_to: Optional[str] = typer.Option(None, "--to", help="Figures for crimes recorded on or before this date (YYYY-MM-DD)."),
    fmt: Format = typer.Option(Format.table, "--format", help="table, csv or json (csv and json go to stdout)."),
) -> None:
    """Each recommendation with the live figure from the store that shows it working."""
    catalogue = offence_catalogue.load(ctx.obj.get("offences"))
    with store.connect(ctx.obj["db"], read_only=True) as con:
        rows = evidence.evidence_rows(con, force, parse_date(date_from, "--from"), parse_date(date_to, "--to"), catalogue)
    emit(rows, fmt, evidence.COLUMNS, title="live figures for each recommendation")


@plans_app.command("report")
def write_report(
    ctx: typer.Context,
    out: Path = typer.Option(..., "--out", help="The update to write: a .md, .html or .pdf file."),
    force: Optional[str] = typer.Option(None, "--force", help="The force (needed when the store holds several forces' plans)."),
    date_from: Optional[str] = typer.Option(None, "--from", help="Figures for crimes recorded on or after this date (YYYY-MM-DD)."),
    date_to: Optional[str] = typer.Option(None, "--to", help="Figures for crimes recorded on or before this date (YYYY-MM-DD)."),
) -> None:
    """Write the progress update in the plan's own structure, with the live figures."""
    from stalkscreen.oversight.plans import report  # WeasyPrint is slow to import; only this command needs it
    catalogue = offence_catalogue.load(ctx.obj.get("offences"))
    start, end = parse_date(date_from, "--from"), parse_date(date_to, "--to")
    with store.connect(ctx.obj["db"], read_only=True) as con:
        written = report.write(con, _one_force(con, force), out, dt.date.today(), start, end, catalogue)
    console.print(f"progress update written to {written}", highlight=False, markup=False)


def register(app: typer.Typer) -> None:
    app.add_typer(plans_app, name="plans")
