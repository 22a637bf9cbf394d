"""Fixtures for the risk tests: the hand-built store (handmade.py), the shipped question banks, and
answer files written the way an officer's system would write them."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from stalkscreen.risk import instruments

from . import handmade

SDASH_IDS = ["very_frightened", "previous_harassment", "property_damaged", "visits_3_per_week", "loitering",
             "threats_of_violence", "third_parties_harassed", "acted_violently", "persuaded_others",
             "drugs_or_alcohol", "violent_in_past"]


@pytest.fixture
def db(tmp_path) -> Path:
    return handmade.build(tmp_path / "risk.duckdb")


@pytest.fixture(scope="session")
def bank() -> instruments.Bank:
    return instruments.load()


def dash(assessment_id: str = "NEW1", yes: int = 0, level: str = "standard", crime: str = "R7",
         person: str | None = "V7", **fields) -> dict:
    """A DASH 2009 assessment answering the first `yes` questions yes and the rest no."""
    answers = {f"q{i}": "yes" if i <= yes else "no" for i in range(1, 25)}
    return {"assessment_id": assessment_id, "crime_id": crime, "person_record_id": person, "instrument": "DASH",
            "instrument_version": "2009", "completed_at": "2026-10-30T10:00", "assessor": "PC 2001 Example",
            "assessor_level": level, "answers": answers, **fields}


def sdash(assessment_id: str = "NEW2", yes: int = 0, level: str = "medium", crime: str = "R3",
          person: str | None = "V1c", **fields) -> dict:
    answers = {item: {"answer": "yes" if i < yes else "no", "comment": f"note {i + 1}"}
               for i, item in enumerate(SDASH_IDS)}
    return {**dash(assessment_id, 0, level, crime, person), "instrument": "S-DASH", "answers": answers, **fields}


def write_json(folder: Path, data, name: str = "answers.json") -> Path:
    path = folder / name
    path.write_text(json.dumps(data, indent=1), encoding="utf-8")
    return path


def write_csv(folder: Path, assessments: list[dict], name: str = "answers.csv") -> Path:
    """One row per answer, the assessment's fields repeated."""
    path = folder / name
    columns = ["assessment_id", "crime_id", "person_record_id", "instrument", "instrument_version", "completed_at",
               "assessor", "assessor_level", "item", "answer", "comment"]
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(columns)
        for a in assessments:
            for item, value in a["answers"].items():
                answer, comment = (value["answer"], value.get("comment")) if isinstance(value, dict) else (value, "")
                writer.writerow([a.get(c) or "" for c in columns[:8]] + [item, answer, comment or ""])
    return path
