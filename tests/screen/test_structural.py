"""The structural rules, one at a time, on hand-made forces: course of conduct and its window,
ex-partners, breaches of orders, recorded stalking, the recording suggestion, and scope."""

from __future__ import annotations

import pytest

from stalkscreen.errors import StalkscreenError
from stalkscreen.screen import rules

from .conftest import opened, screen
from .handmade import HandMade

PACK = rules.load()
W = {rule_id: rule.weight for rule_id, rule in PACK.rules.items()}


def _results(db) -> dict[str, dict]:
    with opened(db, read_only=True) as con:
        cursor = con.execute("SELECT * FROM screening_results")
        names = [d[0] for d in cursor.description]
        return {row[0]: dict(zip(names, row)) for row in cursor.fetchall()}


def _rules(result: dict) -> list[str]:
    return [r["rule"] for r in result["reasons"]]


def _reason(result: dict, rule: str) -> dict:
    return next(r for r in result["reasons"] if r["rule"] == rule)


@pytest.fixture
def conduct(tmp_path):
    """One suspect and victim (acquaintances): harassment, then a malicious message 100 days later,
    then an assault 365 days after the first; the same victim and another suspect 366 days apart."""
    force = HandMade(tmp_path / "s.duckdb")
    force.crime("C1", "2025-01-01 10:00", "SS8L-01").party("C1", "S", "V")
    force.crime("C2", "2025-04-11 10:00", "SS8R-01").party("C2", "S", "V")
    force.crime("C3", "2026-01-01 10:00", "SSVI-02").party("C3", "S", "V")
    force.crime("C4", "2025-01-01 10:00", "SSTH-01").party("C4", "T", "V")
    force.crime("C5", "2026-01-02 10:00", "SSTH-01").party("C5", "T", "V")
    db = force.close()
    screen(db)
    return _results(db)


def test_a_course_of_conduct_is_found_across_classifications(conduct):
    assert all("conduct.dyad" in _rules(conduct[c]) for c in ("C1", "C2", "C3"))


def test_conduct_evidence_is_the_other_crimes_of_the_dyad_within_the_window_by_date(conduct):
    evidence = {c: [e["crime_id"] for e in _reason(conduct[c], "conduct.dyad")["evidence"]] for c in ("C1", "C2", "C3")}
    assert evidence == {"C1": ["C2", "C3"], "C2": ["C1", "C3"], "C3": ["C1", "C2"]}


def test_conduct_evidence_names_each_linked_crimes_date_and_principal_offence(conduct):
    assert _reason(conduct["C1"], "conduct.dyad")["evidence"][0]["text"] == (
        "2025-04-11 SS8R-01 Sending letters etc with intent to cause distress or anxiety")


def test_two_crimes_366_days_apart_are_screened_but_not_a_course_of_conduct(conduct):
    assert (conduct["C4"]["reasons"], conduct["C5"]["reasons"], conduct["C4"]["indicated"]) == ([], [], False)


def test_the_score_combines_the_weights_of_the_rules_that_fired(conduct):
    expected = round(1 - (1 - W["conduct.dyad"]) * (1 - W["offence.adjacent"]), 6)
    assert (conduct["C1"]["score"], conduct["C1"]["narrative_score"]) == (expected, 0.0)


def test_a_crime_of_the_dyad_carries_its_dyad_id(conduct):
    assert {conduct[c]["dyad_id"] for c in ("C1", "C2", "C3")} == {"D-S-V"}


def test_harassment_in_a_course_of_conduct_is_suggested_as_stalking_principal(conduct):
    assert (conduct["C1"]["suggested_offence_code"], conduct["C1"]["suggested_role"]) == ("195/12", "principal")


def test_a_more_serious_principal_keeps_its_place_and_stalking_is_suggested_as_included(conduct):
    assert (conduct["C3"]["suggested_offence_code"], conduct["C3"]["suggested_role"]) == ("195/12", "included")


def test_the_suggestion_is_explained_as_a_reason_of_its_own(conduct):
    gap = _reason(conduct["C3"], "classification.included_gap")["evidence"][0]["text"]
    assert "recorded as SSVI-02 Assault occasioning actual bodily harm without stalking" in gap
    assert gap.endswith("as an included classification beside the more serious principal")


def test_the_evidence_fingerprint_lists_the_rules_and_linked_crimes(conduct):
    assert conduct["C1"]["evidence_items"] == ["crime:C2", "crime:C3", "rule:conduct.dyad", "rule:offence.adjacent"]


