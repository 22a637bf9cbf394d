"""`stalkscreen allocation`: the team the allocation policy suggests for each open stalking case,
and why (recommendation 17.1); `--exceptions`: cases allocated against the policy;
`allocation set CASE TEAM`: record an allocation."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Optional

import typer

from stalkscreen import store
from stalkscreen.allocation import policy as allocation_policy
from stalkscreen.allocation import record, suggest
from stalkscreen.cli.output import Format, console, emit, parse_date
from stalkscreen.reference import offences as offence_catalogue

allocation_app = typer.Typer(help="Allocation of stalking cases to teams by policy (recommendation 17.1).",
                             invoke_without_command=True)
POLICY_HELP = "A force's allocation policy in place of the shipped reference/allocation.yaml."


def _load(ctx: typer.Context, policy_file: Optional[Path]):
    catalogue = offence_catalogue.load(ctx.obj.get("offences"))
    return allocation_policy.load(policy_file, catalogue), catalogue


@allocation_app.callback()
def list_allocations(
    ctx: typer.Context,
    exceptions: bool = typer.Option(False, "--exceptions", help="Only cases whose recorded team is not the policy's (or none)."),
    as_of: Optional[str] = typer.Option(None, "--as-of", help="Judge as of this date (YYYY-MM-DD; default today)."),
    policy_file: Optional[Path] = typer.Option(None, "--policy", help=POLICY_HELP),
    fmt: Format = typer.Option(Format.table, "--format", help="table, csv or json (csv and json go to stdout)."),
) -> None:
    """Each open stalking case with the team the policy suggests and why, beside the team recorded."""
    if ctx.invoked_subcommand:
        return
    policy, catalogue = _load(ctx, policy_file)
    day = parse_date(as_of, "--as-of") or dt.date.today()
    with store.connect(ctx.obj["db"], read_only=True) as con:
        rows = suggest.suggestions(con, policy, catalogue, day)
    shown = [r for r in rows if not r["matches_policy"]] if exceptions else rows
    title = "allocated against the policy" if exceptions else "suggested teams"
    emit(shown, fmt, suggest.COLUMNS, title=f"{len(shown)} open stalking case(s): {title}", brief=suggest.BRIEF)
    against = sum(1 for r in rows if not r["matches_policy"])
    console.print(f"{len(rows)} open stalking case(s) as of {day}; {against} allocated against policy "
                  f"{policy.version} (or not allocated)", highlight=False)


@allocation_app.command("set")
def set_allocation(
    ctx: typer.Context,
    crime_id: str = typer.Argument(..., help="The case (crime id)."),
    team: str = typer.Argument(..., help="A team of the policy (its id, or a name it is recorded as)."),
    reason: str = typer.Option("", "--reason", help="Why (required; say why when going against the policy)."),
    by: str = typer.Option("", "--by", help="Who decided (required)."),
    policy_file: Optional[Path] = typer.Option(None, "--policy", help=POLICY_HELP),
) -> None:
    """Record the team a case is allocated to, with who and why."""
    policy, catalogue = _load(ctx, policy_file)
    store.connect(ctx.obj["db"], read_only=True).close()  # a missing store is an error, not a new file
    with store.connect(ctx.obj["db"]) as con:
        row = record.set_team(con, policy, catalogue, crime_id, team, reason, by)
    against = "" if row["suggested_team"] in (None, row["team"]) else f" (the policy suggests {row['suggested_team']})"
    console.print(f"recorded {row['crime_id']} allocated to {row['team']}{against} by {row['by']} at {row['at']}",
                  highlight=False)


def register(app: typer.Typer) -> None:
    app.add_typer(allocation_app, name="allocation")
