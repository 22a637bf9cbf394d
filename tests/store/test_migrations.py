import duckdb
import pytest

from stalkscreen import store
from stalkscreen.errors import StalkscreenError

CANONICAL = {
    "crimes", "offences", "person_records", "orders", "order_events", "risk_assessments",
    "victim_care_events", "case_events", "quarantine", "ingest_runs",
}


def tables(con):
    return {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}


def test_new_store_has_every_canonical_table(tmp_path):
    con = store.connect(tmp_path / "s.duckdb")
    assert CANONICAL <= tables(con)


def test_new_store_is_at_the_latest_schema_version(tmp_path):
    con = store.connect(tmp_path / "s.duckdb")
    assert store.schema_version(con) == store.migrations()[-1][0]


def test_migration_numbers_are_unique_and_start_at_one(tmp_path):
    numbers = [n for n, _, _ in store.migrations()]
    assert numbers == list(range(1, len(numbers) + 1))


def test_reopening_a_store_applies_nothing_twice(tmp_path):
    path = tmp_path / "s.duckdb"
    store.connect(path).close()
    con = store.connect(path)
    assert con.execute("SELECT count(*) FROM schema_version").fetchone()[0] == len(store.migrations())


def test_an_older_store_is_upgraded_on_open(tmp_path):
    path = tmp_path / "s.duckdb"
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE schema_version (version INTEGER PRIMARY KEY, name VARCHAR, applied_at TIMESTAMP)")
    number, name, sql = store.migrations()[0]
    con.execute(sql)
    con.execute("INSERT INTO schema_version VALUES (?, ?, now())", [number, name])
    con.close()
    con = store.connect(path, read_only=True)
    assert store.schema_version(con) == store.migrations()[-1][0]


def test_a_store_newer_than_the_code_is_refused_with_a_clear_message(tmp_path):
    path = tmp_path / "s.duckdb"
    con = store.connect(path)
    con.execute("INSERT INTO schema_version VALUES (999, '999_future.sql', now())")
    con.close()
    with pytest.raises(StalkscreenError, match="schema version 999, newer than this stalkscreen"):
        store.connect(path)


def test_a_file_that_is_not_a_store_is_refused(tmp_path):
    path = tmp_path / "notes.duckdb"
    path.write_text("these are not the tables you are looking for\n" * 100)
    with pytest.raises(StalkscreenError, match="notes.duckdb"):
        store.connect(path)


def test_reading_a_missing_store_says_how_to_make_one(tmp_path):
    with pytest.raises(StalkscreenError) as caught:
        store.connect(tmp_path / "absent.duckdb", read_only=True)
    assert "stalkscreen ingest" in caught.value.hint


def test_a_failed_transaction_leaves_the_store_as_it_was(tmp_path):
    con = store.connect(tmp_path / "s.duckdb")
    with pytest.raises(RuntimeError):
        with store.transaction(con):
            con.execute("INSERT INTO case_events VALUES ('C1', 'arrest', now(), 'PC 1', NULL, 1)")
            raise RuntimeError("killed half-way")
    assert con.execute("SELECT count(*) FROM case_events").fetchone()[0] == 0
