"""`risk record`: what is stored, every refusal (naming the item and the file and line), nothing
stored when anything is refused, and re-recording the same assessment id."""

from __future__ import annotations

import datetime as dt

import pytest

from stalkscreen import store
from stalkscreen.errors import StalkscreenError
from stalkscreen.risk import record

from .conftest import dash, sdash, write_csv, write_json

NOW = dt.datetime(2026, 10, 31, 12, 0)


def _record(db, path, bank):
    with store.connect(db) as con:
        return record.run(con, path, bank, now=NOW)


def _rows(db, sql="SELECT count(*) FROM risk_records"):
    with store.connect(db, read_only=True) as con:
        return con.execute(sql).fetchall()


def _refusal(db, path, bank) -> str:
    with pytest.raises(StalkscreenError) as caught:
        _record(db, path, bank)
    return caught.value.message


def test_a_json_assessment_is_stored_with_its_count_suggestion_level_and_flag(db, bank, tmp_path):
    _record(db, write_json(tmp_path, dash("NEW1", yes=15, level="medium")), bank)
    assert _rows(db, "SELECT yes_count, no_count, suggested_level, assessor_level, lower_than_suggested, "
                     "bank_version FROM risk_records") == [(15, 9, "high", "medium", True, "2026.11-1")]


def test_every_item_is_stored_with_its_answer_and_comment(db, bank, tmp_path):
    _record(db, write_json(tmp_path, sdash("NEW2", yes=2)), bank)
    assert _rows(db, "SELECT item_number, item_id, answer, comment FROM risk_answers ORDER BY item_number LIMIT 3") == [
        (1, "very_frightened", "yes", "note 1"), (2, "previous_harassment", "yes", "note 2"),
        (3, "property_damaged", "no", "note 3")]


def test_a_csv_file_of_two_assessments_stores_both(db, bank, tmp_path):
    _record(db, write_csv(tmp_path, [dash("NEW1", yes=10), sdash("NEW2")]), bank)
    assert _rows(db, "SELECT assessment_id, suggested_level, lower_than_suggested FROM risk_records "
                     "ORDER BY assessment_id") == [("NEW1", "medium", True), ("NEW2", None, False)]


def test_a_missing_item_is_refused_naming_the_item_and_line(db, bank, tmp_path):
    data = dash("NEW1")
    del data["answers"]["q17"]
    message = _refusal(db, write_json(tmp_path, data), bank)
    assert "answers.json:1: item 17 `q17` (Is there any other person who has threatened you" in message
    assert "is not answered" in message


def test_a_missing_item_in_a_csv_file_is_refused_naming_the_item(db, bank, tmp_path):
    data = sdash("NEW2")
    del data["answers"]["loitering"]
    assert "item 5 `loitering`" in _refusal(db, write_csv(tmp_path, [data]), bank)


def test_an_unknown_instrument_is_refused_naming_the_file_and_line(db, bank, tmp_path):
    message = _refusal(db, write_json(tmp_path, [dash("A"), dash("B", instrument="MARAC-X")]), bank)
    assert "answers.json:38 (assessment 2): unknown instrument 'MARAC-X'; known: DASH, S-DASH, SST-local" in message


def test_an_unknown_version_is_refused_naming_the_known_ones(db, bank, tmp_path):
    message = _refusal(db, write_json(tmp_path, sdash("NEW2", instrument_version="2019")), bank)
    assert "S-DASH has no version '2019'; known: 2009" in message


def test_an_answer_of_the_wrong_type_is_refused_naming_item_and_line(db, bank, tmp_path):
    data = dash("NEW1")
    data["answers"]["q3"] = True
    message = _refusal(db, write_json(tmp_path, data), bank)
    assert "answers.json:13: item 3 `q3`" in message and "must be yes, no or not known, not true" in message


def test_an_answer_outside_yes_no_not_known_is_refused_naming_the_csv_line(db, bank, tmp_path):
    data = dash("NEW1")
    data["answers"]["q2"] = "maybe"
    assert 'answers.csv:3: item 2 `q2` (Are you very frightened?): the answer must be yes, no or not known, ' \
           'not "maybe"' in _refusal(db, write_csv(tmp_path, [data]), bank)


def test_an_item_not_in_the_instrument_is_refused(db, bank, tmp_path):
    data = dash("NEW1")
    data["answers"]["q25"] = "no"
    assert "'q25' is not an item of DASH 2009" in _refusal(db, write_json(tmp_path, data), bank)


def test_a_comment_that_is_not_text_is_refused(db, bank, tmp_path):
    data = dash("NEW1")
    data["answers"]["q1"] = {"answer": "yes", "comment": 5}
    assert "item 1 `q1`" in _refusal(db, write_json(tmp_path, data), bank)


def test_the_assessors_level_is_required(db, bank, tmp_path):
    data = dash("NEW1")
    del data["assessor_level"]
    assert "`assessor_level` is missing" in _refusal(db, write_json(tmp_path, data), bank)


