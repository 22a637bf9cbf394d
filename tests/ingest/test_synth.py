"""End to end with the synthetic force: its malformed rows are exactly what ingest quarantines,
and its other-records-system copy loads through its mapping into the same store."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from .conftest import ingest, query, table_contents

TABLES = ["crimes", "offences", "person_records", "orders", "order_events", "risk_assessments",
          "victim_care_events", "case_events"]


@pytest.fixture(scope="module")
def force(tmp_path_factory) -> Path:
    pytest.importorskip("stalkscreen.synth.export")
    from typer.testing import CliRunner

    from stalkscreen.cli.main import app

    out = tmp_path_factory.mktemp("force")
    result = CliRunner().invoke(app, ["synth", "--crimes", "2000", "--seed", "7", "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out


def truth(path: Path) -> set[tuple[str, int]]:
    with open(path, newline="") as f:
        return {(row["file"], int(row["line"])) for row in csv.DictReader(f)}


def quarantined(db: Path, root: Path) -> set[tuple[str, int]]:
    return {(str(Path(file).relative_to(root)), line) for file, line in query(db, "SELECT file, line FROM quarantine")}


def test_the_quarantined_rows_are_exactly_the_synthetic_forces_malformed_rows(force, tmp_path):
    ingest(tmp_path / "s.duckdb", force, now=None)
    assert quarantined(tmp_path / "s.duckdb", force) == truth(force / "truth" / "malformed.csv")


def test_ingesting_the_synthetic_force_again_adds_nothing(force, tmp_path):
    ingest(tmp_path / "s.duckdb", force, now=None)
    before = table_contents(tmp_path / "s.duckdb", TABLES + ["quarantine"])
    report = ingest(tmp_path / "s.duckdb", force, now=None)
    assert all(f.skipped for f in report.files)
    assert table_contents(tmp_path / "s.duckdb", TABLES + ["quarantine"]) == before


def test_the_other_records_system_copy_loads_through_its_mapping_into_the_same_store(force, tmp_path):
    ingest(tmp_path / "canonical.duckdb", force, now=None)
    ingest(tmp_path / "rms.duckdb", force / "rms", mapping_path=force / "rms" / "mapping.yaml", now=None)
    assert table_contents(tmp_path / "rms.duckdb", TABLES) == table_contents(tmp_path / "canonical.duckdb", TABLES)
    assert quarantined(tmp_path / "rms.duckdb", force) == truth(force / "truth" / "malformed_rms.csv")
