"""Stores for the link stage: hand-made rows for the small cases, small synthetic forces (made once
per session, fixed seeds) for the whole stage. Fixtures hand out store paths; a test that changes a
store works on its own copy (`copy_store`)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pytest

from stalkscreen.link import run as link_run
from stalkscreen.link import settings as link_settings
from stalkscreen.synth import generate

from support import copy_store, ingest, link, opened, split_export  # noqa: F401  (the tests import them from here)

SEED = 3
CRIMES = 2_000
END_DATE = dt.date(2026, 10, 31)


def settings() -> link_settings.LinkSettings:
    return link_settings.load()


def partition(con: duckdb.DuckDBPyConnection) -> set[frozenset[str]]:
    """The people as a set of sets of person record ids."""
    return {frozenset(ids) for (ids,) in con.execute(
        "SELECT list(person_record_id) FROM people GROUP BY person_id").fetchall()}


def same_person_pairs(groups: set[frozenset[str]]) -> set[tuple[str, str]]:
    return {(a, b) for group in groups for a in group for b in group if a < b}


def add_crime(con: duckdb.DuckDBPyConnection, crime_id: str, recorded_at: str = "2024-03-01 10:00") -> None:
    con.execute("INSERT INTO crimes (crime_id, record_type, recorded_at, occurred_from, offence_code, offence, "
                "narrative, ingest_run_id) VALUES (?, 'crime', ?, ?, '8/65', 'Stalking', ?, 1)",
                [crime_id, recorded_at, recorded_at, f"Narrative of {crime_id}."])


def add_person(con: duckdb.DuckDBPyConnection, person_record_id: str, crime_id: str, **values) -> None:
    """A person record on crime_id (which must exist); unnamed columns are NULL."""
    row = {"person_record_id": person_record_id, "crime_id": crime_id, "role": "victim", "ingest_run_id": 1, **values}
    columns = ", ".join(row)
    con.execute(f"INSERT INTO person_records ({columns}) VALUES ({', '.join('?' * len(row))})", list(row.values()))


# --- synthetic forces -------------------------------------------------------------------------

@pytest.fixture(scope="session")
def force(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("link_force")
    generate(CRIMES, SEED, out, "csv", END_DATE)
    return out


@pytest.fixture(scope="session")
def ingested_db(force, tmp_path_factory) -> Path:
    """The force loaded, not yet linked."""
    db = tmp_path_factory.mktemp("ingested") / "s.duckdb"
    ingest(db, force)
    return db


@pytest.fixture(scope="session")
def linked(ingested_db, tmp_path_factory) -> tuple[Path, link_run.Report]:
    """The force loaded and linked once (full run, model trained). Tests only read it."""
    db = copy_store(ingested_db, tmp_path_factory.mktemp("linked"), "s.duckdb")
    return db, link(db)


@pytest.fixture(scope="session")
def linked_db(linked) -> Path:
    return linked[0]


@pytest.fixture(scope="session")
def split(force, tmp_path_factory) -> tuple[Path, Path, set[str]]:
    folder = tmp_path_factory.mktemp("split")
    later = split_export(force, folder / "first", folder / "second")
    return folder / "first", folder / "second", later


@pytest.fixture(scope="session")
def incremental(split, tmp_path_factory) -> dict:
    """Load 95%, link, load the other 5%, link again; then a full re-run on a copy of that store."""
    first, second, _ = split
    folder = tmp_path_factory.mktemp("incremental")
    db = folder / "s.duckdb"
    ingest(db, first)
    before = link(db)
    ingest(db, second)
    after = link(db)
    with opened(db, read_only=True) as con:
        people = partition(con)
    full_db = copy_store(db, folder, "full.duckdb")
    rerun = link(full_db, full=True)
    with opened(full_db, read_only=True) as con:
        people_full = partition(con)
    return {"db": db, "before": before, "after": after, "people": people, "full": rerun,
            "people_full": people_full}


@pytest.fixture(scope="session")
def one_shot(split, tmp_path_factory) -> dict:
    """Both parts loaded into a fresh store, then linked once."""
    first, second, _ = split
    db = tmp_path_factory.mktemp("one_shot") / "s.duckdb"
    ingest(db, first, second)
    report = link(db)
    with opened(db, read_only=True) as con:
        return {"db": db, "report": report, "people": partition(con)}
