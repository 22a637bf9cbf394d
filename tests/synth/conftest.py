"""Small synthetic forces (2,000 crimes, fixed seeds), made once per test session."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from stalkscreen.synth import generate

CRIMES = 2_000
SEED = 7
END_DATE = dt.date(2026, 10, 31)


def _make(factory, name: str, fmt: str = "csv", seed: int = SEED) -> Path:
    out = factory.mktemp(name)
    generate(CRIMES, seed, out, fmt, END_DATE)
    return out


@pytest.fixture(scope="session")
def force_csv(tmp_path_factory) -> Path:
    return _make(tmp_path_factory, "force_csv")


@pytest.fixture(scope="session")
def force_parquet(tmp_path_factory) -> Path:
    return _make(tmp_path_factory, "force_parquet", "parquet")


@pytest.fixture(scope="session")
def force_jsonl(tmp_path_factory) -> Path:
    return _make(tmp_path_factory, "force_jsonl", "jsonl")


@pytest.fixture(scope="session")
def forces(force_csv, force_parquet, force_jsonl) -> dict[str, Path]:
    return {"csv": force_csv, "parquet": force_parquet, "jsonl": force_jsonl}
