"""Bad order and event rows are refused at load into quarantine with the reason, never half
applied: an order for an unknown person, dates out of order, an unknown lifecycle step, an order
not pursued without a reason, a duplicate event. (A victim-care event before the crime and an
expiry before the order was made are tested in tests/ingest/test_rows.py.)"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

from stalkscreen import store
from stalkscreen.ingest import load
from stalkscreen.ingest.spec import TABLES

from support import query

NOW = dt.datetime(2025, 6, 1, 12, 0)


def export(folder: Path, orders: list[dict], events: list[dict]) -> Path:
    tables = {
        "crimes": [{"crime_id": "C1", "record_type": "crime", "recorded_at": "2024-03-01 10:00", "offence_code": "195/12"}],
        "person_records": [{"person_record_id": "P1", "crime_id": "C1", "role": "victim"},
                           {"person_record_id": "P2", "crime_id": "C1", "role": "suspect"}],
        "orders": orders, "order_events": events}
    folder.mkdir(parents=True, exist_ok=True)
    for name, rows in tables.items():
        with open(folder / f"{name}.csv", "w", newline="", encoding="utf-8") as f:
            writer = csv.DictWriter(f, TABLES[name].column_names, lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
    return folder


def order(order_id: str, **values) -> dict:
    row = {"order_id": order_id, "order_type": "SPO", "subject_person_record_id": "P2",
           "protected_person_record_id": "P1", "applied_on": "2024-03-02", "made_on": "2024-03-20",
           "expires_on": "2026-03-20"}
    return {**row, **values}


def event(order_id: str, step: str, at: str, detail: str = "") -> dict:
    return {"order_id": order_id, "event": step, "at": at, "by": "DS 1", "detail": detail}


def load_export(tmp_path: Path, orders: list[dict], events: list[dict]) -> tuple[Path, load.Report]:
    db = tmp_path / "s.duckdb"
    con = store.connect(db)
    try:
        report = load.run(con, [export(tmp_path / "x", orders, events)], now=NOW)
    finally:
        con.close()
    return db, report


def reasons(db: Path, table: str) -> dict[int, str]:
    return dict(query(db, "SELECT line, reason FROM quarantine WHERE table_name = ?", [table]))


def test_an_order_for_an_unknown_person_is_quarantined_and_so_are_its_events(tmp_path):
    db, _ = load_export(tmp_path, [order("O1"), order("O2", subject_person_record_id="P9")],
                        [event("O2", "applied", "2024-03-02 10:00")])
    assert (reasons(db, "orders"), reasons(db, "order_events")) == (
        {3: "subject_person_record_id: no person record 'P9' in the store or in this load"},
        {2: "order_id: order 'O2' is quarantined in this load (orders.csv line 3)"})


def test_an_order_made_before_it_was_applied_for_is_quarantined(tmp_path):
    db, _ = load_export(tmp_path, [order("O1", made_on="2024-03-01")], [])
    assert reasons(db, "orders") == {2: "made_on: '2024-03-01' is before applied_on '2024-03-02'"}


def test_an_unknown_lifecycle_step_is_quarantined(tmp_path):
    db, _ = load_export(tmp_path, [order("O1")], [event("O1", "granted", "2024-03-20 10:00")])
    assert reasons(db, "order_events") == {2: "event: 'granted' is not one of " + ", ".join(
        TABLES["order_events"].column("event").allowed)}


def test_an_order_not_pursued_without_a_reason_is_quarantined(tmp_path):
    db, _ = load_export(tmp_path, [order("O1", applied_on="", made_on="", expires_on="")],
                        [event("O1", "considered", "2024-03-02 10:00"), event("O1", "not_pursued", "2024-03-03 10:00")])
    assert reasons(db, "order_events") == {3: "detail: an order not pursued needs the reason (detail is empty)"}


def test_a_duplicate_order_event_is_quarantined_naming_the_first(tmp_path):
    db, _ = load_export(tmp_path, [order("O1")], [event("O1", "made", "2024-03-20 10:00"),
                                                 event("O1", "made", "2024-03-20 10:00", "again")])
    assert reasons(db, "order_events") == {
        3: "duplicate order_id 'O1', event 'made', at '2024-03-20 10:00:00': the first row with this key is line 2"}


def test_a_refused_order_leaves_nothing_behind_and_the_rest_load(tmp_path):
    db, report = load_export(tmp_path, [order("O1"), order("O2", expires_on="2024-01-01")],
                             [event("O1", "made", "2024-03-20 10:00"), event("O2", "made", "2024-03-20 10:00")])
    counts = {f.table: (f.read, f.loaded, f.quarantined) for f in report.files}
    assert ((counts["orders"], counts["order_events"]),
            query(db, "SELECT order_id FROM orders UNION ALL SELECT order_id FROM order_events")) == (
        ((2, 1, 1), (2, 1, 1)), [("O1",), ("O1",)])
