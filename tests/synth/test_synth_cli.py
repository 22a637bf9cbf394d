"""`stalkscreen synth` on the command line."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from stalkscreen.cli.main import app
from stalkscreen.errors import StalkscreenError
from synth_checks import TABLES, read_rows


def test_synth_command_writes_the_export_in_the_chosen_format(tmp_path):
    result = CliRunner().invoke(app, ["synth", "--crimes", "300", "--seed", "3", "--out", str(tmp_path),
                                      "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_file()) == sorted(f"{t}.jsonl" for t in TABLES)
    assert (tmp_path / "rms" / "mapping.yaml").exists() and (tmp_path / "truth" / "people.csv").exists()


def test_end_date_option_bounds_every_recorded_date(tmp_path):
    result = CliRunner().invoke(app, ["synth", "--crimes", "300", "--out", str(tmp_path), "--end-date", "2025-03-31"])
    assert result.exit_code == 0, result.output
    _, rows, _ = read_rows(tmp_path / "crimes.csv")
    good = [r["recorded_at"] for r in rows if r["recorded_at"] and r["recorded_at"][:4] < "2050" and "-02-30" not in r["recorded_at"]]
    assert max(good) <= "2025-03-31 23:59"
    assert min(good) >= "2022-03-31"


def test_a_bad_end_date_is_a_user_error(tmp_path):
    result = CliRunner().invoke(app, ["synth", "--out", str(tmp_path), "--end-date", "31/10/2026"])
    assert isinstance(result.exception, StalkscreenError)
    assert "YYYY-MM-DD" in result.exception.hint


def test_too_few_crimes_is_a_user_error(tmp_path):
    with pytest.raises(StalkscreenError):
        from stalkscreen.synth import generate

        generate(10, 1, tmp_path)
