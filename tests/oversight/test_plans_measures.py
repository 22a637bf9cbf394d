"""The live figures (stalkscreen.oversight.measures) on a hand-built store whose answers are known.

Stalking crimes: C1 (stalking principal), C2 (harassment, stalking included), C3 (stalking principal
and included). C4 and C5 have no stalking offence. Victims of stalking crimes: V1, V2, V3a, V3b."""

import datetime as dt
import json

import pytest

from stalkscreen import store
from stalkscreen.casework import rules as casework_rules
from stalkscreen.dmm import produce
from stalkscreen.dmm import rules as dmm_rules
from stalkscreen.oversight import measures
from stalkscreen.reference import offences
from stalkscreen.risk import instruments
from plans_support import record_screening

CRIMES = [("C1", "2024-01-05 10:00", "195/12"), ("C2", "2024-02-10 09:30", "SS8L-01"),
          ("C3", "2024-03-15 14:00", "8/65"), ("C4", "2024-04-20 18:45", "125/9"), ("C5", "2024-05-01 08:00", "SS8L-01")]
INCLUDED = [("C2", "8/66"), ("C3", "195/12"), ("C5", "SSCD-01")]
PEOPLE = [("V1", "C1", "victim"), ("S1", "C1", "suspect"), ("V2", "C2", "victim"), ("S2", "C2", "suspect"),
          ("V3a", "C3", "victim"), ("V3b", "C3", "victim"), ("V4", "C4", "victim")]
RISK = [("R1", "C1"), ("R3", "C3"), ("R4", "C4")]
CARE = [("C1", "V1", "vna_completed"), ("C1", "V1", "referral_made"), ("C1", "V1", "vcc_given"),
        ("C2", "V2", "vna_completed"), ("C3", "V3a", "vna_completed"), ("C3", "V3b", "referral_made"),
        ("C4", "V4", "vna_completed"), ("C4", "V4", "referral_made")]


def build(path):
    con = store.connect(path)
    with store.transaction(con):
        for crime_id, at, code in CRIMES:
            con.execute("INSERT INTO crimes (crime_id, force, record_type, recorded_at, offence_code, offence, ingest_run_id) "
                        "VALUES (?, 'Testshire', 'crime', ?, ?, 'x', 1)", [crime_id, at, code])
            con.execute("INSERT INTO offences VALUES (?, ?, 'x', 'principal', 1)", [crime_id, code])
        con.executemany("INSERT INTO offences VALUES (?, ?, 'x', 'included', 1)", INCLUDED)
        con.executemany("INSERT INTO person_records (person_record_id, crime_id, role, ingest_run_id) VALUES (?, ?, ?, 1)", PEOPLE)
        con.executemany("INSERT INTO risk_assessments (assessment_id, crime_id, instrument, completed_at, ingest_run_id) "
                        "VALUES (?, ?, 'S-DASH', '2024-06-01', 1)", RISK)
        con.executemany("INSERT INTO victim_care_events VALUES (?, ?, ?, '2024-06-01', 1)", CARE)
        con.execute("INSERT INTO case_events VALUES ('C1', 'spo_considered', '2024-01-06', 'DS 1', '', 1)")
        con.execute("INSERT INTO case_events VALUES ('C4', 'spo_considered', '2024-04-21', 'DS 1', '', 1)")
        con.execute("INSERT INTO orders (order_id, order_type, subject_person_record_id, applied_on, made_on, ingest_run_id) "
                    "VALUES ('O1', 'SPO', 'S2', '2024-02-12', '2024-02-20', 1)")
    return con


@pytest.fixture(scope="module")
def con(tmp_path_factory):
    con = build(tmp_path_factory.mktemp("measures") / "store.duckdb")
    yield con
    con.close()


def figures(result):
    return result["numerator"], result["denominator"], result["rate"]


def test_stalking_crimes_are_those_with_a_stalking_offence_principal_or_included(con):
    assert figures(measures.stalking_crimes(con)) == (3, 3, 1.0)


def test_included_classification_counts_crimes_with_stalking_included_of_all_stalking_crimes(con):
    assert figures(measures.included_classification(con)) == (2, 3, 2 / 3)


def test_included_classification_counts_included_only_and_principal_apart(con):
    result = measures.included_classification(con)
    assert (result["included_only"], result["principal"]) == (1, 2)


def test_risk_assessment_completion_counts_stalking_crimes_with_an_assessment(con):
    assert figures(measures.risk_assessment_completion(con)) == (2, 3, 2 / 3)


