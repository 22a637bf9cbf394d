"""Rows refused at load: what `stalkscreen quarantine` and the web page list."""

from __future__ import annotations

import duckdb

from stalkscreen.errors import StalkscreenError
from stalkscreen.ingest.spec import TABLES

COLUMNS = ["run_id", "table_name", "file", "line", "reason", "raw"]


def rows(con: duckdb.DuckDBPyConnection, run: int | None = None, table: str | None = None,
         limit: int | None = None) -> list[dict]:
    """Quarantined rows, by load, file and line; optionally of one load, one table, the first `limit`."""
    if table is not None and table not in TABLES:
        raise StalkscreenError(f"unknown table '{table}'", hint="tables: " + ", ".join(TABLES))
    found = con.execute(f"""SELECT {', '.join(COLUMNS)} FROM quarantine
                            WHERE (? IS NULL OR run_id = ?) AND (? IS NULL OR table_name = ?)
                            ORDER BY run_id, file, line LIMIT ?""", [run, run, table, table, limit]).fetchall()
    return [dict(zip(COLUMNS, r)) for r in found]
