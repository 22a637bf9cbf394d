"""The allocation policy on hand-built cases (handmade.py): suggested teams with reasons, the
cases allocated against the policy, recording an allocation, and the command."""

from __future__ import annotations

import datetime as dt
import json
from importlib import resources

import pytest

from stalkscreen import store
from stalkscreen.allocation import policy as allocation_policy
from stalkscreen.allocation import record, suggest
from stalkscreen.errors import StalkscreenError
from stalkscreen.reference import offences

from .handmade import AS_OF, build

@pytest.fixture(scope="module")
def db(tmp_path_factory):
    return build(tmp_path_factory.mktemp("allocation") / "store.duckdb")


def run(db, policy=None):
    catalogue = offences.load()
    with store.connect(db, read_only=True) as con:
        return {r["crime_id"]: r for r in suggest.suggestions(con, policy or allocation_policy.load(None, catalogue),
                                                              catalogue, AS_OF)}


@pytest.fixture(scope="module")
def rows(db):
    return run(db)


def test_every_open_stalking_case_and_only_those_gets_a_suggestion(rows):
    assert sorted(rows, key=lambda c: int(c[1:])) == ["A1", "A2", "A3", "A4", "A5", "A6", "A7", "A10"]


def test_each_case_gets_the_team_of_the_first_rule_it_meets(rows):
    assert {c: (r["suggested_team"], r["rule"]) for c, r in rows.items()} == {
        "A1": ("RDAIT", "high_risk"), "A2": ("CID", "below_threshold"), "A3": ("RDAIT", "stalking_with_violence"),
        "A4": ("RDAIT", "high_risk"), "A5": ("CID", "below_threshold"), "A6": ("CID", "below_threshold"),
        "A7": ("CID", "below_threshold"), "A10": ("RDAIT", "high_risk")}


def test_the_suggestion_carries_the_rules_reason_and_the_policy_version(rows):
    assert (rows["A3"]["reason"], rows["A3"]["policy_version"]) == (
        "stalking with violence: a violent or sexual offence is recorded on the case", "2026.11-1")


def test_a_team_recorded_under_another_name_counts_as_the_policy_team(rows):
    assert (rows["A1"]["matches_policy"], rows["A10"]["matches_policy"]) == (True, True)


def test_the_exceptions_are_the_cases_allocated_against_the_policy_each_with_its_problem(db):
    catalogue = offences.load()
    with store.connect(db, read_only=True) as con:
        found = suggest.exceptions(con, allocation_policy.load(None, catalogue), catalogue, AS_OF)
    assert {r["crime_id"]: r["problem"] for r in found} == {
        "A3": "allocated to CID; the policy suggests RDAIT: escalate",
        "A4": "allocated to CID; the policy suggests RDAIT: escalate (risk rose from medium to high on 2026-10-20, "
              "after allocation on 2026-09-04)",
        "A5": "not allocated; the policy suggests CID",
        "A6": "allocated to 'response', not a team of the policy; the policy suggests CID",
        "A7": "allocated to RDAIT, above the policy's CID"}


def test_recording_an_allocation_makes_it_the_cases_team(db, tmp_path):
    copy = tmp_path / "copy.duckdb"
    copy.write_bytes(db.read_bytes())
    catalogue = offences.load()
    policy = allocation_policy.load(None, catalogue)
    with store.connect(copy) as con:
        row = record.set_team(con, policy, catalogue, "A4", "rdait", "risk rose to high", "DI 4",
                              now=dt.datetime(2026, 10, 21, 9, 0))
    after = run(copy)["A4"]
    assert (row["team"], row["suggested_team"], after["recorded_team"], after["matches_policy"],
            after["allocation_reason"]) == ("RDAIT", "RDAIT", "RDAIT", True, "risk rose to high")


def test_recording_an_unknown_team_is_refused_naming_the_teams(db):
    catalogue = offences.load()
    with store.connect(db) as con, pytest.raises(StalkscreenError) as err:
        record.set_team(con, allocation_policy.load(None, catalogue), catalogue, "A4", "NPT", "x", "y")
    assert (err.value.message, err.value.hint) == ("team 'NPT': not a team of the allocation policy 2026.11-1",
                                                   "one of: RDAIT, CID")


def test_a_policy_condition_on_domestic_abuse_applies(db, tmp_path):
    text = (resources.files("stalkscreen.reference") / "allocation.yaml").read_text(encoding="utf-8")
    text = text.replace("when: {offence_groups: [violence, sexual]}", "when: {domestic_abuse: true}")
    path = tmp_path / "policy.yaml"
    path.write_text(text, encoding="utf-8")
    rows = run(db, allocation_policy.load(path, offences.load()))
    assert [c for c, r in rows.items() if r["rule"] == "stalking_with_violence"] == []  # A1, A4 are high risk first
    assert rows["A3"]["suggested_team"] == "CID"


def test_the_command_lists_the_exceptions_as_json(db, cli):
    code, out, _ = cli("--db", db, "allocation", "--exceptions", "--as-of", "2026-10-31", "--format", "json")
    assert (code, [r["crime_id"] for r in json.loads(out)]) == (0, ["A3", "A4", "A5", "A6", "A7"])


def test_the_command_records_an_allocation_and_the_list_shows_it(db, tmp_path, cli):
    copy = tmp_path / "copy.duckdb"
    copy.write_bytes(db.read_bytes())
    code, _, err = cli("--db", copy, "allocation", "set", "A5", "CID", "--reason", "volume", "--by", "DS 2")
    listed = cli("--db", copy, "allocation", "--format", "json")[1]  # as of today: the allocation is now
    a5 = next(r for r in json.loads(listed) if r["crime_id"] == "A5")
    assert (code, "recorded A5 allocated to CID by DS 2" in err, a5["recorded_team"], a5["matches_policy"]) == (
        0, True, "CID", True)


def test_set_without_a_reason_is_refused(db, tmp_path, cli):
    copy = tmp_path / "copy.duckdb"
    copy.write_bytes(db.read_bytes())
    code, _, err = cli("--db", copy, "allocation", "set", "A5", "CID", "--by", "DS 2")
    assert (code, "error: say why (--reason) and who decided (--by)" in err) == (2, True)
