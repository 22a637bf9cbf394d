"""Malformed rows: exactly the listed lines fail the contract's checks, each in the stated way,
in the canonical files and in the RMS-style copy; and the RMS copy loads to the same rows."""

from __future__ import annotations

import datetime as dt

import pytest

from synth_checks import canonical_good_rows, listed, read_export, read_rms, row_defects

TODAY = dt.date.today()


def _found(export, prefix: str, fmt: str, names: dict[str, str]) -> dict[tuple[str, int], set[str]]:
    defects = row_defects(export, TODAY)
    out = {}
    for table, (rows, lines) in export.items():
        for line, bad in zip(lines, defects[table]):
            if bad:
                out[(f"{prefix}{names[table]}.{fmt}", line)] = bad
    return out


@pytest.mark.parametrize("fmt", ["csv", "parquet", "jsonl"])
def test_exactly_the_listed_lines_are_malformed_each_as_stated(forces, fmt):
    folder = forces[fmt]
    found = _found(read_export(folder, fmt), "", fmt, {t: t for t in read_export(folder, fmt)})
    expected = listed(folder / "truth" / "malformed.csv")
    assert set(found) == set(expected)
    assert all(expected[k] in found[k] for k in expected), {k: (expected[k], found[k]) for k in expected if expected[k] not in found[k]}


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_exactly_the_listed_rms_lines_are_malformed_each_as_stated(forces, fmt):
    import yaml

    folder = forces[fmt]
    names = {v: k for k, v in yaml.safe_load((folder / "rms" / "mapping.yaml").read_text())["files"].items()}
    found = _found(read_rms(folder / "rms", fmt), "rms/", fmt, names)
    expected = listed(folder / "truth" / "malformed_rms.csv")
    assert set(found) == set(expected)
    assert all(expected[k] in found[k] for k in expected)


def test_every_defect_kind_occurs(force_csv):
    kinds = set(listed(force_csv / "truth" / "malformed.csv").values())
    assert kinds == {"bad_date", "future_date", "occurred_to_before_from", "unknown_offence_code", "missing_required",
                     "bad_enum", "duplicate_key", "unknown_reference", "made_before_applied", "expires_before_made",
                     "before_crime"}


def test_malformed_rows_are_a_small_fraction(force_csv):
    export = read_export(force_csv, "csv")
    total = sum(len(rows) for rows, _ in export.values())
    assert 0.0005 <= len(listed(force_csv / "truth" / "malformed.csv")) / total <= 0.005


def test_duplicate_listed_is_an_exact_copy_of_an_earlier_line(force_csv):
    rows, lines = read_export(force_csv, "csv")["crimes"]
    by_line = dict(zip(lines, rows))
    for (file, line), defect in listed(force_csv / "truth" / "malformed.csv").items():
        if defect == "duplicate_key":
            earlier = [r for l, r in by_line.items() if l < line and r["crime_id"] == by_line[line]["crime_id"]]
            assert earlier == [by_line[line]]


@pytest.mark.parametrize("fmt", ["csv", "parquet", "jsonl"])
def test_rms_copy_loads_to_the_same_good_rows(forces, fmt):
    folder = forces[fmt]
    main = read_export(folder, fmt)
    other = read_rms(folder / "rms", fmt)
    good_main = canonical_good_rows(main, row_defects(main, TODAY))
    good_rms = canonical_good_rows(other, row_defects(other, TODAY))
    for table in good_main:
        assert good_rms[table] == good_main[table], table
