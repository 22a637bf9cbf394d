"""The hand-made store and small files the import tests share (helpers only: no tests here).

Crime C1: victim V1 (phone 07700 900123), suspect S1 (phone +44 7700 900456, email
S.One@Example.org), witness W1. Crime C2: two victims (V2, V3) and no suspect. Crime C3: an
unrelated crime whose person record P9 has the phone 0044 (0)7700 900789."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from stalkscreen import store

NOW = dt.datetime(2026, 11, 1, 12, 0)
BY = "DC Example"
PEOPLE = [  # person_record_id, crime_id, role, phone, email
    ("V1", "C1", "victim", "07700 900123", "victim.one@example.com"),
    ("S1", "C1", "suspect", "+44 7700 900456", " S.One@Example.org "),
    ("W1", "C1", "witness", None, None),
    ("V2", "C2", "victim", None, None),
    ("V3", "C2", "victim", None, None),
    ("P9", "C3", "suspect", "0044 (0)7700 900789", None),
]
TABLES = ["evidence_sources", "evidence_contacts", "evidence_locations", "evidence_places",
          "evidence_party_people", "evidence_quarantine"]
FIXTURES = Path(__file__).parent.parent / "fixtures" / "evidence"


def build(folder: Path) -> Path:
    path = folder / "s.duckdb"
    with store.connect(path) as con, store.transaction(con):
        for crime_id in ("C1", "C2", "C3"):
            con.execute("INSERT INTO crimes (crime_id, force, record_type, recorded_at, offence_code, offence, "
                        "ingest_run_id) VALUES (?, 'Testshire', 'crime', '2026-03-01 09:00', '8/65', 'Stalking', 1)",
                        [crime_id])
        con.executemany("INSERT INTO person_records (person_record_id, crime_id, role, phone, email, ingest_run_id) "
                        "VALUES (?, ?, ?, ?, ?, 1)", PEOPLE)
    return path


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def contacts(folder: Path, name: str, rows: list[tuple[str, ...]],
             header: str = "timestamp,direction,party,channel") -> Path:
    """A contacts CSV: one line per row, fields joined by commas (none of them holds one)."""
    return write(folder, name, "\n".join([header, *(",".join(r) for r in rows)]) + "\n")


def counts(con) -> dict[str, int]:
    return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}


def reasons(con, source_id: int) -> dict[int, str]:
    """line -> reason of the source's quarantined rows."""
    return dict(con.execute("SELECT line, reason FROM evidence_quarantine WHERE source_id = ?", [source_id]).fetchall())
