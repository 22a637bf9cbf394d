"""Audit and survey samples: reproducible for a seed, stored, never including excluded victims;
audit answers stored and summarised as compliance rates."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from stalkscreen import store
from stalkscreen.casework import rules as casework_rules
from stalkscreen.casework import samples
from stalkscreen.errors import StalkscreenError
from stalkscreen.reference import offences
from stalkscreen.risk import instruments
from stalkscreen.risk import record as risk_record

from .handmade import build

YEAR = (dt.date(2025, 11, 1), dt.date(2026, 10, 31))
MARCH = (dt.date(2026, 3, 1), dt.date(2026, 3, 31))
APRIL = (dt.date(2026, 4, 1), dt.date(2026, 4, 30))


def opened(path):
    return store.connect(path)


def audit_members(db, n, seed, window=YEAR):
    con = opened(db)
    try:
        sample_id = samples.draw_audit(con, casework_rules.load(), offences.load(), n, seed, *window)
        return sample_id, [r[0] for r in con.execute(
            "SELECT crime_id FROM casework_sample_members WHERE sample_id = ? ORDER BY position", [sample_id]).fetchall()]
    finally:
        con.close()


def survey_members(db, n, seed, window):
    con = opened(db)
    try:
        sample_id = samples.draw_survey(con, casework_rules.load(), offences.load(), n, seed, *window)
        return sample_id, [r["person_record_id"] for r in samples.members(con, sample_id, "survey")]
    finally:
        con.close()


def test_an_audit_sample_is_the_same_for_the_same_seed_on_another_store(tmp_path):
    first = audit_members(build(tmp_path / "a.duckdb"), 4, 11)[1]
    assert audit_members(build(tmp_path / "b.duckdb"), 4, 11)[1] == first


def test_an_audit_sample_drawn_again_is_the_stored_one(tmp_path):
    db = build(tmp_path / "s.duckdb")
    assert audit_members(db, 4, 11) == audit_members(db, 4, 11)


def test_another_seed_draws_another_order(tmp_path):
    db = build(tmp_path / "s.duckdb")
    assert audit_members(db, 9, 11)[1] != audit_members(db, 9, 12)[1]


def test_the_audit_population_is_stalking_and_harassment_crimes_and_accepted_flags(tmp_path):
    # in the year: C1, C2, C3 (flag accepted), C4 (harassment), C6, C7, C11, C12 (flag accepted); not C5 (flag
    # rejected) nor C8 (a breach)
    assert sorted(audit_members(build(tmp_path / "s.duckdb"), 50, 1)[1]) == sorted(
        ["C1", "C2", "C3", "C4", "C6", "C7", "C11", "C12"])


def test_a_survey_never_samples_a_victim_who_declined_contact(tmp_path):
    # March's victims are V1, V2, V3 and V7; V2 declined contact
    assert sorted(survey_members(build(tmp_path / "s.duckdb"), 10, 1, MARCH)[1]) == ["V1", "V3", "V7"]


def test_a_survey_leaves_out_a_person_surveyed_in_a_recent_month_under_another_record(tmp_path):
    db = build(tmp_path / "s.duckdb")
    survey_members(db, 10, 1, MARCH)  # V1 surveyed in March; V11 is the same person
    assert survey_members(db, 10, 1, APRIL)[1] == ["V12"]


def test_a_second_survey_of_a_month_leaves_out_those_already_sampled(tmp_path):
    db = build(tmp_path / "s.duckdb")
    _, first = survey_members(db, 1, 1, MARCH)
    _, second = survey_members(db, 10, 2, MARCH)
    assert (len(first), sorted(first + second)) == (1, ["V1", "V3", "V7"])


def test_a_survey_drawn_again_with_its_seed_is_the_same(tmp_path):
    db = build(tmp_path / "s.duckdb")
    assert survey_members(db, 2, 5, MARCH) == survey_members(db, 2, 5, MARCH)


def test_the_stored_survey_records_its_population_and_exclusions(tmp_path):
    db = build(tmp_path / "s.duckdb")
    sample_id, _ = survey_members(db, 2, 5, MARCH)
    con = opened(db)
    try:
        row = con.execute("SELECT kind, seed, requested, drawn, population, excluded, rules_version FROM "
                          "casework_samples WHERE sample_id = ?", [sample_id]).fetchone()
    finally:
        con.close()
    assert row == ("survey", 5, 2, 2, 4, 1, casework_rules.load().version)


def test_answers_are_summarised_as_yes_of_yes_and_no_with_the_latest_answer_standing(tmp_path):
    db = build(tmp_path / "s.duckdb")
    sample_id, crimes = audit_members(db, 3, 11)
    con, rules = opened(db), casework_rules.load()
    try:
        samples.answer(con, rules, sample_id, crimes[0], "risk_assessment", "no", "DS A")
        samples.answer(con, rules, sample_id, crimes[0], "risk_assessment", "yes", "DS A", "found on the file")
        samples.answer(con, rules, sample_id, crimes[1], "risk_assessment", "no", "DS A")
        samples.answer(con, rules, sample_id, crimes[2], "risk_assessment", "not applicable", "DS A")
        row = next(r for r in samples.summary(con, rules, sample_id) if r["question"] == "risk_assessment")
    finally:
        con.close()
    assert (row["yes"], row["no"], row["not_applicable"], row["unanswered"], row["rate"]) == (1, 1, 1, 0, 0.5)


def test_an_answer_for_a_crime_outside_the_sample_is_refused(tmp_path):
    db = build(tmp_path / "s.duckdb")
    sample_id, _ = audit_members(db, 1, 11)
    con = opened(db)
    try:
        with pytest.raises(StalkscreenError, match=f"--crime 'C99': not in audit sample {sample_id}"):
            samples.answer(con, casework_rules.load(), sample_id, "C99", "risk_assessment", "yes", "DS A")
    finally:
        con.close()


def test_the_checklist_shows_what_the_records_say(tmp_path):
    db = build(tmp_path / "s.duckdb")
    con = opened(db)
    try:
        sample_id = samples.draw_audit(con, casework_rules.load(), offences.load(), 50, 1, *YEAR)
        rows = {r["crime_id"]: r for r in samples.checklist(con, casework_rules.load(), offences.load(), sample_id)}
    finally:
        con.close()
    c1, c2 = rows["C1"], rows["C2"]
    assert ((c1["stalking_recorded"], c1["spo_considered"], c1["needs_assessment"]),
            (c2["stalking_recorded"], c2["spo_considered"], c2["enquiry_and_supervision"])) == (
        ("principal", "yes", "yes"), ("included", "yes", "enquiry no, supervision no"))


def test_the_checklist_counts_a_risk_assessment_recorded_with_risk_record(tmp_path):
    db = build(tmp_path / "s.duckdb")
    bank = instruments.load()
    answers = {item.id: "no" for item in bank.instruments[("S-DASH", "2009")].items}
    path = tmp_path / "sdash.json"
    path.write_text(json.dumps({
        "assessment_id": "RR1", "crime_id": "C1", "person_record_id": "V1", "instrument": "S-DASH",
        "instrument_version": "2009", "completed_at": "2026-03-03T10:00", "assessor": "PC 1",
        "assessor_level": "medium", "answers": answers}), encoding="utf-8")
    con = opened(db)
    try:
        sample_id = samples.draw_audit(con, casework_rules.load(), offences.load(), 50, 1, *YEAR)
        before = {r["crime_id"]: r["risk_assessment"]
                  for r in samples.checklist(con, casework_rules.load(), offences.load(), sample_id)}
        risk_record.run(con, path, bank)
        after = {r["crime_id"]: r["risk_assessment"]
                 for r in samples.checklist(con, casework_rules.load(), offences.load(), sample_id)}
    finally:
        con.close()
    assert (before["C1"], after["C1"], after["C2"]) == ("no", "yes", "no")


def test_the_sample_commands_draw_answer_and_summarise(tmp_path, cli):
    db = build(tmp_path / "s.duckdb")
    code, out, _ = cli("--db", db, "sample", "audit", "--n", "2", "--seed", "4", "--from", "2025-11-01",
                       "--to", "2026-10-31", "--format", "json")
    crime = json.loads(out)[0]["crime_id"]
    cli("--db", db, "sample", "answer", "--sample", "1", "--crime", crime, "--question", "spo_considered",
        "--answer", "yes", "--by", "DS A")
    code, out, _ = cli("--db", db, "sample", "summary", "--sample", "1", "--format", "json")
    row = next(r for r in json.loads(out) if r["question"] == "spo_considered")
    assert (code, row["yes"], row["unanswered"], row["rate"]) == (0, 1, 1, 1.0)


def test_the_survey_command_samples_the_month(tmp_path, cli):
    db = build(tmp_path / "s.duckdb")
    code, out, _ = cli("--db", db, "sample", "survey", "--n", "10", "--month", "2026-03", "--format", "json")
    assert (code, sorted(r["person_record_id"] for r in json.loads(out))) == (0, ["V1", "V3", "V7"])


def test_answers_from_a_file_are_stored_all_together(tmp_path):
    db = build(tmp_path / "s.duckdb")
    sample_id, crimes = audit_members(db, 2, 11)
    path = tmp_path / "answers.csv"
    path.write_text(f"crime_id,question,answer,note\n{crimes[0]},spo_considered,yes,\n{crimes[1]},spo_considered,No,"
                    "none on file\n", encoding="utf-8")
    con = opened(db)
    try:
        stored = samples.import_answers(con, casework_rules.load(), sample_id, path, "DS A")
        row = next(r for r in samples.summary(con, casework_rules.load(), sample_id) if r["question"] == "spo_considered")
    finally:
        con.close()
    assert (stored, row["yes"], row["no"], row["rate"]) == (2, 1, 1, 0.5)


def test_a_bad_row_in_an_answers_file_stores_nothing_and_names_its_line(tmp_path):
    db = build(tmp_path / "s.duckdb")
    sample_id, crimes = audit_members(db, 1, 11)
    path = tmp_path / "answers.csv"
    path.write_text(f"crime_id,question,answer\n{crimes[0]},spo_considered,yes\n{crimes[0]},risk,yes\n", encoding="utf-8")
    con = opened(db)
    try:
        with pytest.raises(StalkscreenError, match=f"{path}:3: question 'risk' is not an audit question"):
            samples.import_answers(con, casework_rules.load(), sample_id, path, "DS A")
        stored = con.execute("SELECT count(*) FROM audit_answers").fetchone()[0]
    finally:
        con.close()
    assert stored == 0
