"""`stalkscreen victims`: Victims' Code compliance for victims of stalking cases, by right and by
team, the monthly and rolling referral rate, and the exception list behind each figure."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Optional

import typer

from stalkscreen import store
from stalkscreen.casework import victims
from stalkscreen.cli.orders import AS_OF_HELP, RULES_HELP, as_of_date, load_rules
from stalkscreen.cli.output import Format, console, emit
from stalkscreen.reference import offences as offence_catalogue


def _last_full_month(as_of: dt.date) -> str:
    return (as_of.replace(day=1) - dt.timedelta(days=1)).strftime("%Y-%m")


def run_victims(
    ctx: typer.Context,
    month: Optional[str] = typer.Option(None, "--month", help="The month whose stalking cases are reported (YYYY-MM; default the last full month)."),
    by_team: bool = typer.Option(False, "--by-team", help="Each figure per team as well (the team of the latest allocation)."),
    exceptions: Optional[str] = typer.Option(None, "--exceptions", help="List the victims behind this figure: needs_assessment, care_card, referral_offered, update_given, arrest_update, referral_rate or referral_rate_rolling."),
    team: Optional[str] = typer.Option(None, "--team", help="With --exceptions: only this team's victims."),
    as_of: Optional[str] = typer.Option(None, "--as-of", help=AS_OF_HELP),
    rules_file: Optional[Path] = typer.Option(None, "--rules", help=RULES_HELP),
    fmt: Format = typer.Option(Format.table, "--format", help="table, csv or json (csv and json go to stdout)."),
) -> None:
    """Victims' Code compliance for the victims of a month's stalking cases."""
    rules = load_rules(rules_file)
    day = as_of_date(as_of)
    period = victims.parse_month(month or _last_full_month(day))
    catalogue = offence_catalogue.load(ctx.obj.get("offences"))
    with store.connect(ctx.obj["db"], read_only=True) as con:
        if exceptions:
            rows = victims.exceptions(con, rules, catalogue, period, day, exceptions.strip(), team)
            emit(rows, fmt, victims.EXCEPTION_COLUMNS, title=f"{len(rows)} victim(s): {exceptions} exceptions, {period.month}")
            return
        rows = victims.figures(con, rules, catalogue, period, day, by_team)
    emit(rows, fmt, victims.FIGURE_COLUMNS, title=f"Victims' Code compliance, stalking cases recorded in {period.month}",
         brief=["measure", "team", "numerator", "denominator", "rate", "exceptions", "late", "pending"])
    console.print(f"as of {day}; rules {rules.version}; list the victims behind a figure with --exceptions MEASURE",
                  highlight=False)


def register(app: typer.Typer) -> None:
    app.command("victims")(run_victims)
