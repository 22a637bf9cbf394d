"""A hand-built store whose casework answers are known, judged as of 2026-10-31.

Stalking cases: C1 (stalking principal, recorded Mon 2 Mar 2026), C2 (harassment with stalking
included, Fri 6 Mar), C3 (malicious communications whose screening flag was accepted, Sat 7 Mar),
C6 (stalking, 20 Oct, recent), C7 (stalking, finalised, Fri 20 Mar), C9 (stalking, June 2025),
C10 (stalking, March 2025), C11 (stalking, 2 Apr 2026), C12 (a communications offence whose flag
was accepted, 10 Apr 2026). Not stalking: C4 (harassment), C5 (a
rejected flag), C8 (a breach of an SPO)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from stalkscreen import store

AS_OF = dt.date(2026, 10, 31)
CRIMES = [  # crime_id, recorded_at, principal code, status
    ("C1", "2026-03-02 10:00", "195/12", "under investigation"),
    ("C2", "2026-03-06 09:00", "SS8L-01", "under investigation"),
    ("C3", "2026-03-07 12:00", "SS8R-01", "under investigation"),
    ("C4", "2026-03-10 12:00", "SS8L-01", "under investigation"),
    ("C5", "2026-03-11 12:00", "SSCA-01", "under investigation"),
    ("C6", "2026-10-20 12:00", "8/65", "under investigation"),
    ("C7", "2026-03-20 12:00", "8/65", "finalised"),
    ("C8", "2026-05-01 12:00", "SSBR-01", "under investigation"),
    ("C9", "2025-06-15 12:00", "8/66", "finalised"),
    ("C10", "2025-03-15 12:00", "8/66", "finalised"),
    ("C11", "2026-04-02 12:00", "8/66", "finalised"),
    ("C12", "2026-04-10 12:00", "SSCA-01", "finalised"),
]
INCLUDED = [("C2", "8/66")]
PEOPLE = [("V1", "C1", "victim"), ("S1", "C1", "suspect"), ("V2", "C2", "victim"), ("S2", "C2", "suspect"),
          ("V3", "C3", "victim"), ("S3", "C3", "suspect"), ("V4", "C4", "victim"), ("S4", "C4", "suspect"),
          ("V5", "C5", "victim"), ("S5", "C5", "suspect"), ("V6", "C6", "victim"), ("S6", "C6", "suspect"),
          ("V7", "C7", "victim"), ("S7", "C7", "suspect"), ("V9", "C9", "victim"), ("V10", "C10", "victim"),
          ("V11", "C11", "victim"), ("V12", "C12", "victim")]
LINKED = [("V1", "V1"), ("V1", "V11")]  # person_id, person_record_id: V11 is V1 again
CARE = [  # crime_id, person_record_id, event, at
    ("C1", "V1", "vna_completed", "2026-03-09 16:00"), ("C1", "V1", "vcc_given", "2026-03-04 09:00"),
    ("C1", "V1", "referral_offered", "2026-03-03 09:00"), ("C1", "V1", "referral_made", "2026-03-05 09:00"),
    ("C1", "V1", "update_given", "2026-03-20 09:00"),
    ("C2", "V2", "vna_completed", "2026-03-14 10:00"), ("C2", "V2", "vcc_given", "2026-03-09 10:00"),
    ("C2", "V2", "referral_declined", "2026-03-09 11:00"), ("C2", "V2", "contact_declined", "2026-03-10 11:00"),
    ("C3", "V3", "vna_completed", "2026-03-13 10:00"),
    ("C7", "V7", "vcc_given", "2026-03-25 10:00"),
    ("C9", "V9", "referral_made", "2025-06-20 10:00"), ("C10", "V10", "referral_made", "2025-03-20 10:00"),
]
CASE_EVENTS = [  # crime_id, event, at, by, detail
    ("C1", "allocated", "2026-03-02 11:00", "PS 1", "CID"), ("C1", "spo_considered", "2026-03-05 10:00", "DS 1", ""),
    ("C1", "arrest", "2026-03-04 07:00", "PC 2", "arrested at home address"),
    ("C2", "allocated", "2026-03-06 10:00", "PS 1", "DA team"),
    ("C2", "marac_referral", "2026-03-10 10:00", "DS 3", "referred to MARAC"),
    ("C7", "allocated", "2026-03-20 13:00", "PS 1", "CID"),
]
ORDERS = [  # order_id, type, subject, protected, applied_on, made_on, expires_on
    ("O1", "SPO", "S2", "V2", "2026-03-10", "2026-04-01", "2027-10-01"),
    ("O2", "SPO", "S1", "V1", "2026-03-05", "2026-05-01", "2028-05-01"),
    ("O3", "SPO", "S3", "V3", None, None, None),
    ("O4", "restraining_order", "S4", "V4", "2025-01-01", "2025-01-10", "2026-11-20"),
    ("O5", "NMO", "S5", "V5", "2023-12-20", "2024-01-01", "2025-01-01"),
    ("O6", "SPO", "S7", "V7", "2026-04-01", "2026-04-20", "2028-04-20"),
    ("O7", "interim_SPO", "S6", "V6", "2026-10-21", "2026-10-22", None),
    ("O8", "SPO", "S6", "V6", None, None, None),
]
ORDER_EVENTS = [  # order_id, event, at, by, detail
    ("O1", "considered", "2026-03-08 10:00", "DS 1", None), ("O1", "applied", "2026-03-10 10:00", "DS 1", None),
    ("O1", "made", "2026-04-01 10:00", None, "magistrates' court"), ("O1", "served", "2026-04-02 10:00", "PC 4", None),
    ("O1", "notified", "2026-04-07 10:00", "PC 5", None),
    ("O1", "breached", "2026-05-01 12:00", "PC 6", "breach recorded on C8"),
    ("O2", "applied", "2026-03-05 10:00", "DS 1", None), ("O2", "interim_made", "2026-03-06 10:00", None, None),
    ("O2", "made", "2026-05-01 10:00", None, None), ("O2", "served", "2026-05-02 10:00", "PC 4", None),
    ("O2", "notified", "2026-05-04 10:00", "PC 5", None),
    ("O2", "breached", "2026-06-01 10:00", "PC 6", "victim reported contact"),
    ("O3", "considered", "2026-03-09 10:00", "DS 1", None),
    ("O3", "not_pursued", "2026-03-12 10:00", "DI 1", "insufficient evidence of risk"),
    ("O4", "applied", "2025-01-01 10:00", "DS 2", None), ("O4", "made", "2025-01-10 10:00", None, None),
    ("O4", "served", "2025-01-11 10:00", "PC 2", None),
    ("O6", "applied", "2026-04-01 10:00", "DS 1", None), ("O6", "made", "2026-04-20 10:00", None, None),
    ("O6", "served", "2026-04-21 10:00", "PC 4", None), ("O6", "discharged", "2026-09-01 10:00", None, "on appeal"),
    ("O7", "applied", "2026-10-21 10:00", "DS 1", None), ("O7", "made", "2026-10-22 10:00", None, None),
    ("O7", "served", "2026-10-30 10:00", "PC 4", None),
    ("O8", "considered", "2026-10-21 09:00", "DS 1", None),
]


def build(path: Path) -> Path:
    with store.connect(path) as con, store.transaction(con):
        _fill(con)
    return path


def _fill(con) -> None:
    for crime_id, at, code, status in CRIMES:
        con.execute("INSERT INTO crimes (crime_id, force, record_type, recorded_at, offence_code, offence, status, "
                    "ingest_run_id) VALUES (?, 'Testshire', 'crime', ?, ?, 'x', ?, 1)", [crime_id, at, code, status])
        con.execute("INSERT INTO offences VALUES (?, ?, 'x', 'principal', 1)", [crime_id, code])
    con.executemany("INSERT INTO offences VALUES (?, ?, 'x', 'included', 1)", INCLUDED)
    con.executemany("INSERT INTO person_records (person_record_id, crime_id, role, ingest_run_id) VALUES (?, ?, ?, 1)",
                    PEOPLE)
    con.executemany("INSERT INTO people (person_id, person_record_id, status, link_run_id) VALUES (?, ?, 'linked', 1)",
                    LINKED)
    con.executemany("INSERT INTO victim_care_events VALUES (?, ?, ?, ?, 1)", CARE)
    con.executemany("INSERT INTO case_events VALUES (?, ?, ?, ?, ?, 1)", CASE_EVENTS)
    con.executemany("INSERT INTO orders (order_id, order_type, subject_person_record_id, protected_person_record_id, "
                    "applied_on, made_on, expires_on, ingest_run_id) VALUES (?, ?, ?, ?, ?, ?, ?, 1)", ORDERS)
    con.executemany("INSERT INTO order_events VALUES (?, ?, ?, ?, ?, 1)", ORDER_EVENTS)
    for review_id, crime_id, decision in ((1, "C3", "accepted"), (2, "C5", "rejected"), (3, "C12", "accepted")):
        con.execute("INSERT INTO flag_reviews VALUES (?, ?, ?, 'reviewed', 'DS 9', '2026-03-15 10:00', [], 0.9, 1)",
                    [review_id, crime_id, decision])
