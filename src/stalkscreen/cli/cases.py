"""`stalkscreen cases`: open stalking cases without an investigation or multi-agency item after a
configurable number of days (recommendations 13.2, 18.1-18.4, 25.x)."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from stalkscreen import store
from stalkscreen.casework import cases
from stalkscreen.cli.orders import AS_OF_HELP, RULES_HELP, as_of_date, load_rules
from stalkscreen.cli.output import Format, console, emit
from stalkscreen.reference import offences as offence_catalogue

SUMMARY_COLUMNS = ["measure", "numerator", "denominator", "exceptions", "rate", "days", "as_of", "rules_version"]


def run_cases(
    ctx: typer.Context,
    missing: Optional[str] = typer.Option(None, "--missing", help="List open stalking cases without this item: multi_agency_referral, panel_decision, digital_enquiry, arrest, search, victim_statement, supervisor_review, spo_considered. Without it, one figure per item."),
    days: Optional[int] = typer.Option(None, "--days", help="Cases recorded at least this many days ago (default: the item's days in the rules)."),
    team: Optional[str] = typer.Option(None, "--team", help="Only cases allocated to this team."),
    as_of: Optional[str] = typer.Option(None, "--as-of", help=AS_OF_HELP),
    rules_file: Optional[Path] = typer.Option(None, "--rules", help=RULES_HELP),
    fmt: Format = typer.Option(Format.table, "--format", help="table, csv or json (csv and json go to stdout)."),
) -> None:
    """Open stalking cases missing an investigation or multi-agency item."""
    rules = load_rules(rules_file)
    day = as_of_date(as_of)
    catalogue = offence_catalogue.load(ctx.obj.get("offences"))
    with store.connect(ctx.obj["db"], read_only=True) as con:
        if missing is None:
            figures = [cases.missing(con, rules, catalogue, item.id, day, days, team)[0] for item in rules.case_items]
            emit(figures, fmt, SUMMARY_COLUMNS, title="open stalking cases showing each item")
            return
        figure, rows = cases.missing(con, rules, catalogue, missing.strip(), day, days, team)
    emit(rows, fmt, cases.COLUMNS, title=f"{len(rows)} open stalking case(s) without: {figure['measure']}")
    rate = "n/a" if figure["rate"] is None else f"{figure['rate']:.1%}"
    console.print(f"{figure['measure']}: {figure['numerator']} of {figure['denominator']} open stalking cases recorded "
                  f"at least {figure['days']} days before {day} ({rate}); {figure['exceptions']} listed", highlight=False)


def register(app: typer.Typer) -> None:
    app.command("cases")(run_cases)