def test_an_assessment_recorded_with_risk_record_counts_in_risk_assessment_completion(tmp_path, cli):
    db = tmp_path / "recorded.duckdb"
    build(db).close()
    sdash = instruments.load().instruments[("S-DASH", "2009")]
    answers = {item.id: "no" for item in sdash.items}
    path = tmp_path / "sdash.json"
    path.write_text(json.dumps({
        "assessment_id": "RR2", "crime_id": "C2", "person_record_id": "V2", "instrument": "S-DASH",
        "instrument_version": "2009", "completed_at": "2024-02-11T10:00", "assessor": "PC 1",
        "assessor_level": "medium", "answers": answers}), encoding="utf-8")
    code, _, err = cli("--db", db, "risk", "record", path)
    assert (code, "1 recorded" in err) == (0, True)
    with store.connect(db, read_only=True) as con:
        # C2 had no assessment from the export; the recorded one makes it 3 of 3
        assert figures(measures.risk_assessment_completion(con)) == (3, 3, 1.0)
        assert con.execute("SELECT count(*) FROM risk_assessments WHERE crime_id = 'C2'").fetchone()[0] == 0


def test_spo_consideration_counts_a_recorded_consideration_or_an_spo_against_a_suspect(con):
    assert figures(measures.spo_consideration(con)) == (2, 3, 2 / 3)


def test_spo_consideration_counts_crimes_with_an_spo_applied_for_and_made(con):
    result = measures.spo_consideration(con)
    assert (result["spo_applied"], result["spo_made"]) == (1, 1)


def test_needs_assessment_rate_counts_victims_of_stalking_crimes(con):
    assert figures(measures.needs_assessment_rate(con)) == (3, 4, 0.75)


def test_referral_rate_counts_victims_referred(con):
    assert figures(measures.referral_rate(con)) == (2, 4, 0.5)


def test_care_card_rate_counts_victims_given_a_card(con):
    assert figures(measures.care_card_rate(con)) == (1, 4, 0.25)


def test_a_date_window_bounds_the_crimes_by_recorded_date(con):
    assert figures(measures.risk_assessment_completion(con, dt.date(2024, 2, 1), dt.date(2024, 2, 29))) == (0, 1, 0.0)


def test_date_to_includes_the_whole_day(con):
    assert figures(measures.stalking_crimes(con, dt.date(2024, 3, 15), dt.date(2024, 3, 15))) == (1, 1, 1.0)


def test_a_window_with_no_stalking_crimes_has_no_rate(con):
    assert figures(measures.needs_assessment_rate(con, dt.date(2023, 1, 1), dt.date(2023, 12, 31))) == (0, 0, None)


def test_every_measure_states_its_definition_and_is_available(con):
    for measure in (measures.included_classification, measures.risk_assessment_completion, measures.spo_consideration,
                    measures.needs_assessment_rate, measures.care_card_rate, measures.referral_rate):
        result = measure(con)
        assert (result["measure"], result["available"], result["note"], bool(result["definition"])) == (
            measure.__name__, True, None, True)


def test_screening_before_any_screen_run_is_not_available_rather_than_0(con):
    result = measures.screening(con)
    assert (result["available"], result["note"], result["numerator"]) == (
        False, "not available: screening has not been run", None)


def test_dmm_lists_before_any_list_is_produced_are_not_available_rather_than_0(con):
    # migration 011 creates dmm_lists empty: an empty table means the stage has not run
    assert con.execute("SELECT count(*) FROM dmm_lists").fetchone()[0] == 0
    result = measures.dmm_lists(con, dt.date(2024, 1, 1), dt.date(2024, 1, 10))
    assert (result["available"], result["numerator"], result["denominator"], result["note"]) == (
        False, None, None, measures.NO_DMM_LISTS)


def test_screening_counts_screened_flagged_reviewed_and_accepted_once_screening_has_run(tmp_path):
    con = build(tmp_path / "screened.duckdb")
    record_screening(con, [("C1", True, "principal"), ("C2", True, None), ("C4", False, None), ("C5", True, None)],
                     [("C2", "accepted"), ("C5", "rejected")])
    result = measures.screening(con)
    assert (result["numerator"], result["denominator"], result["flagged"], result["reviewed"]) == (1, 4, 2, 2)


def test_dmm_lists_count_days_with_a_list_once_lists_are_produced(tmp_path):
    con = build(tmp_path / "dmm.duckdb")
    # real lists, made and recorded by the DMM stage, for a Tuesday and a Friday; the Friday's
    # list produced twice replaces its record, so it is still one day
    for day in (dt.date(2024, 1, 2), dt.date(2024, 1, 5), dt.date(2024, 1, 5)):
        produce.run(con, day, dmm_rules.load(), casework_rules.load(), offences.load())
    assert figures(measures.dmm_lists(con, dt.date(2024, 1, 1), dt.date(2024, 1, 10))) == (2, 10, 0.2)


def test_dmm_lists_with_no_list_in_the_window_count_0_once_the_stage_has_run(tmp_path):
    con = build(tmp_path / "dmm_before.duckdb")
    produce.run(con, dt.date(2024, 1, 2), dmm_rules.load(), casework_rules.load(), offences.load())
    assert figures(measures.dmm_lists(con, dt.date(2024, 2, 1), dt.date(2024, 2, 10))) == (0, 10, 0.0)
