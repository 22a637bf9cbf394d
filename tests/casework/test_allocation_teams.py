"""A team recorded with `stalkscreen allocation set` is a case's team for the casework commands
(`victims --by-team`, `cases --team`), beside the export's `allocated` case events (handmade.py:
C1 CID, C2 "DA team", C3 unallocated; all three open and in the March 2026 cohort)."""

from __future__ import annotations

import datetime as dt
import json

from stalkscreen import store
from stalkscreen.allocation import policy as allocation_policy
from stalkscreen.allocation import record
from stalkscreen.casework import cases
from stalkscreen.casework import rules as casework_rules
from stalkscreen.reference import offences

from .handmade import AS_OF, build


def test_allocation_set_puts_an_unallocated_case_in_its_team_for_cases_and_victims(tmp_path, cli):
    db = build(tmp_path / "teams.duckdb")
    today = dt.date.today().isoformat()  # `allocation set` records the time it is run
    code, _, err = cli("--db", db, "allocation", "set", "C3", "RDAIT", "--reason", "stalking with MARAC risk",
                       "--by", "DI 1")
    assert (code, "recorded C3 allocated to RDAIT" in err) == (0, True)

    code, out, _ = cli("--db", db, "cases", "--missing", "multi_agency_referral", "--team", "RDAIT",
                       "--as-of", today, "--format", "json")
    assert (code, [(r["crime_id"], r["team"]) for r in json.loads(out)]) == (0, [("C3", "RDAIT")])

    code, out, _ = cli("--db", db, "victims", "--month", "2026-03", "--by-team", "--as-of", today, "--format", "json")
    teams = {r["team"]: (r["numerator"], r["denominator"]) for r in json.loads(out) if r["measure"] == "needs_assessment"}
    # C3's victim (assessed on time) moves from unallocated to RDAIT; C7's victim was CID already
    assert (code, teams) == (0, {"CID": (1, 2), "DA team": (0, 1), "RDAIT": (1, 1)})


def test_a_later_allocation_set_replaces_the_exports_team_from_its_time_on(tmp_path):
    db = build(tmp_path / "teams.duckdb")
    catalogue = offences.load()
    con = store.connect(db)
    try:
        # C2 came allocated to "DA team" on 6 March; recorded as moved to CID on 1 October
        record.set_team(con, allocation_policy.load(None, catalogue), catalogue, "C2", "CID", "below threshold",
                        "DI 1", now=dt.datetime(2026, 10, 1, 9, 0))
        teams = {day: {r["crime_id"]: r["team"] for r in
                       cases.missing(con, casework_rules.load(), catalogue, "arrest", day)[1]}
                 for day in (dt.date(2026, 9, 30), AS_OF)}
        cid = cases.missing(con, casework_rules.load(), catalogue, "arrest", AS_OF, team="CID")[1]
    finally:
        con.close()
    # no arrest on C2 or C3 (C1's suspect was arrested)
    assert (teams, [r["crime_id"] for r in cid]) == (
        {dt.date(2026, 9, 30): {"C2": "DA team", "C3": "unallocated"}, AS_OF: {"C2": "CID", "C3": "unallocated"}},
        ["C2"])
