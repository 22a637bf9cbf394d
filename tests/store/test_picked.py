"""store.picked: the rows of a table by key, read by row id."""

from __future__ import annotations

from stalkscreen import store


def _table(tmp_path):
    con = store.connect(tmp_path / "s.duckdb")
    con.execute("CREATE TABLE t AS SELECT 'k' || i AS key, repeat('x', i % 50) AS wide, i FROM range(5000) r(i)")
    return con


def test_picked_rows_are_those_of_the_keys_asked_for(tmp_path):
    con = _table(tmp_path)
    source, params = store.picked(con, "t", "key", ["k7", "k4999", "k0", "absent"])
    assert sorted(con.execute(f"SELECT key, i FROM {source} p", params).fetchall()) == [("k0", 0), ("k4999", 4999), ("k7", 7)]


def test_no_keys_or_no_match_is_an_empty_source_with_the_table_columns(tmp_path):
    con = _table(tmp_path)
    for keys in ([], ["absent"]):
        source, params = store.picked(con, "t", "key", keys)
        cursor = con.execute(f"SELECT * FROM {source} p", params)
        assert cursor.fetchall() == [] and [d[0] for d in cursor.description] == ["key", "wide", "i"]
