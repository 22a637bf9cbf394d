"""Row checks: bad rows go to quarantine with a reason naming the column; good rows load."""

from __future__ import annotations

from .conftest import crime, ingest, query, small_export, write_csv, write_export


def reasons(db, table=None) -> dict[int, str]:
    rows = query(db, "SELECT line, reason FROM quarantine WHERE ? IS NULL OR table_name = ?", [table, table])
    return dict(rows)


def test_good_rows_of_a_file_with_bad_rows_load_and_read_equals_loaded_plus_quarantined(tmp_path):
    rows = [crime("C1"), crime("C2", recorded_at="31/02/2024"), crime("C3"), crime("C4", record_type="x")]
    report = ingest(tmp_path / "s.duckdb", write_csv(tmp_path / "crimes.csv", rows))
    r = report.files[0]
    assert (r.read, r.loaded, r.quarantined) == (4, 2, 2)
    assert r.read == r.loaded + r.quarantined
    assert query(tmp_path / "s.duckdb", "SELECT crime_id FROM crimes ORDER BY 1") == [("C1",), ("C3",)]


def test_a_date_that_is_not_a_date_is_quarantined_naming_column_value_and_format(tmp_path):
    ingest(tmp_path / "s.duckdb", write_csv(tmp_path / "crimes.csv", [crime("C1", recorded_at="31/02/2024")]))
    assert reasons(tmp_path / "s.duckdb") == {2: "recorded_at: '31/02/2024' is not a date (expected YYYY-MM-DD HH:MM)"}


def test_a_date_in_the_future_is_quarantined(tmp_path):
    ingest(tmp_path / "s.duckdb", write_csv(tmp_path / "crimes.csv", [crime("C1", recorded_at="2031-01-01 09:00")]))
    assert reasons(tmp_path / "s.duckdb") == {2: "recorded_at: '2031-01-01 09:00' is in the future"}


def test_an_unknown_offence_code_is_quarantined(tmp_path):
    ingest(tmp_path / "s.duckdb", write_csv(tmp_path / "crimes.csv", [crime("C1", offence_code="99/99")]))
    assert reasons(tmp_path / "s.duckdb") == {
        2: "offence_code: '99/99' is not a known offence code (not in the offence catalogue or the mapping's offence_codes)"}


def test_a_person_record_for_an_unknown_crime_is_quarantined(tmp_path):
    write_csv(tmp_path / "crimes.csv", [crime("C1")])
    people = write_csv(tmp_path / "person_records.csv", [
        {"person_record_id": "P1", "crime_id": "C1", "role": "victim"},
        {"person_record_id": "P2", "crime_id": "C404", "role": "victim"}])
    ingest(tmp_path / "s.duckdb", tmp_path / "crimes.csv", people)
    assert reasons(tmp_path / "s.duckdb", "person_records") == {
        3: "crime_id: no crime 'C404' in the store or in this load"}
    assert query(tmp_path / "s.duckdb", "SELECT person_record_id FROM person_records") == [("P1",)]


def test_a_child_of_a_quarantined_crime_is_quarantined_saying_so(tmp_path):
    export = write_export(tmp_path / "x", {"crimes": [crime("C1", record_type="")], "person_records": [
        {"person_record_id": "P1", "crime_id": "C1", "role": "victim"}]})
    ingest(tmp_path / "s.duckdb", export)
    assert reasons(tmp_path / "s.duckdb", "person_records") == {
        2: "crime_id: crime 'C1' is quarantined in this load (crimes.csv line 2)"}


def test_a_reference_to_a_crime_already_in_the_store_resolves(tmp_path):
    ingest(tmp_path / "s.duckdb", write_csv(tmp_path / "crimes.csv", [crime("C1")]))
    people = write_csv(tmp_path / "person_records.csv", [{"person_record_id": "P1", "crime_id": "C1", "role": "victim"}])
    assert ingest(tmp_path / "s.duckdb", people).files[0].loaded == 1


