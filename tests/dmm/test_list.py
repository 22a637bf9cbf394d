"""The DMM list for Monday 2 November 2026 on the hand-built store (handmade.py): exactly the
hand-checked lines, each saying why and how to open the case."""

from __future__ import annotations

import dataclasses

import pytest

from stalkscreen import store
from stalkscreen.casework import rules as casework_rules
from stalkscreen.dmm import produce
from stalkscreen.dmm import rules as dmm_rules
from stalkscreen.reference import offences

from .handmade import EXPECTED, MEETING, build


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    return build(tmp_path_factory.mktemp("dmm") / "store.duckdb")


def make(db, rules=None, day=MEETING):
    with store.connect(db, read_only=True) as con:
        return produce.produce(con, day, rules or dmm_rules.load(), casework_rules.load(), offences.load())


@pytest.fixture(scope="module")
def made(db):
    return make(db)


def test_the_list_is_exactly_the_hand_checked_lines_in_order(made):
    got = [(x["section"], x["crime_id"], x["subject"], x["since"]) for x in made.lines()]
    assert got == EXPECTED


def test_the_monday_list_looks_back_72_hours_to_the_start_of_fridays_meeting_day(made):
    assert (str(made.window.start), str(made.window.end), made.window.hours) == ("2026-10-30", "2026-11-02", 72)


def test_every_line_links_to_its_case_with_the_command_that_opens_it(made):
    assert all(x["open"] == f"stalkscreen dmm case {x['crime_id']}" for x in made.lines())


def test_lines_are_numbered_within_their_section(made):
    assert [x["position"] for x in made.sections["breaches"]] == [1, 2, 3, 4]


def reason(made, section, crime_id):
    return next(x["reason"] for x in made.sections[section] if x["crime_id"] == crime_id)


def test_a_case_whose_risk_rose_says_from_what(made):
    assert "risk rose from medium" in reason(made, "new_high_risk", "D2")


def test_a_new_case_says_it_is_new_and_when_it_was_recorded(made):
    assert "new case, recorded 2026-10-30" in reason(made, "new_high_risk", "D1")


def test_a_breach_step_names_the_order_and_the_crime_that_records_it(made):
    assert reason(made, "breaches", "B1").startswith("SPO OA breached 2026-10-31 14:00 (breach recorded on B1); "
                                                      "recorded as crime B1")


def test_a_breach_step_naming_no_crime_is_listed_under_the_orders_case_and_says_so(made):
    assert "no crime named for the breach" in reason(made, "breaches", "D4")


def test_a_breach_crime_that_no_order_step_names_says_so(made):
    assert "no breach step on an order names it" in reason(made, "breaches", "B2")


def test_a_flag_line_gives_its_priority_score_rules_and_suggestion(made):
    assert reason(made, "new_flags", "M1").startswith(
        "screening flag, high priority (score 0.80): conduct.dyad, narrative.following; suggests 8/66 as included")


def test_a_high_harm_line_gives_rank_run_and_the_new_crimes(made):
    assert reason(made, "high_harm", "H1").startswith("harm rank 1 of the top 20 (run 2, spec harm-test")
    assert reason(made, "high_harm", "H1").endswith("in the look-back: H1 (offence SS8L-01)")


def test_overdue_lines_say_which_action_and_when_it_was_due(made):
    assert (reason(made, "overdue", "S1").startswith("SPO decision overdue"),
            reason(made, "overdue", "N4").startswith("needs assessment completed not recorded for victim VN4: due 2026-10-30"),
            reason(made, "overdue", "R1").startswith("risk review overdue: S-DASH review overdue since 2026-10-31"),
            reason(made, "overdue", "M6").startswith("risk assessment missing: S-DASH due")) == (True, True, True, True)


def test_the_list_names_the_versions_it_was_made_from(made):
    assert {k: made.versions[k] for k in ("dmm_rules", "screen_run", "screening_rules", "harm_run", "harm_spec")} == {
        "dmm_rules": "2026.11-1", "screen_run": 7, "screening_rules": "rules-test", "harm_run": 2,
        "harm_spec": "harm-test"}


def test_top_n_is_configurable_so_a_lower_ranked_offender_with_new_activity_joins(db):
    wider = dataclasses.replace(dmm_rules.load(), harm_top=25)
    assert [x["subject"] for x in make(db, wider).sections["high_harm"]] == ["person PX", "person PW", "dyad DY1"]


def test_older_crimes_flagged_by_a_catch_up_run_join_when_the_age_limit_allows(db):
    wider = dataclasses.replace(dmm_rules.load(), flag_max_crime_age_days=90)
    assert [x["crime_id"] for x in make(db, wider).sections["new_flags"]] == ["M1", "M2", "M6"]


def test_on_tuesday_the_list_looks_back_over_monday_only(db):
    tuesday = make(db, day=MEETING.replace(day=3))
    assert (tuesday.window.hours, [x["crime_id"] for x in tuesday.sections["breaches"]]) == (24, ["B3"])


def test_a_section_can_be_switched_off_in_the_rules(db):
    fewer = dataclasses.replace(dmm_rules.load(), overdue_spo=False, overdue_needs_rule=None)
    assert [x["crime_id"] for x in make(db, fewer).sections["overdue"]] == ["M6", "R1"]


def test_an_overdue_review_on_a_crime_that_is_not_a_stalking_case_is_left_to_the_risk_list(made):
    # the risk stage lists X1's DASH review as overdue from 1 November; this meeting is about stalking
    assert [x["crime_id"] for x in made.sections["overdue"] if x["reason"].startswith("risk review")] == ["R1"]
