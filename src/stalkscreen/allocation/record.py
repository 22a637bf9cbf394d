"""Recording the team a case is allocated to (`stalkscreen allocation set`), with who, when and
why, and what the policy suggested at the time. The canonical case_events stay the export's; this
table sits beside them and the view case_team_records reads both (migration 011)."""

from __future__ import annotations

import datetime as dt

import duckdb

from stalkscreen.allocation.policy import Policy
from stalkscreen.allocation.suggest import suggestions
from stalkscreen.errors import StalkscreenError
from stalkscreen.reference.offences import Catalogue


def set_team(con: duckdb.DuckDBPyConnection, policy: Policy, catalogue: Catalogue, crime_id: str, team: str,
             reason: str, by: str, now: dt.datetime | None = None) -> dict:
    """Record `team` (a policy team's id or a name it is recorded as) for the case; returns the row."""
    crime_id = crime_id.strip()
    if not con.execute("SELECT count(*) FROM crimes WHERE crime_id = ?", [crime_id]).fetchone()[0]:
        raise StalkscreenError(f"case '{crime_id}': no such crime in the store",
                               hint="list open stalking cases with `stalkscreen allocation`")
    team_id = policy.team_of(team)
    if team_id is None:
        raise StalkscreenError(f"team '{team}': not a team of the allocation policy {policy.version}",
                               hint="one of: " + ", ".join(policy.teams))
    if not reason.strip() or not by.strip():
        raise StalkscreenError("say why (--reason) and who decided (--by)",
                               hint="both are kept with the allocation, for audit")
    now = (now or dt.datetime.now()).replace(microsecond=0)
    found = suggestions(con, policy, catalogue, now.date(), crime_id)
    suggested = found[0]["suggested_team"] if found else None
    row = {"crime_id": crime_id, "team": team_id, "reason": reason.strip(), "by": by.strip(), "at": now,
           "suggested_team": suggested, "policy_version": policy.version}
    con.execute("""INSERT INTO case_allocations (crime_id, team, reason, "by", "at", suggested_team, policy_version)
                   VALUES (?, ?, ?, ?, ?, ?, ?)""", list(row.values()))
    return row