def test_a_duplicate_key_loads_the_first_row_and_quarantines_later_ones_naming_the_first_line(tmp_path):
    rows = [crime("C1", narrative="first"), crime("C2"), crime("C1", narrative="second")]
    ingest(tmp_path / "s.duckdb", write_csv(tmp_path / "crimes.csv", rows))
    assert reasons(tmp_path / "s.duckdb") == {4: "duplicate crime_id 'C1': the first row with this key is line 2"}
    assert query(tmp_path / "s.duckdb", "SELECT narrative FROM crimes WHERE crime_id = 'C1'") == [("first",)]


def test_occurred_to_before_occurred_from_is_quarantined(tmp_path):
    row = crime("C1", occurred_from="2024-02-02 10:00", occurred_to="2024-02-01 10:00")
    ingest(tmp_path / "s.duckdb", write_csv(tmp_path / "crimes.csv", [row]))
    assert reasons(tmp_path / "s.duckdb") == {2: "occurred_to: '2024-02-01 10:00' is before occurred_from '2024-02-02 10:00'"}


def test_an_order_expiring_before_it_was_made_is_quarantined(tmp_path):
    export = small_export()
    export["orders"][0]["expires_on"] = "2024-03-01"
    ingest(tmp_path / "s.duckdb", write_export(tmp_path / "x", export))
    assert reasons(tmp_path / "s.duckdb", "orders") == {2: "expires_on: '2024-03-01' is before made_on '2024-03-05'"}


def test_a_victim_care_event_before_the_crime_was_recorded_is_quarantined(tmp_path):
    export = small_export()
    export["victim_care_events"][0]["at"] = "2024-02-01 09:00"
    ingest(tmp_path / "s.duckdb", write_export(tmp_path / "x", export))
    assert reasons(tmp_path / "s.duckdb", "victim_care_events") == {
        2: "at: '2024-02-01 09:00' is before crime 'C1' was recorded (2024-03-01 10:00)"}


def test_a_row_with_the_wrong_number_of_fields_is_quarantined_with_its_raw_line(tmp_path):
    path = write_csv(tmp_path / "crimes.csv", [crime("C1")])
    with open(path, "a") as f:
        f.write("C2,XX,crime\n")
    ingest(tmp_path / "s.duckdb", path)
    assert query(tmp_path / "s.duckdb", "SELECT line, raw, reason FROM quarantine") == [
        (3, "C2,XX,crime", "expected 14 fields, found 3")]


def test_the_raw_text_of_a_quarantined_csv_row_is_all_its_lines(tmp_path):
    path = write_csv(tmp_path / "crimes.csv", [crime("C1", narrative="two\nlines", record_type="nope"), crime("C2")])
    ingest(tmp_path / "s.duckdb", path)
    (line, raw), = query(tmp_path / "s.duckdb", "SELECT line, raw FROM quarantine")
    assert line == 2 and raw.endswith('"two\nlines"') and raw.startswith("C1,XX,nope,")


def test_line_numbers_count_physical_lines_after_a_multi_line_record(tmp_path):
    rows = [crime("C1", narrative="a\nb\nc"), crime("C2", offence_code="nope")]
    ingest(tmp_path / "s.duckdb", write_csv(tmp_path / "crimes.csv", rows))
    assert list(reasons(tmp_path / "s.duckdb")) == [5]


def test_a_stray_quote_inside_a_field_still_gives_exact_lines(tmp_path):
    path = tmp_path / "crimes.csv"
    write_csv(path, [crime("C1"), crime("C2", record_type="bad")])
    text = path.read_text().replace("Narrative of C1", 'He is 6" tall')
    path.write_text(text)
    ingest(tmp_path / "s.duckdb", path)
    assert list(reasons(tmp_path / "s.duckdb")) == [3]
    assert query(tmp_path / "s.duckdb", "SELECT narrative FROM crimes")[0][0].startswith('He is 6" tall')


