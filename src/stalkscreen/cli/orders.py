"""`stalkscreen orders`: protective orders through their lifecycle, with statutory checks and
breaches; `orders unconsidered`: stalking cases with no SPO consideration recorded."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Optional

import typer

from stalkscreen import store
from stalkscreen.casework import consideration, orders, rules as casework_rules
from stalkscreen.cli.output import Format, console, emit, parse_date
from stalkscreen.reference import offences as offence_catalogue

orders_app = typer.Typer(help="Protective orders: lifecycle, statutory checks, breaches; SPO consideration.",
                         invoke_without_command=True)

RULES_HELP = "A force's casework rules file in place of the shipped reference/casework.yaml."
AS_OF_HELP = "Judge deadlines as of this date (YYYY-MM-DD; default today)."


def as_of_date(value: Optional[str]) -> dt.date:
    return parse_date(value, "--as-of") or dt.date.today()


def load_rules(path: Optional[Path]) -> casework_rules.Rules:
    return casework_rules.load(path)


def _cell(rows: list[dict]) -> list[dict]:
    """Lists as text for a table or CSV cell."""
    return [{k: "; ".join(map(str, v)) if isinstance(v, list) else v for k, v in r.items()} for r in rows]


@orders_app.callback()
def list_orders(
    ctx: typer.Context,
    status: Optional[str] = typer.Option(None, "--status", help="considered, not_pursued, applied, interim, active, expired, discharged, or breached (at least one breach)."),
    expiring_within: Optional[int] = typer.Option(None, "--expiring-within", help="Only orders in force that expire within this many days."),
    order_type: Optional[str] = typer.Option(None, "--type", help="Only this order type: SPO, interim_SPO, NMO, restraining_order, DVPO."),
    order_id: Optional[str] = typer.Option(None, "--order", help="Show every step of this one order, dated and attributed."),
    as_of: Optional[str] = typer.Option(None, "--as-of", help=AS_OF_HELP),
    rules_file: Optional[Path] = typer.Option(None, "--rules", help=RULES_HELP),
    fmt: Format = typer.Option(Format.table, "--format", help="table, csv or json (csv and json go to stdout)."),
) -> None:
    """List protective orders with their lifecycle, statutory findings and breaches."""
    if ctx.invoked_subcommand:
        return
    rules = load_rules(rules_file)
    with store.connect(ctx.obj["db"], read_only=True) as con:
        if order_id:
            emit(orders.steps(con, order_id), fmt, title=f"order {order_id}")
            return
        rows = orders.list_orders(con, rules, as_of_date(as_of), orders.check_status(status), expiring_within, order_type)
    emit(rows if fmt == Format.json else _cell(rows), fmt, orders.COLUMNS, title=f"{len(rows)} order(s)",
         brief=["order_id", "order_type", "status", "made_on", "expires_on", "days_to_expiry", "breaches", "findings"])
    flagged = sum(1 for r in rows if r["findings"])
    console.print(f"{len(rows)} order(s); {flagged} with statutory or recording findings", highlight=False)


@orders_app.command("unconsidered")
def unconsidered(
    ctx: typer.Context,
    days: Optional[int] = typer.Option(None, "--days", help="Cases recorded at least this many days ago (default: the rules' consideration_days, 28)."),
    date_from: Optional[str] = typer.Option(None, "--from", help="Cases recorded on or after this date (YYYY-MM-DD)."),
    date_to: Optional[str] = typer.Option(None, "--to", help="Cases recorded on or before this date (YYYY-MM-DD)."),
    as_of: Optional[str] = typer.Option(None, "--as-of", help=AS_OF_HELP),
    rules_file: Optional[Path] = typer.Option(None, "--rules", help=RULES_HELP),
    fmt: Format = typer.Option(Format.table, "--format", help="table, csv or json (csv and json go to stdout)."),
) -> None:
    """Stalking cases (principal, included or accepted flag) with no SPO consideration recorded."""
    rules = load_rules(rules_file)
    catalogue = offence_catalogue.load(ctx.obj.get("offences"))
    with store.connect(ctx.obj["db"], read_only=True) as con:
        figure, rows = consideration.spo_exceptions(con, rules, catalogue, as_of_date(as_of), days,
                                                    parse_date(date_from, "--from"), parse_date(date_to, "--to"))
    emit(rows, fmt, consideration.COLUMNS, title=f"{len(rows)} stalking case(s) without an SPO consideration")
    rate = "n/a" if figure["rate"] is None else f"{figure['rate']:.1%}"
    console.print(f"SPO considered: {figure['numerator']} of {figure['denominator']} stalking cases recorded at least "
                  f"{figure['days']} days before {figure['as_of']} ({rate}); {figure['exceptions']} listed",
                  highlight=False)


def register(app: typer.Typer) -> None:
    app.add_typer(orders_app, name="orders")
