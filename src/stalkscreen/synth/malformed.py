"""Malformed rows, added (never made by breaking a real row) so that nothing cascades: each bad
row is new, and nothing refers to it. The list of them is ground truth for ingest's quarantine."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pyarrow as pa

RATE = 0.0015
BAD_CODE = "199/99"  # shaped like a Home Office code, in no catalogue


@dataclass
class Bad:
    position: int       # inserted before this row of the good table
    row: dict
    defect: str
    twin: int = -1      # for a duplicate: the good row it copies
    source: int = -1    # the good row the bad one was made from


@dataclass
class Placed:
    index: int          # row in the final table
    defect: str
    twin: int = -1      # final row of the first occurrence, for a duplicate


def _shift(text: str, days: int, fmt: str = "%Y-%m-%d %H:%M") -> str:
    return (dt.datetime.strptime(text, fmt) + dt.timedelta(days=days)).strftime(fmt)


def _count(rows: int, kinds: int) -> int:
    return max(1, int(round(rows * RATE / kinds)))


def plan(rng: np.random.Generator, tables: dict[str, pa.Table]) -> dict[str, list[Bad]]:
    out: dict[str, list[Bad]] = {name: [] for name in tables}
    fresh = {"n": 0}

    def new_id(prefix: str, width: int) -> str:
        fresh["n"] += 1
        return f"{prefix}{90_000_000 + fresh['n']:0{width}d}"

    def sample(name: str) -> tuple[int, dict]:
        i = int(rng.integers(0, tables[name].num_rows))
        return i, tables[name].slice(i, 1).to_pylist()[0]

    copied: set[int] = set()

    def add(name: str, kinds: list) -> None:
        for defect, change in kinds:
            for _ in range(_count(tables[name].num_rows, len(kinds))):
                i, row = sample(name)
                if defect == "duplicate_key":
                    while i in copied:  # one copy per original, so "the second occurrence" is clear
                        i, row = sample(name)
                    copied.add(i)
                    pos = int(rng.integers(i + 1, tables[name].num_rows + 1))
                    out[name].append(Bad(pos, row, defect, twin=i, source=i))
                    continue
                change(row)
                out[name].append(Bad(int(rng.integers(0, tables[name].num_rows + 1)), row, defect, source=i))

    def new_crime(row: dict) -> None:
        row["crime_id"] = new_id("CR", 8)

    def crime(**fields):
        def change(row):
            new_crime(row)
            row.update({k: (v(row) if callable(v) else v) for k, v in fields.items()})
        return change

    add("crimes", [
        ("bad_date", crime(recorded_at=lambda r: r["recorded_at"][:5] + "02-30" + r["recorded_at"][10:])),
        ("future_date", crime(recorded_at=lambda r: _shift(r["recorded_at"], 50 * 365))),
        ("occurred_to_before_from", crime(occurred_from=lambda r: _shift(r["recorded_at"], -1),
                                          occurred_to=lambda r: _shift(r["recorded_at"], -3))),
        ("unknown_offence_code", crime(offence_code=BAD_CODE, offence=None)),
        ("missing_required", crime(recorded_at=None)),
        ("bad_enum", crime(record_type="crim")),
        ("duplicate_key", None),
    ])
    add("offences", [
        ("unknown_offence_code", lambda r: r.update(offence_code=BAD_CODE, role="included")),
        ("bad_enum", lambda r: r.update(role="primary")),
    ])
    add("person_records", [
        ("unknown_reference", lambda r: r.update(person_record_id=new_id("PR", 9), crime_id=new_id("CR", 8))),
        ("bad_enum", lambda r: r.update(person_record_id=new_id("PR", 9), role="vicitm")),
        ("bad_date", lambda r: r.update(person_record_id=new_id("PR", 9), dob="1985-13-31")),
    ])
    if tables["orders"].num_rows:
        add("orders", [
            ("unknown_reference", lambda r: r.update(order_id=new_id("ORD", 8), subject_person_record_id=new_id("PR", 9))),
            ("made_before_applied", lambda r: r.update(order_id=new_id("ORD", 8), made_on=_day(r["applied_on"], -10))),
            ("expires_before_made", lambda r: r.update(order_id=new_id("ORD", 8), made_on=_day(r["applied_on"], 5),
                                                       expires_on=_day(r["applied_on"], -20))),
        ])
        add("order_events", [("unknown_reference", lambda r: r.update(order_id=new_id("ORD", 8)))])
    add("risk_assessments", [("missing_required", lambda r: r.update(assessment_id=new_id("RA", 8), instrument=None))])
    recorded = dict(zip(tables["crimes"].column("crime_id").to_pylist(), tables["crimes"].column("recorded_at").to_pylist()))
    add("victim_care_events", [
        ("before_crime", lambda r: r.update(event="vna_completed", at=_shift(recorded[r["crime_id"]], -2))),
        ("bad_enum", lambda r: r.update(event="vna_complete")),
    ])
    add("case_events", [
        ("unknown_reference", lambda r: r.update(crime_id=new_id("CR", 8))),
        ("bad_date", lambda r: r.update(at=r["at"][:5] + "06-31" + r["at"][10:])),
    ])
    return out


def _day(text: str, days: int) -> str:
    return (dt.date.fromisoformat(text) + dt.timedelta(days=days)).isoformat()


def insert(table: pa.Table, bad: list[Bad]) -> tuple[pa.Table, list[Placed]]:
    """The table with the bad rows inserted at their positions, and where each ended up."""
    order = sorted(range(len(bad)), key=lambda j: (bad[j].position, j))
    pieces, placed, start = [], [], 0
    for rank, j in enumerate(order):
        b = bad[j]
        pieces.append(table.slice(start, b.position - start))
        pieces.append(pa.Table.from_pylist([b.row], schema=table.schema))
        start = b.position
        twin = -1
        if b.twin >= 0:  # the original's final row: its position plus the bad rows placed before it
            twin = b.twin + sum(1 for k in order[:rank] if bad[k].position <= b.twin)
        placed.append(Placed(b.position + rank, b.defect, twin))
    pieces.append(table.slice(start))
    return pa.concat_tables(pieces).combine_chunks(), placed
