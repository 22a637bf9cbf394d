"""Storing plans as dated versions, re-importing safely, status, overdue, comparison, and the CLI."""

import datetime as dt
import json

import pytest

from stalkscreen import store
from stalkscreen.errors import StalkscreenError
from stalkscreen.oversight.plans import status, storage

from plans_support import CITY, FIXTURES, KENT
from support import run_cli

AS_OF = dt.date(2024, 11, 22)
TODAY = dt.date(2025, 6, 1)


@pytest.fixture
def con(tmp_path):
    con = store.connect(tmp_path / "store.duckdb")
    yield con
    con.close()


@pytest.fixture
def both(con):
    storage.run(con, KENT, "Kent", AS_OF)
    storage.run(con, CITY, "City of London", AS_OF)
    return con


def count(con, table):
    return con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def later_kent(tmp_path):
    """Kent's plan as a later update might read: 10.1 now complete."""
    text = KENT.read_text(encoding="utf-8")
    block = text.index("Recommendation: | 10.1 |")
    at = text.index("Status: | In progress 50% |", block)
    path = tmp_path / "kent_later.txt"
    path.write_text(text[:at] + "Status: | Action complete |" + text[at + len("Status: | In progress 50% |"):], encoding="utf-8")
    return path


def test_import_stores_one_version_with_39_recommendations(con):
    storage.run(con, KENT, "Kent", AS_OF)
    assert (count(con, "plans"), count(con, "plan_recommendations")) == (1, 39)


def test_import_records_force_date_file_hash_layout_and_lines(con):
    done = storage.run(con, KENT, "Kent", AS_OF)
    row = con.execute("SELECT force, as_of, source_file, source_sha256, layout, lines_read, boilerplate_lines, "
                      "unparsed_lines, stopped_at_line FROM plans").fetchone()
    assert row == ("Kent", AS_OF, str(KENT), done.plan.sha256, "key_value", 348, 7, 0, None)


def test_import_stores_plan_metadata_as_json(con):
    storage.run(con, KENT, "Kent", AS_OF)
    assert json.loads(con.execute("SELECT metadata FROM plans").fetchone()[0]) == {
        "Operational lead": "Head of Crime - Detective Chief Superintendent McDermott"}


def test_import_stores_every_normalised_field_of_a_recommendation(con):
    storage.run(con, KENT, "Kent", AS_OF)
    row = con.execute("""SELECT recommendation, position, heading_position, deadline, deadline_text, owner, status,
                                progress_percent, status_text, update_date, update_date_text, supporting_documents,
                                evidence_requirement, action, line_from, line_to
                         FROM plan_recommendations WHERE recommendation = '12.4'""").fetchone()
    assert row == ("12.4", 15, 4, dt.date(2025, 3, 27), "By 27 March 2025", "Chief constables", "complete", None,
                   "Action complete", dt.date(2024, 11, 1), "Nov-24", "Agendas available",
                   "Implementing screening and checking processes to support the early identification, assessment "
                   "and management of high-risk cases. This may require stalking and breach of order cases to be "
                   "considered at daily management meetings.", None, 137, 144)


def test_reimporting_the_same_file_for_the_same_force_and_date_leaves_one_version(con):
    storage.run(con, KENT, "Kent", AS_OF)
    storage.run(con, KENT, "Kent", AS_OF)
    assert (count(con, "plans"), count(con, "plan_recommendations")) == (1, 39)


def test_reimport_says_which_version_it_replaced(con):
    first = storage.run(con, KENT, "Kent", AS_OF)
    assert storage.run(con, KENT, "Kent", AS_OF).replaced == first.plan_id


def test_force_names_differing_only_in_case_are_one_force(con):
    storage.run(con, KENT, "Kent", AS_OF)
    storage.run(con, KENT, "KENT", AS_OF)
    assert count(con, "plans") == 1


def test_a_later_as_of_date_adds_a_version_and_keeps_the_earlier(con, tmp_path):
    storage.run(con, KENT, "Kent", AS_OF)
    storage.run(con, later_kent(tmp_path), "Kent", dt.date(2025, 3, 1))
    assert [(v["as_of"], v["recommendations"]) for v in storage.versions(con, "Kent")] == [
        (AS_OF, 39), (dt.date(2025, 3, 1), 39)]


def test_status_reads_the_latest_version(con, tmp_path):
    storage.run(con, later_kent(tmp_path), "Kent", dt.date(2025, 3, 1))
    storage.run(con, KENT, "Kent", AS_OF)  # imported after, but describes an earlier date
    row = next(r for r in status.status_rows(con, "Kent", TODAY) if r["recommendation"] == "10.1")
    assert (row["as_of"], row["status"], row["progress"], row["overdue"]) == (dt.date(2025, 3, 1), "complete", 100, False)


