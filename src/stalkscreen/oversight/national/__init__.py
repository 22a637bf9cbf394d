"""Official statistics for the national picture: Home Office police recorded crime by force and
ONS police-force-area populations, imported from the files a user downloads, with provenance."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb

from stalkscreen.oversight.national import readers
from stalkscreen.oversight.national.load import Imported, store_file

__all__ = ["Imported", "import_file"]


def import_file(con: duckdb.DuckDBPyConnection, path: Path, title: str | None = None, year: int | None = None,
                now: dt.datetime | None = None) -> Imported:
    """Read, check and store one file (ODS or CSV); all or nothing, and safe to run again."""
    return store_file(con, readers.read(Path(path)), title, year, now)
