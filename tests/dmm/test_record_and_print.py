"""Producing the list records it in dmm_lists (one row per day, replaced when produced again),
which the action-plan measure for 12.4 counts; the command prints it as CSV, JSON or a PDF
agenda; bad input is refused with a clear error."""

from __future__ import annotations

import datetime as dt
import json
from importlib import resources

import pypdf
import pytest

from stalkscreen import store
from stalkscreen.casework import rules as casework_rules
from stalkscreen.dmm import produce
from stalkscreen.dmm import rules as dmm_rules
from stalkscreen.errors import StalkscreenError
from stalkscreen.oversight import measures
from stalkscreen.reference import offences

from .handmade import EXPECTED, MEETING, build


@pytest.fixture
def db(tmp_path):
    return build(tmp_path / "store.duckdb")


def record(db, day=MEETING, now=dt.datetime(2026, 11, 2, 8, 0)):
    with store.connect(db) as con:
        return produce.run(con, day, dmm_rules.load(), casework_rules.load(), offences.load(), now)


def test_producing_a_list_records_one_row_with_the_window_and_counts_per_section(db):
    record(db)
    with store.connect(db, read_only=True) as con:
        row = con.execute("""SELECT produced_on, window_start, window_end, new_high_risk, breaches, new_flags,
                                    high_harm, overdue, total, produced_at FROM dmm_lists""").fetchall()
    assert row == [(MEETING, dt.datetime(2026, 10, 30), dt.datetime(2026, 11, 2), 3, 4, 2, 2, 7, 18,
                    dt.datetime(2026, 11, 2, 8, 0))]


def test_producing_the_same_days_list_again_replaces_its_record_and_items(db):
    record(db)
    record(db, now=dt.datetime(2026, 11, 2, 9, 30))
    with store.connect(db, read_only=True) as con:
        lists = con.execute("SELECT count(*), max(produced_at) FROM dmm_lists").fetchone()
        items = con.execute("SELECT count(*) FROM dmm_list_items").fetchone()[0]
    assert (lists, items) == ((1, dt.datetime(2026, 11, 2, 9, 30)), len(EXPECTED))


def test_the_action_plan_measure_counts_the_days_with_a_list(db):
    record(db)
    record(db, day=MEETING + dt.timedelta(days=1))
    with store.connect(db, read_only=True) as con:
        figure = measures.dmm_lists(con, MEETING, MEETING + dt.timedelta(days=4))
    assert (figure["available"], figure["numerator"], figure["denominator"]) == (True, 2, 5)


def test_without_a_harm_run_the_section_says_so_and_counts_as_not_available(db):
    with store.connect(db) as con:
        con.execute("DELETE FROM harm_scores")
        con.execute("DELETE FROM harm_runs")
    made = record(db)
    assert (made.counts()["high_harm"], made.notes["high_harm"]) == (
        None, ["not available: no harm ranking in the store (run `stalkscreen harm`)"])


def test_the_pdf_agenda_has_the_date_window_sections_lines_and_versions(db, tmp_path, cli):
    out = tmp_path / "agenda.pdf"
    code, _, err = cli("--db", db, "dmm", "--date", "2026-11-02", "--format", "pdf", "--out", out)
    text = " ".join(" ".join(page.extract_text().split()) for page in pypdf.PdfReader(out).pages)
    wanted = ["Daily management meeting: Monday 2026-11-02", "2026-10-30 00:00 to 2026-11-02 00:00 (72 hours)",
              "Generated at", "1. New high-risk stalking cases", "2. Breaches of orders",
              "3. Newly indicated screening flags", "4. High-harm offenders with new activity", "5. Overdue actions",
              "dmm_rules 2026.11-1", "harm_run 2", "stalkscreen dmm case D7", "risk rose from medium"]
    assert (code, [w for w in wanted if w not in text]) == (0, [])


