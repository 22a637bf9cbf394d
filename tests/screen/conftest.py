"""Stores for the screen stage: small synthetic forces (made once per session, fixed seeds),
loaded, linked and screened; and hand-made forces for single rules (handmade.py). Fixtures hand
out store paths; a test that changes a store works on its own copy (`copy_store`)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from stalkscreen.reference import offences
from stalkscreen.screen import lexicon, rules
from stalkscreen.screen import run as screen_run
from stalkscreen.synth import generate

from support import copy_store, ingest, link, opened, split_export  # noqa: F401  (the tests import them from here)

SEED = 5
CRIMES = 2_000
END_DATE = dt.date(2026, 10, 31)
# Every column of a result but the run that wrote it and when.
CONTENT = ("crime_id, indicated, score, priority, reasons, suggested_offence_code, suggested_role, dyad_id, "
           "stalking_recorded, narrative_score, narrative_indicated, evidence_items")


def screen(db: Path, pack: rules.RulePack | None = None, **kwargs) -> screen_run.Report:
    with opened(db) as con:
        return screen_run.run(con, pack or rules.load(), lexicon.load(), offences.load(), **kwargs)


def results_from_nothing(db: Path, folder: Path) -> dict[str, tuple]:
    """The results a full screen of a copy of the store gives, as if it had never been screened."""
    full = copy_store(db, folder, "from_nothing.duckdb")
    with opened(full) as con:
        con.execute("DELETE FROM screening_results")
    screen(full, full=True)
    return results(full)


def results(db: Path) -> dict[str, tuple]:
    """crime_id -> the result's content (everything but run and time)."""
    with opened(db, read_only=True) as con:
        return {row[0]: row for row in con.execute(f"SELECT {CONTENT} FROM screening_results").fetchall()}


@pytest.fixture(scope="session")
def force(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("screen_force")
    generate(CRIMES, SEED, out, "csv", END_DATE)
    return out


@pytest.fixture(scope="session")
def linked_db(force, tmp_path_factory) -> Path:
    """The force loaded and linked, not screened. Tests only read it (or copy it)."""
    db = tmp_path_factory.mktemp("screen_linked") / "s.duckdb"
    ingest(db, force)
    link(db)
    return db


@pytest.fixture(scope="session")
def screened(linked_db, tmp_path_factory) -> tuple[Path, screen_run.Report]:
    """The linked force screened once. Tests only read it."""
    db = copy_store(linked_db, tmp_path_factory.mktemp("screened"), "s.duckdb")
    return db, screen(db)


@pytest.fixture(scope="session")
def screened_db(screened) -> Path:
    return screened[0]