def test_offence_names_are_filled_from_the_catalogue_and_codes_normalised(tmp_path):
    ingest(tmp_path / "s.duckdb", write_csv(tmp_path / "crimes.csv", [crime("C1", offence_code="008/56")]))
    assert query(tmp_path / "s.duckdb", "SELECT offence_code, offence FROM crimes") == [
        ("8/56", "Racially or religiously aggravated harassment or stalking without violence")]


def test_every_crime_has_its_principal_offence_in_offences(tmp_path):
    ingest(tmp_path / "s.duckdb", write_csv(tmp_path / "crimes.csv", [crime("C1"), crime("C2", offence_code="8/65")]))
    assert query(tmp_path / "s.duckdb", "SELECT crime_id, offence_code, role FROM offences ORDER BY 1") == [
        ("C1", "SS8L-01", "principal"), ("C2", "8/65", "principal")]


def test_a_principal_in_the_offences_file_that_differs_from_the_crime_is_quarantined(tmp_path):
    export = write_export(tmp_path / "x", {"crimes": [crime("C1")], "offences": [
        {"crime_id": "C1", "offence_code": "8/65", "role": "principal"}]})
    ingest(tmp_path / "s.duckdb", export)
    assert reasons(tmp_path / "s.duckdb") == {
        2: "offence_code: '8/65' is marked principal but crime 'C1' has principal offence 'SS8L-01'"}


def test_all_tables_of_a_valid_export_load_without_quarantine(tmp_path):
    report = ingest(tmp_path / "s.duckdb", write_export(tmp_path / "x", small_export()))
    assert [(f.table, f.loaded, f.quarantined) for f in report.files] == [
        ("crimes", 3, 0), ("offences", 2, 0), ("person_records", 3, 0), ("orders", 1, 0), ("order_events", 1, 0),
        ("risk_assessments", 1, 0), ("victim_care_events", 1, 0), ("case_events", 1, 0)]


def test_json_lines_keys_missing_from_some_records_are_empty_and_bad_lines_are_quarantined(tmp_path):
    path = tmp_path / "crimes.jsonl"
    path.write_text('{"crime_id": "C1", "record_type": "crime", "recorded_at": "2024-03-01 10:00", "offence_code": "8/65"}\n'
                    '\n'
                    '{"crime_id": "C2", "record_type": "crime", "recorded_at": "2024-03-01 10:00", "offence_code": "8/65",'
                    ' "domestic_abuse": true}\n'
                    '{"crime_id": "C3", oops}\n')
    report = ingest(tmp_path / "s.duckdb", path)
    assert (report.files[0].read, report.files[0].loaded) == (3, 2)
    assert query(tmp_path / "s.duckdb", "SELECT crime_id, domestic_abuse FROM crimes ORDER BY 1") == [
        ("C1", None), ("C2", True)]
    assert query(tmp_path / "s.duckdb", "SELECT line, raw FROM quarantine") == [(4, '{"crime_id": "C3", oops}')]


def test_the_quarantine_command_lists_rows_as_json_on_stdout(tmp_path, cli):
    import json
    path = write_csv(tmp_path / "crimes.csv", [crime("C1"), crime("C2", record_type="x")])
    assert cli("--db", tmp_path / "s.duckdb", "ingest", path)[0] == 0
    code, out, _ = cli("--db", tmp_path / "s.duckdb", "quarantine", "--run", "1", "--table", "crimes", "--format", "json")
    assert code == 0
    (row,) = json.loads(out)
    assert (row["line"], row["reason"]) == (3, "record_type: 'x' is not one of crime, incident")


def test_the_ingest_command_prints_read_equals_loaded_plus_quarantined_per_file(tmp_path, cli):
    path = write_csv(tmp_path / "crimes.csv", [crime("C1"), crime("C2", record_type="x")])
    code, out, err = cli("--db", tmp_path / "s.duckdb", "ingest", path)
    assert (code, out) == (0, "")
    assert "crimes.csv → crimes: read 2 = loaded 1 + quarantined 1 (new 1, changed 0, unchanged 0)" in err
