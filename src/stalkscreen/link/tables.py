"""Writing a stage's result tables by difference, so a re-run writes only the rows that changed."""

from __future__ import annotations

import duckdb


def sync(con: duckdb.DuckDBPyConnection, target: str, fresh: str, key: list[str], compared: list[str],
         run_id: int, scope: str | None = None) -> None:
    """Make `target` hold the rows of `fresh` (the target's columns in order, but its last,
    link_run_id). Rows equal on `key` and `compared` are left alone, keeping their link_run_id: the
    run that last changed them; new rows get run_id. With `scope` (a condition on t), only target
    rows matching it are replaced or removed."""
    if not con.execute(f"SELECT count(*) FROM (SELECT 1 FROM {target} LIMIT 1)").fetchone()[0]:
        con.execute(f"INSERT INTO {target} SELECT f.*, {int(run_id)} FROM {fresh} f")  # a first run: nothing to compare
        return
    matches = " AND ".join([*(f"t.{c} = f.{c}" for c in key), *(f"t.{c} IS NOT DISTINCT FROM f.{c}" for c in compared)])
    limit = f"AND ({scope})" if scope else ""
    con.execute(f"DELETE FROM {target} t WHERE NOT EXISTS (SELECT 1 FROM {fresh} f WHERE {matches}) {limit}")
    same_key = " AND ".join(f"t.{c} = f.{c}" for c in key)
    con.execute(f"INSERT INTO {target} SELECT f.*, {int(run_id)} FROM {fresh} f "
                f"WHERE NOT EXISTS (SELECT 1 FROM {target} t WHERE {same_key})")


def columns(con: duckdb.DuckDBPyConnection, table: str, leave_out: tuple[str, ...] = ("link_run_id",)) -> list[str]:
    return [c for (c,) in con.execute("SELECT column_name FROM information_schema.columns WHERE table_name = ? "
                                      "ORDER BY ordinal_position", [table]).fetchall() if c not in leave_out]
