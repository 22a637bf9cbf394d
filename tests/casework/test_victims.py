"""Victims' Code compliance on the hand-built store (handmade.py): the March 2026 cohort is the
victims of C1 (Mon 2 Mar), C2 (Fri 6 Mar), C3 (Sat 7 Mar) and C7 (Fri 20 Mar)."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from stalkscreen import store
from stalkscreen.casework import rules as casework_rules
from stalkscreen.casework import victims
from stalkscreen.errors import StalkscreenError
from stalkscreen.oversight import measures
from stalkscreen.reference import offences

from .handmade import AS_OF, build

MARCH = victims.parse_month("2026-03")


@pytest.fixture(scope="module")
def con(tmp_path_factory):
    con = store.connect(build(tmp_path_factory.mktemp("victims") / "store.duckdb"), read_only=True)
    yield con
    con.close()


def figures(con, by_team=False, as_of=AS_OF, period=MARCH):
    rows = victims.figures(con, casework_rules.load(), offences.load(), period, as_of, by_team)
    return {(r["measure"], r["team"]): (r["numerator"], r["denominator"], r["exceptions"]) for r in rows}


def listed(con, measure, team=None, as_of=AS_OF, period=MARCH):
    return [(r["person_record_id"], r["state"], r["reason"])
            for r in victims.exceptions(con, casework_rules.load(), offences.load(), period, as_of, measure, team)]


def test_needs_assessment_within_five_working_days_counts_a_saturday_crime_from_its_friday(con):
    # C3 recorded Saturday 7 March: due Friday 13 March, assessed that day
    assert listed(con, "needs_assessment") == [
        ("V2", "late", "late: 2026-03-14, due 2026-03-13"), ("V7", "missing", "not recorded, due 2026-03-27")]


def test_each_right_has_its_figure(con):
    got = figures(con)
    assert [got[(m, "all")] for m in ("needs_assessment", "care_card", "referral_offered", "update_given")] == [
        (2, 4, 2), (2, 4, 2), (2, 4, 2), (1, 4, 3)]


def test_an_update_after_an_arrest_is_due_the_next_working_day_and_only_where_there_was_one(con):
    # C1's suspect arrested Wednesday 4 March; the first update after it came on 20 March
    assert (figures(con)[("arrest_update", "all")], listed(con, "arrest_update")) == (
        (0, 1, 1), [("V1", "late", "late: 2026-03-20, due 2026-03-05")])


def test_a_declined_referral_is_a_referral_offer_on_time(con):
    assert [v for v, _, _ in listed(con, "referral_offered")] == ["V3", "V7"]


def test_the_referral_rate_counts_referrals_made_and_lists_why_the_rest_were_not(con):
    assert (figures(con)[("referral_rate", "all")], listed(con, "referral_rate")) == ((1, 4, 3), [
        ("V2", "missing", "referral declined by the victim"), ("V3", "missing", "no referral offered"),
        ("V7", "missing", "no referral offered")])


def test_the_rolling_referral_rate_covers_the_twelve_months_to_the_month(con):
    # April 2025 to March 2026: the March four and C9's victim (June 2025), not C10's (March 2025)
    assert figures(con)[("referral_rate_rolling", "all")] == (2, 5, 3)


def test_figures_by_team_follow_the_latest_allocation(con):
    got = figures(con, by_team=True)
    assert (got[("needs_assessment", "CID")], got[("needs_assessment", "DA team")],
            got[("needs_assessment", "unallocated")]) == ((1, 2, 1), (0, 1, 1), (1, 1, 0))


def test_an_exception_list_can_be_limited_to_a_team(con):
    assert listed(con, "needs_assessment", team="CID") == [("V7", "missing", "not recorded, due 2026-03-27")]


def test_a_victim_not_yet_due_is_pending_and_outside_the_denominator(con):
    rows = victims.figures(con, casework_rules.load(), offences.load(), victims.parse_month("2026-10"),
                           dt.date(2026, 10, 21))
    assert next((r["numerator"], r["denominator"], r["pending"]) for r in rows
                if r["measure"] == "needs_assessment") == (0, 0, 1)


def test_the_month_figures_agree_with_the_plans_measures(con):
    got = figures(con)
    shared = measures.referral_rate(con, MARCH.first, MARCH.last)
    assert got[("referral_rate", "all")][:2] == (shared["numerator"], shared["denominator"])


def test_an_unknown_measure_is_refused_naming_the_measures(con):
    with pytest.raises(StalkscreenError, match="no Victims' Code rule 'vna'"):
        listed(con, "vna")


def test_a_month_that_is_not_a_month_is_refused():
    with pytest.raises(StalkscreenError, match="--month '2026-13' is not a month"):
        victims.parse_month("2026-13")


def test_the_command_gives_the_figures_as_json(tmp_path, cli):
    db = build(tmp_path / "store.duckdb")
    code, out, _ = cli("--db", db, "victims", "--month", "2026-03", "--as-of", "2026-10-31", "--format", "json")
    rows = {r["measure"]: (r["numerator"], r["denominator"]) for r in json.loads(out)}
    assert (code, rows["needs_assessment"], rows["referral_rate_rolling"]) == (0, (2, 4), (2, 5))


def test_the_command_lists_the_exceptions_behind_a_figure(tmp_path, cli):
    db = build(tmp_path / "store.duckdb")
    code, out, _ = cli("--db", db, "victims", "--month", "2026-03", "--as-of", "2026-10-31", "--exceptions",
                       "care_card", "--format", "json")
    assert (code, [(r["person_record_id"], r["state"]) for r in json.loads(out)]) == (0, [("V3", "missing"),
                                                                                        ("V7", "late")])


def test_a_force_rules_file_changes_a_deadline(tmp_path, cli):
    from importlib import resources

    text = (resources.files("stalkscreen.reference") / "casework.yaml").read_text(encoding="utf-8")
    rules = tmp_path / "force.yaml"
    rules.write_text(text.replace("    within: 5\n", "    within: 1\n", 1), encoding="utf-8")
    db = build(tmp_path / "store.duckdb")
    code, out, _ = cli("--db", db, "victims", "--month", "2026-03", "--as-of", "2026-10-31", "--rules", rules,
                       "--format", "json")
    row = next(r for r in json.loads(out) if r["measure"] == "needs_assessment")
    assert (code, row["numerator"], row["rule"]) == (0, 0, "needs assessment completed within 1 working days")
