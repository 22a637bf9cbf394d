"""Small stores built with SQL INSERTs into the canonical tables, indexed with index.update."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from stalkscreen import store
from stalkscreen.cli.main import app
from stalkscreen.search import index

CRIMES = [
    # crime_id, recorded_at, principal code, principal name, narrative
    ("C1", "2024-01-05 10:00", "195/12", "Pursue course of conduct in breach of s1(1) which amounts to stalking",
     "He followed her home from work and waited outside her house every night."),
    ("C2", "2024-02-10 09:30", "SS8L-01", "Harassment",
     "The suspect sent repeated messages and was seen following the victim to the gym."),
    ("C3", "2024-03-15 14:00", "SS8R-01", "Sending letters etc with intent to cause distress or anxiety",
     "Letters were delivered to the doorstep. Flowers were left on the car."),
    ("C4", "2024-04-20 18:45", "125/9", "Causing intentional harassment, alarm or distress",
     "A dispute between neighbours about parking."),
    ("C5", "2024-05-01 08:00", "8/65", "Stalking involving fear of violence",
     "Tracker found on the victim's car; he follows her daily."),
    ("C6", "2024-06-01 08:00", "SSCD-01", "Criminal damage to a dwelling", None),
]
INCLUDED = [
    ("C2", "8/66", "Stalking involving serious alarm or distress"),
    ("C3", "195/12", "Pursue course of conduct in breach of s1(1) which amounts to stalking"),
    ("C4", "SS8L-01", "Harassment"),
]
PEOPLE = [
    # person_record_id, crime_id, role, forename, surname
    ("P1", "C1", "victim", "Zoë", "Renée"),
    ("P2", "C1", "suspect", "John", "Smith"),
    ("P3", "C2", "suspect", "Jon", "SMYTH"),
    ("P4", "C3", "victim", "Siobhán", "O'Brien"),
    ("P5", "C4", "witness", "Ann", "Li"),
    ("P6", "C5", "suspect", "Mark", "Jones"),
]


def build_store(path, crimes=CRIMES, included=INCLUDED, people=PEOPLE, run_id=1):
    con = store.connect(path)
    with store.transaction(con):
        for crime_id, at, code, name, narrative in crimes:
            con.execute(
                "INSERT INTO crimes (crime_id, force, record_type, recorded_at, offence_code, offence, narrative, ingest_run_id) "
                "VALUES (?, 'Testshire', 'crime', ?, ?, ?, ?, ?)", [crime_id, at, code, name, narrative, run_id])
            con.execute("INSERT INTO offences VALUES (?, ?, ?, 'principal', ?)", [crime_id, code, name, run_id])
        for crime_id, code, name in included:
            con.execute("INSERT INTO offences VALUES (?, ?, ?, 'included', ?)", [crime_id, code, name, run_id])
        for pid, crime_id, role, forename, surname in people:
            con.execute(
                "INSERT INTO person_records (person_record_id, crime_id, role, forename, surname, ingest_run_id) "
                "VALUES (?, ?, ?, ?, ?, ?)", [pid, crime_id, role, forename, surname, run_id])
        index.update(con)
    con.close()
    return path


@pytest.fixture
def db(tmp_path):
    return build_store(tmp_path / "store.duckdb")


def _run_cli(db, *args):
    """The CLI's JSON output for these arguments (fails the test on a non-zero exit)."""
    result = CliRunner().invoke(app, ["--db", str(db), "search", *args, "--format", "json"])
    assert result.exit_code == 0, (result.output, result.exception)
    return json.loads(result.stdout)


@pytest.fixture
def run_cli():
    return _run_cli