@pytest.fixture
def recorded(tmp_path):
    force = HandMade(tmp_path / "s.duckdb")
    force.crime("R1", "2025-01-01 10:00", "195/12").party("R1", "S", "V")
    force.crime("R2", "2025-02-01 10:00", "SSVI-01", included=("8/65",)).party("R2", "Q", "W")
    force.crime("A1", "2025-03-01 10:00", "125/12").party("A1", "P", "X")
    force.crime("T1", "2025-03-01 10:00", "SSTH-01").party("T1", "P", "Y")
    db = force.close()
    screen(db)
    return _results(db)


def test_a_crime_recorded_as_stalking_is_indicated_without_a_suggestion(recorded):
    r = recorded["R1"]
    assert (r["indicated"], r["score"], r["stalking_recorded"], r["suggested_role"]) == (True, 1.0, "principal", None)


def test_stalking_as_an_included_offence_counts_as_recorded(recorded):
    assert (recorded["R2"]["stalking_recorded"], recorded["R2"]["suggested_role"]) == ("included", None)


def test_one_adjacent_crime_alone_is_screened_at_low_priority_and_not_indicated(recorded):
    r = recorded["A1"]
    assert (r["indicated"], r["score"], r["priority"], _rules(r)) == (False, W["offence.adjacent"], "low",
                                                                     ["offence.adjacent"])


def test_a_theft_outside_any_course_of_conduct_is_not_screened(recorded):
    assert "T1" not in recorded


@pytest.fixture
def orders(tmp_path):
    """Orders made on O0 (suspect S, victim V): crimes by S against V before, during and after
    its life; one against another victim; and a discharged order."""
    force = HandMade(tmp_path / "s.duckdb")
    force.crime("O0", "2024-01-01 10:00", "SS8L-01").party("O0", "S", "V")
    force.order("ORD1", "O0", made_on="2024-06-01", expires_on="2026-06-01")
    force.crime("B1", "2024-05-01 10:00", "SSTH-01").party("B1", "S", "V")
    force.crime("B2", "2025-09-01 10:00", "SSVI-01").party("B2", "S", "V")
    force.crime("B3", "2026-07-01 10:00", "SSTH-01").party("B3", "S", "V")
    force.crime("B4", "2025-09-01 10:00", "SSVI-01").party("B4", "S", "Z")
    force.crime("P0", "2024-01-01 10:00", "SSCD-03").party("P0", "K", "M")
    force.order("ORD2", "P0", made_on="2024-02-01", discharged_on="2024-03-01 09:00", order_type="NMO")
    force.crime("P1", "2024-04-01 10:00", "SSCD-03").party("P1", "K", "M")
    db = force.close()
    screen(db)
    return _results(db)


def test_a_crime_against_the_protected_person_in_the_orders_life_is_a_breach_at_high_priority(orders):
    r = orders["B2"]
    assert ("order.breach" in _rules(r), r["priority"], r["indicated"]) == (True, "high", True)


def test_the_breach_evidence_names_the_order_and_its_life(orders):
    assert _reason(orders["B2"], "order.breach")["evidence"][0]["text"] == (
        "order ORD1 (SPO) made 2024-06-01, in force to 2026-06-01: the suspect is its subject and the victim its "
        "protected person")


def test_crimes_before_the_order_was_made_or_after_it_expired_are_not_breaches(orders):
    assert [c for c in ("B1", "B3") if "order.breach" in _rules(orders[c])] == []


def test_a_crime_against_someone_else_is_not_a_breach(orders):
    assert "B4" not in orders  # a theft of one occasion against another victim: not even in scope


def test_a_crime_after_the_order_was_discharged_is_not_a_breach(orders):
    assert "order.breach" not in _rules(orders["P1"])


def test_an_ex_partner_course_of_conduct_adds_its_rule_and_weight_the_suggestion_coming_last(tmp_path):
    force = HandMade(tmp_path / "s.duckdb")
    force.crime("E1", "2025-01-01 10:00", "SSCA-02").party("E1", "S", "V", "ex_partner")
    force.crime("E2", "2025-01-20 10:00", "SSCA-02").party("E2", "S", "V", "ex_partner")
    db = force.close()
    screen(db)
    r = _results(db)["E1"]
    expected = round(1 - (1 - W["conduct.dyad"]) * (1 - W["conduct.ex_partner"]) * (1 - W["offence.adjacent"]), 6)
    assert (_rules(r), r["score"]) == (
        ["conduct.dyad", "conduct.ex_partner", "offence.adjacent", "classification.included_gap"], expected)


def test_screening_a_store_that_was_never_linked_says_to_run_link_first(tmp_path):
    force = HandMade(tmp_path / "s.duckdb", linked=False)
    force.crime("C1", "2025-01-01 10:00", "SS8L-01")
    db = force.close()
    with pytest.raises(StalkscreenError, match="`stalkscreen link` has not run") as caught:
        screen(db)
    assert caught.value.hint == "run `stalkscreen link`, then `stalkscreen screen`"
