"""Re-running is safe: identical files are skipped, changed rows replace the old ones into history."""

from __future__ import annotations

from .conftest import crime, ingest, query, small_export, write_csv, write_export

DATA_TABLES = ["crimes", "offences", "person_records", "orders", "order_events", "risk_assessments",
               "victim_care_events", "case_events"]


def counts(db) -> dict[str, int]:
    return {t: query(db, f"SELECT count(*) FROM {t}")[0][0] for t in DATA_TABLES}


def test_loading_the_same_files_twice_adds_no_rows(tmp_path):
    folder = write_export(tmp_path / "x", small_export())
    ingest(tmp_path / "s.duckdb", folder)
    before = counts(tmp_path / "s.duckdb")
    ingest(tmp_path / "s.duckdb", folder)
    assert counts(tmp_path / "s.duckdb") == before


def test_an_identical_file_is_skipped_naming_the_run_that_loaded_it(tmp_path):
    path = write_csv(tmp_path / "crimes.csv", [crime("C1")])
    first = ingest(tmp_path / "s.duckdb", path)
    second = ingest(tmp_path / "s.duckdb", path)
    assert second.files[0].skipped == f"identical to run {first.run_id}"
    assert query(tmp_path / "s.duckdb", "SELECT run_id, skipped_reason FROM ingest_runs ORDER BY run_id") == [
        (first.run_id, None), (second.run_id, f"identical to run {first.run_id}")]


def test_forcing_a_reload_counts_every_row_unchanged_and_rewrites_none(tmp_path):
    path = write_csv(tmp_path / "crimes.csv", [crime("C1"), crime("C2")])
    first = ingest(tmp_path / "s.duckdb", path)
    second = ingest(tmp_path / "s.duckdb", path, force=True)
    assert (second.files[0].new, second.files[0].changed, second.files[0].unchanged) == (0, 0, 2)
    assert query(tmp_path / "s.duckdb", "SELECT DISTINCT ingest_run_id FROM crimes") == [(first.run_id,)]


def test_a_changed_crime_replaces_the_current_one_and_the_old_version_goes_to_history(tmp_path):
    db = tmp_path / "s.duckdb"
    first = ingest(db, write_csv(tmp_path / "crimes.csv",
                                 [crime("C1", status="open"), crime("C2")]))
    (tmp_path / "b").mkdir()
    second = ingest(db, write_csv(tmp_path / "b" / "crimes.csv", [crime("C1", status="closed"), crime("C2")]))
    assert (second.files[0].new, second.files[0].changed, second.files[0].unchanged) == (0, 1, 1)
    assert query(db, "SELECT status, ingest_run_id FROM crimes WHERE crime_id = 'C1'") == [("closed", second.run_id)]
    assert query(db, "SELECT crime_id, status, ingest_run_id, superseded_by_run FROM crimes_history") == [
        ("C1", "open", first.run_id, second.run_id)]


def test_a_changed_principal_offence_moves_the_old_principal_to_history(tmp_path):
    db = tmp_path / "s.duckdb"
    ingest(db, write_csv(tmp_path / "crimes.csv", [crime("C1", offence_code="SS8L-01")]))
    (tmp_path / "b").mkdir()
    ingest(db, write_csv(tmp_path / "b" / "crimes.csv", [crime("C1", offence_code="8/65")]))
    assert query(db, "SELECT offence_code, role FROM offences") == [("8/65", "principal")]
    assert query(db, "SELECT offence_code, role FROM offences_history") == [("SS8L-01", "principal")]


def test_offences_in_a_load_replace_that_crimes_previous_set(tmp_path):
    db = tmp_path / "s.duckdb"
    export = small_export()
    ingest(db, write_export(tmp_path / "a", export))
    offences = [{"crime_id": "C1", "offence_code": "SSVI-03", "role": "included"}]
    ingest(db, write_export(tmp_path / "b", {"offences": offences}))
    assert query(db, "SELECT offence_code, role FROM offences WHERE crime_id = 'C1' ORDER BY 1") == [
        ("SS8L-01", "principal"), ("SSVI-03", "included")]
    assert query(db, "SELECT offence_code, role FROM offences_history") == [("SSCD-01", "included")]


def test_an_identical_event_is_unchanged_and_a_new_one_is_added(tmp_path):
    db = tmp_path / "s.duckdb"
    ingest(db, write_export(tmp_path / "a", small_export()))
    events = [{"crime_id": "C1", "person_record_id": "P1", "event": "vna_completed", "at": "2024-03-02 09:00"},
              {"crime_id": "C1", "person_record_id": "P1", "event": "vcc_given", "at": "2024-03-03 09:00"}]
    report = ingest(db, write_export(tmp_path / "b", {"victim_care_events": events}))
    assert (report.files[0].new, report.files[0].unchanged) == (1, 1)
    assert query(db, "SELECT count(*) FROM victim_care_events") == [(2,)]


def test_a_changed_case_event_detail_keeps_the_old_one_in_history(tmp_path):
    db = tmp_path / "s.duckdb"
    ingest(db, write_export(tmp_path / "a", small_export()))
    events = [{"crime_id": "C1", "event": "spo_considered", "at": "2024-03-02 10:00", "by": "DS 2",
               "detail": "not applied"}]
    ingest(db, write_export(tmp_path / "b", {"case_events": events}))
    assert query(db, "SELECT detail FROM case_events") == [("not applied",)]
    assert query(db, "SELECT detail FROM case_events_history") == [("applied",)]


def test_ingest_runs_records_one_row_per_file_with_counts(tmp_path):
    db = tmp_path / "s.duckdb"
    path = write_csv(tmp_path / "crimes.csv", [crime("C1"), crime("C2", record_type="?")])
    report = ingest(db, path)
    (row,) = query(db, "SELECT run_id, file, table_name, length(content_hash), rows_read, rows_loaded, "
                       "rows_quarantined, rows_new, finished_at >= started_at FROM ingest_runs")
    assert row == (report.run_id, str(path), "crimes", 64, 2, 1, 1, 1, True)