def test_the_earlier_version_keeps_its_own_status(con, tmp_path):
    storage.run(con, KENT, "Kent", AS_OF)
    storage.run(con, later_kent(tmp_path), "Kent", dt.date(2025, 3, 1))
    assert con.execute("""SELECT p.as_of, r.status FROM plan_recommendations r JOIN plans p USING (plan_id)
                          WHERE r.recommendation = '10.1' ORDER BY p.as_of""").fetchall() == [
        (AS_OF, "in_progress"), (dt.date(2025, 3, 1), "complete")]


def test_a_file_with_no_recommendations_stores_nothing(con, tmp_path):
    path = tmp_path / "page.txt"
    path.write_text("Quickly exit this site\nOur response to the super-complaint will follow.\n", encoding="utf-8")
    with pytest.raises(StalkscreenError):
        storage.run(con, path, "Kent", AS_OF)
    assert (count(con, "plans"), count(con, "plan_recommendations"), count(con, "plan_notes")) == (0, 0, 0)


def test_a_failed_reimport_keeps_the_version_already_stored(con, tmp_path):
    storage.run(con, KENT, "Kent", AS_OF)
    path = tmp_path / "empty.txt"
    path.write_text("nothing here\n", encoding="utf-8")
    with pytest.raises(StalkscreenError):
        storage.run(con, path, "Kent", AS_OF)
    assert count(con, "plan_recommendations") == 39


def test_an_empty_force_name_is_refused(con):
    with pytest.raises(StalkscreenError, match="--force is empty"):
        storage.run(con, KENT, "  ", AS_OF)


def test_notes_are_stored_with_their_lines(con):
    storage.run(con, FIXTURES / "pipe_table_plan.md", "Northshire", AS_OF)
    assert con.execute("SELECT line, kind, text FROM plan_notes WHERE kind = 'unparsed' ORDER BY line").fetchall() == [
        (3, "unparsed", "Northshire Police: stalking super-complaint action plan"),
        (4, "unparsed", "Published 20 November 2024."), (10, "unparsed", "Green"), (11, "unparsed", "Amber")]


def test_where_a_cut_off_page_stopped_is_stored(con):
    storage.run(con, CITY, "City of London", AS_OF)
    assert con.execute("SELECT stopped_at_line FROM plans").fetchone()[0] == 27


# status and overdue

def test_in_progress_past_its_deadline_is_overdue(both):
    row = next(r for r in status.status_rows(both, "Kent", TODAY) if r["recommendation"] == "10.1")
    assert (row["deadline"], row["status"], row["progress"], row["overdue"]) == (dt.date(2025, 3, 27), "in_progress", 50, True)


def test_in_progress_before_its_deadline_is_not_overdue(both):
    row = next(r for r in status.status_rows(both, "Kent", TODAY) if r["recommendation"] == "22.1")
    assert (row["deadline"], row["overdue"]) == (dt.date(2025, 9, 27), False)


def test_complete_is_never_overdue_and_counts_as_100_percent(both):
    row = next(r for r in status.status_rows(both, "Kent", TODAY) if r["recommendation"] == "7.1")
    assert (row["status"], row["progress"], row["overdue"]) == ("complete", 100, False)


def test_in_progress_without_a_percentage_has_no_progress_figure(both):
    row = next(r for r in status.status_rows(both, "Kent", TODAY) if r["recommendation"] == "20.3")
    assert (row["status"], row["progress"]) == ("in_progress", None)


def test_overdue_is_unknown_when_the_plan_gives_no_status(both):
    row = next(r for r in status.status_rows(both, "City of London", TODAY) if r["recommendation"] == "7.1")
    assert (row["status"], row["overdue"]) == ("unknown", None)


def test_kent_has_26_overdue_recommendations_on_1_june_2025(both):
    assert sum(1 for r in status.status_rows(both, "Kent", TODAY) if r["overdue"]) == 26


def test_status_of_an_unknown_force_names_the_forces_that_have_plans(both):
    with pytest.raises(StalkscreenError, match="no plan imported for force 'Essex'") as caught:
        status.status_rows(both, "Essex", TODAY)
    assert caught.value.hint == "forces with plans: City of London, Kent"


# compare

def test_compare_has_one_column_per_force(both):
    assert status.compare(both, TODAY)[1] == ["City of London", "Kent"]


