"""The SPO-consideration exception list: stalking cases (principal, included or accepted flag)
with no SPO consideration after N days (handmade.py)."""

from __future__ import annotations

import pytest

from stalkscreen import store
from stalkscreen.casework import consideration, rules as casework_rules
from stalkscreen.oversight import measures
from stalkscreen.reference import offences

from .handmade import AS_OF, build


@pytest.fixture(scope="module")
def con(tmp_path_factory):
    con = store.connect(build(tmp_path_factory.mktemp("spo") / "store.duckdb"), read_only=True)
    yield con
    con.close()


def run(con, **kwargs):
    return consideration.spo_exceptions(con, casework_rules.load(), offences.load(), AS_OF, **kwargs)


def test_cases_without_a_consideration_after_28_days_are_listed_oldest_first(con):
    _, rows = run(con)
    assert [r["crime_id"] for r in rows] == ["C10", "C9", "C11", "C12"]


def test_an_accepted_screening_flag_makes_a_stalking_case_and_a_rejected_one_does_not(con):
    _, rows = run(con)
    assert ({r["crime_id"]: r["stalking_as"] for r in rows}.get("C12"), "C5" in {r["crime_id"] for r in rows}) == (
        "accepted flag", False)


def test_a_consideration_is_a_case_event_or_an_spo_at_any_step_against_a_suspect_on_the_crime(con):
    _, rows = run(con)  # C1: case event; C2: SPO made; C3: SPO not pursued; C7: SPO discharged
    assert {"C1", "C2", "C3", "C7"} & {r["crime_id"] for r in rows} == set()


def test_the_figure_is_the_cases_due_less_the_list_over_the_cases_due(con):
    figure, rows = run(con)
    assert (figure["numerator"], figure["denominator"], figure["exceptions"], len(rows)) == (4, 8, 4, 4)


def test_a_case_recorded_fewer_days_ago_than_configured_is_not_yet_due(con):
    assert (run(con)[0]["denominator"], run(con, days=5)[0]["denominator"]) == (8, 9)


def test_the_figure_agrees_with_the_plans_measure_over_all_cases(con):
    figure, _ = run(con, days=0)
    shared = measures.spo_consideration(con)
    assert (figure["numerator"], figure["denominator"]) == (shared["numerator"], shared["denominator"])


def test_the_command_prints_the_list_and_the_figure(tmp_path, cli):
    db = build(tmp_path / "store.duckdb")
    code, out, err = cli("--db", db, "orders", "unconsidered", "--as-of", "2026-10-31", "--format", "csv")
    assert (code, [line.split(",")[0] for line in out.splitlines()[1:]]) == (0, ["C10", "C9", "C11", "C12"])