def test_the_csv_has_one_row_per_line_with_section_case_reason_and_command(db, cli):
    code, out, err = cli("--db", db, "dmm", "--date", "2026-11-02", "--format", "csv")
    lines = out.strip().splitlines()
    assert (code, lines[0], len(lines) - 1, "recorded in dmm_lists" in err) == (
        0, "section,position,crime_id,subject,reason,since,open", len(EXPECTED), True)


def test_the_json_has_the_window_counts_versions_and_lines(db, tmp_path, cli):
    out = tmp_path / "list.json"
    code, _, _ = cli("--db", db, "dmm", "--date", "2026-11-02", "--format", "json", "--out", out)
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert (code, doc["window_hours"], doc["counts"]["breaches"], doc["versions"]["dmm_rules"], len(doc["lines"])) == (
        0, 72, 4, "2026.11-1", len(EXPECTED))


def test_the_case_command_opens_a_listed_case(db, cli):
    code, out, _ = cli("--db", db, "dmm", "case", "D2", "--format", "json")
    shown = json.loads(out)
    assert (code, [r["assessment_id"] for r in shown["risk_assessments"]], [o["order_id"] for o in shown["orders"]]) == (
        0, ["A2", "A3"], ["OA"])


@pytest.mark.parametrize("args, message", [
    (["--date", "2026-13-01"], "error: --date '2026-13-01' is not a date"),
    (["--date", "2026-10-31"], "error: --date 2026-10-31: a Saturday, not a meeting day (meeting.days)"),
    (["--date", "2026-12-28"], "error: --date 2026-12-28: a bank holiday in the DMM rules (meeting.bank_holidays)"),
    (["--date", "2026-11-02", "--format", "pdf"], "error: --format pdf needs --out FILE"),
])
def test_bad_input_is_refused_with_a_clear_error(db, cli, args, message):
    code, _, err = cli("--db", db, "dmm", *args)
    assert (code, err.splitlines()[0]) == (2, message)


def test_an_unknown_format_is_refused_by_the_command_line(db, cli):
    code, _, err = cli("--db", db, "dmm", "--format", "docx")
    assert (code, "docx" in err) == (2, True)


def test_tuesday_after_a_bank_holiday_monday_looks_back_to_friday():
    from stalkscreen.dmm.window import look_back

    window = look_back(dmm_rules.load(), dt.date(2026, 5, 26))
    assert (window.start, window.hours) == (dt.date(2026, 5, 22), 96)


def bad_rules(tmp_path, old: str, new: str) -> str:
    text = (resources.files("stalkscreen.reference") / "dmm.yaml").read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "dmm.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(StalkscreenError) as err:
        dmm_rules.load(path)
    return err.value.message.replace(str(path), "dmm.yaml")


def test_a_bad_meeting_day_in_the_rules_is_refused_naming_the_key(tmp_path):
    assert bad_rules(tmp_path, "value: [monday,", "value: [mondays,") == (
        "dmm.yaml:11: `meeting.days`: unknown 'mondays'; expected any of monday, tuesday, wednesday, thursday, "
        "friday, saturday, sunday")


def test_a_bad_top_n_in_the_rules_is_refused_naming_the_key(tmp_path):
    assert bad_rules(tmp_path, "top: {value: 20,", "top: {value: 0,") == (
        "dmm.yaml:37: `high_harm.top`: must be a whole number of at least 1, not 0")


def test_a_bank_holiday_that_is_not_a_date_is_refused(tmp_path):
    assert bad_rules(tmp_path, "2026-12-28,", "2026-12-32,") == (
        "dmm.yaml:16: '2026-12-32' is not a date (day is out of range for month); write YYYY-MM-DD")


def test_a_missing_store_is_refused_not_created(tmp_path, cli):
    code, _, err = cli("--db", tmp_path / "none.duckdb", "dmm", "--date", "2026-11-02")
    assert (code, err.startswith("error: no store at"), (tmp_path / "none.duckdb").exists()) == (2, True, False)
