"""`stalkscreen search`: find crimes by offence (principal or included), narrative words,
person and date, as a table, CSV or JSON."""

from __future__ import annotations

from typing import Optional

import typer

from stalkscreen import store
from stalkscreen.cli.output import Format, console, emit, parse_date
from stalkscreen.reference import offences as offence_catalogue
from stalkscreen.search import index
from stalkscreen.search.query import Query, index_lag, search, validate

COLUMNS = ["crime_id", "recorded_at", "offence_code", "offence", "record_type", "force", "score", "matched"]




def describe(matched: dict) -> str:
    """One line for a table or CSV cell: why the crime matched."""
    parts = []
    if "offence" in matched:
        parts.append(", ".join(f"{o['offence_code']} {o['offence']} ({o['role']})" for o in matched["offence"]["offences"]))
    if "text" in matched:
        parts.append(f"words {', '.join(matched['text']['words'])} (score {matched['text']['score']})")
    if "person" in matched:
        parts.append("; ".join(f"{p['role']} {p['name']} [{p['person_record_id']}]: {p['how']}" for p in matched["person"]))
    return " | ".join(parts)


def run_search(
    ctx: typer.Context,
    offence: Optional[str] = typer.Option(None, "--offence", help="A group (stalking, harassment, ...), classification (8Q), code (195/12) or offence name."),
    role: Optional[str] = typer.Option(None, "--role", help="Offence role: principal, included or any (default any)."),
    text: Optional[str] = typer.Option(None, "--text", help="Words to look for in narratives, ranked by BM25 (followed also finds following)."),
    person: Optional[str] = typer.Option(None, "--person", help='A surname or "forename surname"; case, accents and one typo are tolerated.'),
    person_role: Optional[str] = typer.Option(None, "--person-role", help="Only person records with this role: victim, suspect, witness, reporter."),
    date_from: Optional[str] = typer.Option(None, "--from", help="Recorded on or after this date (YYYY-MM-DD)."),
    date_to: Optional[str] = typer.Option(None, "--to", help="Recorded on or before this date (YYYY-MM-DD)."),
    force: Optional[str] = typer.Option(None, "--force", help="Only crimes of this force."),
    limit: int = typer.Option(100, "--limit", help="At most this many crimes."),
    fmt: Format = typer.Option(Format.table, "--format", help="table, csv or json (csv and json go to stdout)."),
    reindex: bool = typer.Option(False, "--update-index", help="Check every crime against the narrative index and bring it up to date first (opens the store for writing)."),
) -> None:
    """Find crimes by offence (principal or included), narrative words, person and date."""
    query = Query(
        offence=offence, role=(role or "any").strip().lower(), text=text, person=person,
        person_role=person_role.strip().lower() if person_role else None,
        date_from=parse_date(date_from, "--from"), date_to=parse_date(date_to, "--to"), force=force, limit=limit,
    )
    validate(query)
    catalogue = offence_catalogue.load(ctx.obj.get("offences"))
    if query.offence:
        catalogue.resolve(query.offence)  # an unknown term fails before the store is opened
    if reindex:
        with store.connect(ctx.obj["db"]) as con, store.transaction(con):
            indexed = index.update(con, full=True)
        console.print(f"narrative index: {indexed} crime(s) indexed")
    with store.connect(ctx.obj["db"], read_only=True) as con:
        if query.text and index_lag(con):
            console.print("warning: the narrative index looks behind the crimes; run with --update-index", highlight=False)
        hits = search(con, query, catalogue)
    if fmt == Format.json:
        emit(hits, fmt, COLUMNS)
    else:
        rows = [{**h, "matched": describe(h["matched"])} for h in hits]
        emit(rows, fmt, COLUMNS, title=f"{len(hits)} crime(s)")


def register(app: typer.Typer) -> None:
    app.command("search")(run_search)