def test_compare_lists_every_recommendation_of_either_plan_in_number_order(both):
    rows, _ = status.compare(both, TODAY)
    numbers = [r["recommendation"] for r in rows]
    assert (len(numbers), numbers[:4], numbers[-2:]) == (39, ["7.1", "7.2", "10.1", "10.2"], ["27.1", "28.1"])


def test_compare_cells_give_status_progress_and_overdue(both):
    rows = {r["recommendation"]: r for r in status.compare(both, TODAY)[0]}
    assert rows["10.2"] == {"recommendation": "10.2", "City of London": "unknown", "Kent": "in_progress 25% (overdue)"}
    assert rows["7.2"] == {"recommendation": "7.2", "City of London": None, "Kent": "complete"}


# the command line

def test_cli_import_prints_what_it_read(tmp_path, monkeypatch, capsys):
    code, _, err = run_cli(monkeypatch, capsys, "--db", tmp_path / "s.duckdb", "plans", "import", KENT,
                           "--force", "Kent", "--as-of", "2024-11-22")
    assert code == 0
    assert "Kent: 39 recommendation(s) read" in err and "7 website boilerplate skipped, 0 unparsed" in err


def test_cli_import_reports_where_a_cut_off_page_stopped(tmp_path, monkeypatch, capsys):
    _, _, err = run_cli(monkeypatch, capsys, "--db", tmp_path / "s.duckdb", "plans", "import", CITY,
                        "--force", "City of London", "--as-of", "2024-11-22")
    assert "line 27: the last row, 28.1, has 0 of the 2 cells" in err


def test_cli_import_of_a_file_with_no_recommendations_exits_2_with_message_and_hint(tmp_path, monkeypatch, capsys):
    path = tmp_path / "page.txt"
    path.write_text("We use cookies.\nStalking awareness week.\n", encoding="utf-8")
    code, _, err = run_cli(monkeypatch, capsys, "--db", tmp_path / "s.duckdb", "plans", "import", path, "--force", "Kent")
    assert code == 2
    assert f"error: {path}: no recommendations found in 2 lines" in err and "hint: " in err


def test_cli_import_with_a_bad_as_of_date_exits_2(tmp_path, monkeypatch, capsys):
    code, _, err = run_cli(monkeypatch, capsys, "--db", tmp_path / "s.duckdb", "plans", "import", KENT,
                           "--force", "Kent", "--as-of", "22/11/2024")
    assert (code, "error: --as-of '22/11/2024' is not a date" in err) == (2, True)


def test_cli_import_without_as_of_stores_the_version_of_today(tmp_path, monkeypatch, capsys):
    run_cli(monkeypatch, capsys, "--db", tmp_path / "s.duckdb", "plans", "import", KENT, "--force", "Kent")
    code, out, _ = run_cli(monkeypatch, capsys, "--db", tmp_path / "s.duckdb", "plans", "list", "--format", "json")
    assert [v["as_of"] for v in json.loads(out)] == [dt.date.today().isoformat()]


def test_cli_status_json_has_a_row_per_recommendation(tmp_path, monkeypatch, capsys):
    db = tmp_path / "s.duckdb"
    run_cli(monkeypatch, capsys, "--db", db, "plans", "import", KENT, "--force", "Kent", "--as-of", "2024-11-22")
    code, out, _ = run_cli(monkeypatch, capsys, "--db", db, "plans", "status", "--force", "Kent", "--format", "json")
    rows = json.loads(out)
    assert (code, len(rows), rows[0]["recommendation"], rows[0]["deadline"]) == (0, 39, "7.1", "2025-03-27")


def test_cli_compare_csv_has_forces_as_columns(tmp_path, monkeypatch, capsys):
    db = tmp_path / "s.duckdb"
    run_cli(monkeypatch, capsys, "--db", db, "plans", "import", KENT, "--force", "Kent", "--as-of", "2024-11-22")
    run_cli(monkeypatch, capsys, "--db", db, "plans", "import", CITY, "--force", "City of London", "--as-of", "2024-11-22")
    code, out, _ = run_cli(monkeypatch, capsys, "--db", db, "plans", "compare", "--format", "csv")
    assert (code, out.splitlines()[0], out.splitlines()[1]) == (0, "recommendation,City of London,Kent", "7.1,unknown,complete")


def test_cli_status_before_any_import_exits_2_with_a_hint(tmp_path, monkeypatch, capsys):
    db = tmp_path / "s.duckdb"
    store.connect(db).close()
    code, _, err = run_cli(monkeypatch, capsys, "--db", db, "plans", "status")
    assert (code, "error: no action plan has been imported" in err) == (2, True)
