"""Hand-made evidence stores for the analysis tests (no tests here): crime E1 with suspect S1 and
victim V1 (synthetic people, phones in Ofcom's drama range), and helpers that INSERT evidence rows
straight into the tables, so the tests do not depend on the importer."""

from __future__ import annotations

import datetime as dt
import itertools
from pathlib import Path

import pyarrow as pa

from stalkscreen import store

CRIME = "E1"
SUSPECT, VICTIM = "S1", "V1"
PHONES = {"S1": "+447700900001", "V1": "+447700900002", "W1": "+447700900003"}
PEOPLE = [("S1", "suspect", "Sam", "Stone"), ("V1", "victim", "Vera", "Vale"), ("W1", "witness", "Wyn", "Wood")]
AT = dt.datetime(2026, 11, 1, 12, 0)
_lines = itertools.count(1)


def new_store(folder: Path, people=PEOPLE, crime_id: str = CRIME):
    """A store with the crime and its person records; each phone attributed to its person."""
    con = store.connect(folder / "s.duckdb")
    con.execute("INSERT INTO crimes (crime_id, record_type, recorded_at, offence_code, offence, ingest_run_id) "
                "VALUES (?, 'crime', '2026-01-05 10:00', '8/65', 'stalking', 1)", [crime_id])
    for record, role, forename, surname in people:
        con.execute("INSERT INTO person_records (person_record_id, crime_id, role, forename, surname, phone, "
                    "ingest_run_id) VALUES (?, ?, ?, ?, ?, ?, 1)", [record, crime_id, role, forename, surname,
                                                                    PHONES.get(record)])
        if record in PHONES:
            party(con, PHONES[record], record, crime_id=crime_id)
    return con


def party(con, party: str, record: str, matched_on: str = "phone", crime_id: str = CRIME) -> None:
    con.execute("INSERT INTO evidence_party_people VALUES (?, ?, ?, ?, 'test', ?, NULL)",
                [crime_id, party, record, matched_on, AT])


def source(con, kind: str, owner: str, device: str | None = None, crime_id: str = CRIME) -> int:
    source_id = con.execute("SELECT nextval('evidence_source_seq')").fetchone()[0]
    con.execute("INSERT INTO evidence_sources VALUES (?, ?, ?, ?, ?, NULL, NULL, ?, ?, NULL, 'DC Test', ?, 1, 1, 0, 0)",
                [source_id, crime_id, kind, f"{owner}_{kind}.csv", f"hash{source_id}", owner, device, AT])
    return source_id


def contacts(con, owner: str, rows: list[tuple], device: str = "phone", crime_id: str = CRIME) -> None:
    """rows: (at_utc, direction, party, channel); party may be a person record named in PHONES."""
    sid = source(con, "contacts", owner, device, crime_id)
    at, direction, parties, channel = zip(*rows) if rows else ((), (), (), ())
    parties = [PHONES.get(p, p) for p in parties]
    table = pa.table({"source_id": [sid] * len(rows), "crime_id": [crime_id] * len(rows),
                      "line": [next(_lines) for _ in rows], "owner_person_record_id": [owner] * len(rows),
                      "device": [device] * len(rows), "at_utc": pa.array(at, pa.timestamp("us")),
                      "direction": direction, "channel": channel, "party_raw": parties, "party": parties,
                      "party_kind": ["phone"] * len(rows), "duration_s": pa.nulls(len(rows), pa.int32()),
                      "content": pa.nulls(len(rows), pa.string())})
    con.register("contact_rows", table)
    con.execute("INSERT INTO evidence_contacts SELECT * FROM contact_rows")
    con.unregister("contact_rows")


def messages(at: list[dt.datetime], direction: str = "outgoing", party: str = VICTIM,
             channel: str = "sms") -> list[tuple]:
    return [(t, direction, party, channel) for t in at]


def fixes(con, owner: str, device: str, rows: list[tuple], crime_id: str = CRIME) -> None:
    """rows: (at_utc, latitude, longitude[, accuracy_m[, source]])."""
    sid = source(con, "locations", owner, device, crime_id)
    defaults = (10.0, "gps")
    full = [tuple(r) + defaults[len(r) - 3:] for r in rows]
    if full:
        con.executemany("INSERT INTO evidence_locations VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        [[sid, crime_id, next(_lines), owner, device, *r] for r in full])


def place(con, owner: str, label: str, latitude: float, longitude: float, radius_m: float = 0.0,
          kind: str = "home", crime_id: str = CRIME) -> None:
    sid = source(con, "places", owner, None, crime_id)
    con.execute("INSERT INTO evidence_places VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [sid, crime_id, next(_lines), owner, label, kind, latitude, longitude, radius_m])


def daily_messages(first: dt.date, counts: list[int], hour: int = 12) -> list[dt.datetime]:
    """counts[i] messages on first + i days, a minute apart from hour:00 UTC."""
    return [dt.datetime.combine(first + dt.timedelta(days=i), dt.time(hour)) + dt.timedelta(minutes=m)
            for i, n in enumerate(counts) for m in range(n)]