def test_an_assessors_level_that_is_not_a_level_is_refused(db, bank, tmp_path):
    assert "`assessor_level` 'severe' is not a level" in _refusal(
        db, write_json(tmp_path, dash("NEW1", level="severe")), bank)


def test_a_completion_time_in_the_future_is_refused(db, bank, tmp_path):
    assert "is in the future" in _refusal(db, write_json(tmp_path, dash("NEW1", completed_at="2026-11-02T09:00")), bank)


def test_a_crime_not_in_the_store_is_refused(db, bank, tmp_path):
    assert "crime NOPE is not in the store" in _refusal(db, write_json(tmp_path, dash("NEW1", crime="NOPE")), bank)


def test_a_victim_who_is_not_on_the_crime_is_refused(db, bank, tmp_path):
    assert "person record V6 is not a person on crime R7" in _refusal(
        db, write_json(tmp_path, dash("NEW1", person="V6")), bank)


def test_the_same_assessment_twice_in_one_file_is_refused(db, bank, tmp_path):
    assert "assessment NEW1 appears twice in the file" in _refusal(
        db, write_json(tmp_path, [dash("NEW1"), dash("NEW1")]), bank)


def test_an_item_answered_twice_in_a_csv_file_is_refused_naming_both_lines(db, bank, tmp_path):
    path = write_csv(tmp_path, [dash("NEW1")])
    path.write_text(path.read_text() + "NEW1,R7,V7,DASH,2009,2026-10-30T10:00,PC 2001 Example,standard,q4,yes,\n")
    assert "answers.csv:26: item q4 answered twice in assessment NEW1 (first at " in _refusal(db, path, bank)


def test_fields_that_differ_between_rows_of_one_assessment_are_refused(db, bank, tmp_path):
    path = write_csv(tmp_path, [dash("NEW1")])
    lines = path.read_text().splitlines()
    lines[5] = lines[5].replace("standard", "high")
    path.write_text("\n".join(lines) + "\n")
    assert "answers.csv:6: assessment NEW1: assessor_level differ(s) from line 2" in _refusal(db, path, bank)


def test_one_bad_assessment_in_a_file_stores_nothing_at_all(db, bank, tmp_path):
    bad = dash("NEW9")
    bad["answers"]["q1"] = "perhaps"
    _refusal(db, write_json(tmp_path, [dash("NEW1"), sdash("NEW2"), bad]), bank)
    assert _rows(db) + _rows(db, "SELECT count(*) FROM risk_answers") == [(0,), (0,)]


def test_a_store_problem_in_the_last_assessment_stores_nothing_at_all(db, bank, tmp_path):
    _refusal(db, write_json(tmp_path, [dash("NEW1"), dash("NEW2", crime="NOPE")]), bank)
    assert _rows(db) + _rows(db, "SELECT count(*) FROM risk_answers") == [(0,), (0,)]


def test_recording_the_same_file_again_changes_nothing(db, bank, tmp_path):
    path = write_json(tmp_path, dash("NEW1", yes=3))
    _record(db, path, bank)
    report = _record(db, path, bank)
    assert (report.recorded, report.unchanged, _rows(db), _rows(db, "SELECT count(*) FROM risk_answers")) == (
        [], ["NEW1"], [(1,)], [(24,)])


def test_re_recording_an_id_with_different_answers_is_refused_and_keeps_the_first(db, bank, tmp_path):
    _record(db, write_json(tmp_path, dash("NEW1", yes=3)), bank)
    message = _refusal(db, write_json(tmp_path, dash("NEW1", yes=4), name="again.json"), bank)
    assert "already recorded from answers.json" in message and "record the review as a new assessment id" in message
    assert _rows(db, "SELECT yes_count FROM risk_records") == [(3,)]


def test_an_id_of_an_assessment_loaded_from_the_export_is_refused(db, bank, tmp_path):
    assert "assessment RA7 is an assessment loaded from the force export" in _refusal(
        db, write_json(tmp_path, dash("RA7")), bank)


def test_a_file_that_is_not_json_or_csv_is_refused(db, bank, tmp_path):
    path = tmp_path / "answers.txt"
    path.write_text("yes")
    assert "expected a .json or .csv file" in _refusal(db, path, bank)


def test_broken_json_is_refused_naming_the_line(db, bank, tmp_path):
    path = tmp_path / "answers.json"
    path.write_text('{\n "assessment_id": "X",\n "answers": {\n}')
    assert "answers.json:4: not valid JSON" in _refusal(db, path, bank)


def test_recorded_assessments_appear_beside_ingested_ones(db, bank, tmp_path):
    _record(db, write_json(tmp_path, dash("NEW1")), bank)
    assert _rows(db, "SELECT origin, count(*) FROM risk_assessments_all GROUP BY origin ORDER BY origin") == [
        ("ingested", 5), ("recorded", 1)]
