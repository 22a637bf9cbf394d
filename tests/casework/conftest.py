"""Stores for the casework tests: a synthetic force exported as Parquet and loaded (made once per
session; tests that write use a copy), and hand-built stores whose answers are known (handmade.py)."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from stalkscreen import store
from stalkscreen.ingest import load
from stalkscreen.synth import generate

SEED = 3
CRIMES = 30_000
NOW = dt.datetime(2026, 11, 1, 12, 0)  # ingest's "now": fixed, so nothing depends on the day
AS_OF = dt.date(2026, 10, 31)          # the synthetic clock's last day


@pytest.fixture(scope="session")
def export(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("casework_force") / "export"
    generate(CRIMES, SEED, out, "parquet")
    return out


@pytest.fixture(scope="session")
def force_db(export) -> Path:
    """The force loaded. Tests only read it (or copy it)."""
    db = export.parent / "store.duckdb"
    con = store.connect(db)
    try:
        load.run(con, [export], now=NOW)
    finally:
        con.close()
    return db


@pytest.fixture
def writable_force(force_db, tmp_path) -> Path:
    target = tmp_path / "force.duckdb"
    shutil.copyfile(force_db, target)
    return target
