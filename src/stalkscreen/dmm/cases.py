"""The stalking cases one list is made from, worked out once per list: every section asks which
crimes are stalking cases (casework.definitions), and over a million crimes that question costs
more than the section's own query."""

from __future__ import annotations

import datetime as dt

import duckdb

from stalkscreen.casework import definitions
from stalkscreen.reference.offences import Catalogue

TABLE = "dmm_stalking_cases"


def prepare(con: duckdb.DuckDBPyConnection, catalogue: Catalogue) -> None:
    """Temp table of every stalking case (crime_id, recorded_at), as the casework commands define one."""
    sql, params = definitions.stalking_cases_sql(None, None, catalogue)
    con.execute(f"CREATE OR REPLACE TEMP TABLE {TABLE} AS "
                f"SELECT s.crime_id, c.recorded_at FROM ({sql}) s JOIN crimes c USING (crime_id)", params)


def cases_sql(date_from: dt.date | None = None, date_to: dt.date | None = None) -> tuple[str, list]:
    """crime_id of the stalking cases recorded in [date_from, date_to] (None leaves a side open)."""
    window, params = definitions.window_sql("c.recorded_at", date_from, date_to)
    return f"SELECT crime_id FROM {TABLE} c WHERE {window}", params
