"""Files that cannot be read as a whole: one clear error naming the file, exit 2, nothing stored."""

from __future__ import annotations

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from stalkscreen import store
from stalkscreen.errors import StalkscreenError

from .conftest import crime, ingest, query, small_export, write_csv, write_export


def error_of(db, *paths, **kwargs) -> StalkscreenError:
    with pytest.raises(StalkscreenError) as caught:
        ingest(db, *paths, **kwargs)
    return caught.value


def test_a_missing_required_column_is_named_with_the_columns_found(tmp_path):
    path = write_csv(tmp_path / "crimes.csv", [crime("C1")], ["crime_id", "record_type", "offence_code"])
    assert str(error_of(tmp_path / "s.duckdb", path)) == (
        f"{path}: missing required column recorded_at for crimes; found: crime_id, record_type, offence_code")


def test_a_semicolon_delimited_file_is_reported_as_such(tmp_path):
    path = write_csv(tmp_path / "crimes.csv", [crime("C1")], delimiter=";")
    error = error_of(tmp_path / "s.duckdb", path)
    assert str(error) == (f"{path}: the header has no comma (',') but has semicolons: "
                          f"the file seems to be delimited by semicolon (';')")
    assert error.hint == 'say so in a mapping file: `delimiter: ";"`'


def test_a_tab_delimited_file_is_reported_as_such(tmp_path):
    path = write_csv(tmp_path / "crimes.csv", [crime("C1")], delimiter="\t")
    assert "seems to be delimited by tab" in str(error_of(tmp_path / "s.duckdb", path))


def test_bytes_that_are_not_utf8_are_named_by_line_and_byte(tmp_path):
    path = write_csv(tmp_path / "crimes.csv", [crime("C1"), crime("C2", location="Café Row")], encoding="cp1252")
    error = error_of(tmp_path / "s.duckdb", path)
    data = path.read_bytes()
    offset = data.index(b"\xe9")
    column = offset - data.rindex(b"\n", 0, offset)
    assert str(error) == f"{path}: line 3 is not utf-8 text: byte 0xe9 at column {column} (byte {offset} of the file)"
    assert "encoding: cp1252" in error.hint


def test_an_empty_file_is_an_error(tmp_path):
    path = tmp_path / "crimes.csv"
    path.write_bytes(b"")
    assert str(error_of(tmp_path / "s.duckdb", path)) == f"{path}: the file is empty"


def test_a_truncated_parquet_file_is_an_error(tmp_path):
    folder = write_export(tmp_path / "x", {"crimes": [crime(f"C{i}") for i in range(100)]}, fmt="parquet")
    path = folder / "crimes.parquet"
    path.write_bytes(path.read_bytes()[:-200])
    error = error_of(tmp_path / "s.duckdb", path)
    assert str(error).startswith(f"{path}: not a readable Parquet file (")
    assert "truncated or corrupt" in error.hint


def test_a_json_array_file_is_not_json_lines(tmp_path):
    path = tmp_path / "crimes.jsonl"
    path.write_text('[\n {"crime_id": "C1"}\n]\n')
    assert str(error_of(tmp_path / "s.duckdb", path)).startswith(f"{path}: not JSON Lines: line 1 is not valid JSON")


def test_an_unknown_file_name_in_a_directory_suggests_files_in_the_mapping(tmp_path):
    folder = write_export(tmp_path / "x", {"crimes": [crime("C1")]})
    write_csv(folder / "OCCURRENCE.csv", [crime("C2")], list(crime("C2")))
    error = error_of(tmp_path / "s.duckdb", folder)
    assert str(error).startswith(f"{folder / 'OCCURRENCE.csv'}: 'OCCURRENCE' is not a canonical table name")
    assert "`files:`" in error.hint


def test_one_unreadable_file_stores_nothing_from_the_load(tmp_path):
    folder = write_export(tmp_path / "x", small_export())
    (folder / "case_events.csv").write_bytes(b"crime_id,event,at\nC1,arrest,2024-03-03 10:00\nC1,search,\xff\n")
    error_of(tmp_path / "s.duckdb", folder)
    assert query(tmp_path / "s.duckdb", "SELECT (SELECT count(*) FROM crimes), (SELECT count(*) FROM ingest_runs), "
                 "(SELECT count(*) FROM quarantine)") == [(0, 0, 0)]


def test_parquet_and_json_lines_give_the_same_store_as_csv(tmp_path):
    from .conftest import table_contents
    tables = ["crimes", "offences", "person_records", "orders", "order_events", "risk_assessments",
              "victim_care_events", "case_events"]
    contents = []
    for fmt in ("csv", "parquet", "jsonl"):
        ingest(tmp_path / f"{fmt}.duckdb", write_export(tmp_path / fmt, small_export(), fmt))
        contents.append(table_contents(tmp_path / f"{fmt}.duckdb", tables))
    assert contents[0] == contents[1] == contents[2]
    assert len(contents[0]["crimes"]) == 3


def test_a_parquet_row_is_quarantined_with_the_row_as_json(tmp_path):
    folder = write_export(tmp_path / "x", {"crimes": [crime("C1"), crime("C2", record_type="bad")]}, fmt="parquet")
    ingest(tmp_path / "s.duckdb", folder)
    (line, raw), = query(tmp_path / "s.duckdb", "SELECT line, raw FROM quarantine")
    assert line == 2 and raw.startswith('{"crime_id": "C2", "force": "XX", "record_type": "bad"')


def test_typed_parquet_timestamps_load(tmp_path):
    path = tmp_path / "crimes.parquet"
    import datetime as dt
    pq.write_table(pa.table({"crime_id": ["C1"], "record_type": ["crime"], "recorded_at": [dt.datetime(2024, 1, 2, 3, 4)],
                             "offence_code": ["8/65"], "domestic_abuse": [True]}), path)
    ingest(tmp_path / "s.duckdb", path)
    assert query(tmp_path / "s.duckdb", "SELECT recorded_at, domestic_abuse FROM crimes") == [
        (dt.datetime(2024, 1, 2, 3, 4), True)]


def test_a_store_newer_than_the_code_gives_a_clear_error(tmp_path, cli):
    db = tmp_path / "s.duckdb"
    store.connect(db).close()
    import duckdb
    con = duckdb.connect(str(db))
    con.execute("INSERT INTO schema_version VALUES (999, '999_future.sql', current_localtimestamp())")
    con.close()
    code, _, err = cli("--db", db, "ingest", write_csv(tmp_path / "crimes.csv", [crime("C1")]))
    assert code == 2
    assert "the store is at schema version 999, newer than this stalkscreen" in " ".join(err.split())


def test_the_cli_exits_2_with_the_message_for_an_unreadable_file(tmp_path, cli):
    path = tmp_path / "crimes.csv"
    path.write_bytes(b"")
    code, out, err = cli("--db", tmp_path / "s.duckdb", "ingest", path)
    assert (code, out) == (2, "")
    assert f"error: {path}: the file is empty" in " ".join(err.split())  # Rich wraps long lines
