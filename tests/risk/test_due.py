"""`risk due` on the hand-built store (handmade.py): each reason an S-DASH is due, reviews overdue,
and the cases that must not be listed."""

from __future__ import annotations

import datetime as dt

from stalkscreen import store
from stalkscreen.risk import record
from stalkscreen.risk.due import risk_due

from .conftest import dash, sdash, write_json
from .handmade import AS_OF


def _due(db, as_of=AS_OF) -> dict[str, dict]:
    with store.connect(db, read_only=True) as con:
        return {r["crime_id"]: r for r in risk_due(con, as_of)}


def test_a_dyad_with_three_linked_records_and_no_sdash_is_due_on_its_latest_record(db):
    assert _due(db)["R3"] == {"crime_id": "R3", "person_record_id": "V1c", "kind": "missing",
                              "reason": "S-DASH due: 3 linked incidents, none assessed",
                              "due_since": dt.date(2026, 9, 20)}


def test_a_dash_with_question_8_answered_yes_makes_an_sdash_due(db):
    assert _due(db)["R6"] == {"crime_id": "R6", "person_record_id": "V6", "kind": "missing",
                              "reason": "S-DASH due: DASH question 8 answered yes (RA6), none assessed",
                              "due_since": dt.date(2026, 10, 5)}


def test_an_indicated_flag_awaiting_review_makes_an_sdash_due(db):
    assert _due(db)["R8"] == {"crime_id": "R8", "person_record_id": "V8", "kind": "missing",
                              "reason": "S-DASH due: screening flag awaiting review, none assessed",
                              "due_since": dt.date(2026, 10, 12)}


def test_an_sdash_past_its_review_interval_is_overdue(db):
    assert _due(db)["R4"] == {"crime_id": "R4", "person_record_id": "V4a", "kind": "review_overdue",
                              "reason": "S-DASH review overdue since 2026-09-29", "due_since": dt.date(2026, 9, 29)}


def test_nothing_else_is_listed(db):
    # R5: its dyad's S-DASH on R4 covers it; R7: q8 no; R9: flag rejected; R10: S-DASH done, review
    # not due; R11: finalised; R12: outside the window; R13: a single record.
    assert sorted(_due(db)) == ["R3", "R4", "R6", "R8"]


def test_as_of_an_earlier_day_only_what_was_due_then_is_listed(db):
    # 2026-10-06: R3 is not yet recorded (the dyad has two records, due since R2), R8 not yet recorded.
    rows = _due(db, dt.date(2026, 10, 6))
    assert {k: (r["reason"], r["due_since"]) for k, r in rows.items()} == {
        "R2": ("S-DASH due: 2 linked incidents, none assessed", dt.date(2026, 9, 20)),
        "R4": ("S-DASH review overdue since 2026-09-29", dt.date(2026, 9, 29)),
        "R6": ("S-DASH due: DASH question 8 answered yes (RA6), none assessed", dt.date(2026, 10, 5))}


def test_a_recorded_sdash_clears_the_dyad_and_starts_its_own_review_clock(db, bank, tmp_path):
    with store.connect(db) as con:
        record.run(con, write_json(tmp_path, sdash("NEW2", crime="R1", person="V1a", completed_at="2026-10-02T10:00")),
                   bank, now=dt.datetime(2026, 10, 31, 12))
    rows = _due(db)
    assert ("R3" in rows, rows["R1"]["reason"]) == (False, "S-DASH review overdue since 2026-10-30")


def test_a_recorded_dash_with_question_8_yes_makes_an_sdash_due(db, bank, tmp_path):
    data = dash("NEW1")
    data["answers"]["q8"] = "Yes"
    with store.connect(db) as con:
        record.run(con, write_json(tmp_path, data), bank, now=dt.datetime(2026, 10, 31, 12))
    assert _due(db)["R7"]["reason"] == "S-DASH due: DASH question 8 answered yes (NEW1), none assessed"


def test_two_reasons_for_one_victim_make_one_row(db):
    with store.connect(db) as con:
        con.execute("INSERT INTO screening_results (crime_id, indicated, score, priority, reasons, narrative_score, "
                    "narrative_indicated, evidence_items, crime_ingest_run_id, narrative_key, result_hash, "
                    "rules_version, lexicon_version, screen_run_id, screened_at) VALUES ('R6', true, 0.8, 'high', [], "
                    "0.5, true, [], 1, 'k', 'h', 'r', 'l', 1, '2026-10-15 09:00')")
    with store.connect(db, read_only=True) as con:
        rows = [r for r in risk_due(con, AS_OF) if r["crime_id"] == "R6"]
    assert [r["reason"] for r in rows] == ["S-DASH due: DASH question 8 answered yes (RA6); screening flag awaiting "
                                           "review, none assessed"]
