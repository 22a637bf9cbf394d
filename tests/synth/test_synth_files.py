"""The export's files: names, columns, determinism, formats, and the RMS-style copy."""

from __future__ import annotations

import hashlib

import pytest

from stalkscreen.synth import generate
from synth_checks import COLUMNS, TABLES, read_rows
from conftest import CRIMES, END_DATE, SEED


def _digests(folder) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_same_seed_writes_byte_identical_files(force_csv, tmp_path):
    generate(CRIMES, SEED, tmp_path, "csv", END_DATE)
    assert _digests(tmp_path) == _digests(force_csv)


def test_different_seed_writes_different_crimes(force_csv, tmp_path):
    generate(CRIMES, SEED + 1, tmp_path, "csv", END_DATE)
    assert (tmp_path / "crimes.csv").read_bytes() != (force_csv / "crimes.csv").read_bytes()


@pytest.mark.parametrize("fmt", ["csv", "parquet", "jsonl"])
def test_top_level_holds_exactly_the_eight_contract_files(forces, fmt):
    files = sorted(p.name for p in forces[fmt].iterdir() if p.is_file())
    assert files == sorted(f"{name}.{fmt}" for name in TABLES)


@pytest.mark.parametrize("fmt", ["csv", "parquet", "jsonl"])
@pytest.mark.parametrize("table", TABLES)
def test_every_file_has_exactly_the_contract_columns_in_order(forces, fmt, table):
    columns, _, _ = read_rows(forces[fmt] / f"{table}.{fmt}")
    assert columns == COLUMNS[table]


def test_truth_is_under_truth_and_never_in_the_loaded_files(force_csv):
    truth = sorted(p.name for p in (force_csv / "truth").iterdir())
    assert {"people.csv", "crimes.csv", "malformed.csv", "malformed_rms.csv", "campaigns.csv"} <= set(truth)
    truth_columns = {"true_person_id", "is_stalking", "campaign_id", "correct_offence_code", "defect"}
    for table in TABLES:
        columns, _, _ = read_rows(force_csv / f"{table}.csv")
        assert not truth_columns & set(columns), table


@pytest.mark.parametrize("fmt", ["parquet", "jsonl"])
@pytest.mark.parametrize("table", TABLES)
def test_parquet_and_jsonl_hold_the_same_rows_as_csv(forces, fmt, table):
    _, csv_rows, _ = read_rows(forces["csv"] / f"{table}.csv")
    _, other_rows, _ = read_rows(forces[fmt] / f"{table}.{fmt}")
    assert other_rows == csv_rows


@pytest.mark.parametrize("table", TABLES)
def test_rms_copy_has_the_same_number_of_rows(force_csv, table):
    import yaml

    mapping = yaml.safe_load((force_csv / "rms" / "mapping.yaml").read_text())
    source = {v: k for k, v in mapping["files"].items()}[table]
    _, rows, _ = read_rows(force_csv / "rms" / f"{source}.csv", mapping["encoding"], mapping["delimiter"])
    _, main_rows, _ = read_rows(force_csv / f"{table}.csv")
    assert len(rows) == len(main_rows)


def test_rms_mapping_has_the_contract_shape(force_csv):
    import yaml

    mapping = yaml.safe_load((force_csv / "rms" / "mapping.yaml").read_text())
    assert mapping["version"] == 1
    assert sorted(mapping["files"].values()) == sorted(TABLES)
    for table, spec in mapping["tables"].items():
        assert set(spec["columns"].values()) == set(COLUMNS[table]), table
    assert mapping["offence_codes"]["HAR1"] == "SS8L-01"
