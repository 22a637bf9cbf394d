"""Small canonical exports written by the tests, and helpers to load them and run the CLI."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from stalkscreen import store
from stalkscreen.ingest import load
from stalkscreen.ingest.spec import TABLES
from support import query  # noqa: F401  (the ingest tests import it from here)

NOW = dt.datetime(2025, 6, 1, 12, 0)  # fixed, so "in the future" does not depend on the day; None = now


def crime(crime_id: str, **values) -> dict:
    row = {"crime_id": crime_id, "force": "XX", "record_type": "crime", "recorded_at": "2024-03-01 10:00",
           "occurred_from": "2024-02-28 09:00", "occurred_to": "2024-02-28 10:00", "offence_code": "SS8L-01",
           "offence": "", "domestic_abuse": "yes", "status": "open", "outcome": "", "location": "High Street",
           "postcode": "AB1 2CD", "narrative": f"Narrative of {crime_id}: he waited outside her work."}
    row.update(values)
    return row


def small_export() -> dict[str, list[dict]]:
    """Three crimes with people, an order, events and an assessment: every table, all valid."""
    return {
        "crimes": [crime("C1"), crime("C2", offence_code="195/12", record_type="incident"),
                   crime("C3", offence_code="008/56", domestic_abuse="0")],
        "offences": [{"crime_id": "C1", "offence_code": "SSCD-01", "offence": "", "role": "included"},
                     {"crime_id": "C1", "offence_code": "SS8L-01", "offence": "", "role": "principal"}],
        "person_records": [
            {"person_record_id": "P1", "crime_id": "C1", "role": "victim", "forename": "Ann", "surname": "Lee",
             "dob": "1990-04-02", "relationship": ""},
            {"person_record_id": "P2", "crime_id": "C1", "role": "suspect", "forename": "Bob", "surname": "Ray",
             "dob": "1985-01-01", "relationship": "ex_partner"},
            {"person_record_id": "P3", "crime_id": "C2", "role": "victim", "forename": "Cat", "surname": "Day"}],
        "orders": [{"order_id": "O1", "order_type": "SPO", "subject_person_record_id": "P2",
                    "protected_person_record_id": "P1", "applied_on": "2024-03-02", "made_on": "2024-03-05",
                    "expires_on": "2026-03-05", "status": "made", "conditions": "no contact"}],
        "order_events": [{"order_id": "O1", "event": "made", "at": "2024-03-05 14:00", "by": "court", "detail": ""}],
        "risk_assessments": [{"assessment_id": "R1", "crime_id": "C1", "person_record_id": "P1",
                              "instrument": "S-DASH", "instrument_version": "2024", "completed_at": "2024-03-01 12:00",
                              "answers": '{"q1": true, "q2": "yes"}', "level": "high", "assessor": "PC 1"}],
        "victim_care_events": [{"crime_id": "C1", "person_record_id": "P1", "event": "vna_completed",
                                "at": "2024-03-02 09:00"}],
        "case_events": [{"crime_id": "C1", "event": "spo_considered", "at": "2024-03-02 10:00", "by": "DS 2",
                         "detail": "applied"}],
    }


def write_csv(path: Path, rows: list[dict], columns: list[str] | None = None, **kwargs) -> Path:
    columns = columns or list(TABLES[path.stem].column_names if path.stem in TABLES else rows[0])
    with open(path, "w", newline="", encoding=kwargs.pop("encoding", "utf-8")) as f:
        writer = csv.DictWriter(f, columns, extrasaction="ignore", lineterminator="\n", **kwargs)
        writer.writeheader()
        for row in rows:
            writer.writerow({c: row.get(c, "") for c in columns})
    return path


def write_export(folder: Path, tables: dict[str, list[dict]], fmt: str = "csv") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, rows in tables.items():
        columns = TABLES[name].column_names
        if fmt == "csv":
            write_csv(folder / f"{name}.csv", rows, columns)
        elif fmt == "jsonl":
            (folder / f"{name}.jsonl").write_text(
                "".join(json.dumps({c: r[c] for c in columns if r.get(c, "") != ""}) + "\n" for r in rows))
        else:
            pq.write_table(pa.table({c: [r.get(c) or None for r in rows] for c in columns},
                                    schema=pa.schema([(c, pa.string()) for c in columns])),
                           folder / f"{name}.parquet")
    return folder


def ingest(db: Path, *paths: Path, **kwargs) -> load.Report:
    con = store.connect(db)
    try:
        return load.run(con, list(paths), now=kwargs.pop("now", NOW), **kwargs)
    finally:
        con.close()


def table_contents(db: Path, names: list[str]) -> dict[str, list[tuple]]:
    """Every row of each table, without ingest_run_id, sorted: for comparing two stores."""
    out = {}
    con = store.connect(db, read_only=True)
    try:
        for name in names:
            columns = [c for (c,) in con.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_name = ? ORDER BY ordinal_position",
                [name]).fetchall() if c != "ingest_run_id"]
            out[name] = sorted(con.execute(f"SELECT {', '.join(chr(34) + c + chr(34) for c in columns)} FROM {name}")
                               .fetchall(), key=repr)
    finally:
        con.close()
    return out
