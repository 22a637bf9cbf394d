"""Hand-built cases for the allocation policy, judged as of 2026-10-31 with the shipped policy
(high risk, or stalking with violence, to RDAIT; otherwise CID; "DA team" is recorded RDAIT)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from stalkscreen import store

AS_OF = dt.date(2026, 10, 31)
CRIMES = [  # crime_id, recorded_at, principal code, status, domestic_abuse
    ("A1", "2026-09-01 10:00", "8/65", "open", True),        # high risk, with RDAIT (as "DA team"): agrees
    ("A2", "2026-09-02 10:00", "195/12", "open", False),     # medium, with CID: agrees
    ("A3", "2026-09-03 10:00", "8/66", "open", False),       # ABH included, standard, with CID: escalate
    ("A4", "2026-09-04 10:00", "8/66", "open", True),        # medium at allocation to CID, high since: escalate
    ("A5", "2026-09-05 10:00", "8/66", "open", False),       # never allocated
    ("A6", "2026-09-06 10:00", "8/66", "open", False),       # with "response", not a policy team
    ("A7", "2026-09-07 10:00", "8/66", "open", False),       # standard, with RDAIT: above the policy
    ("A8", "2026-09-08 10:00", "8/66", "finalised", False),  # closed: not listed
    ("A9", "2026-09-09 10:00", "SS8L-01", "open", False),    # harassment: not a stalking case
    ("A10", "2026-09-10 10:00", "SSVI-02", "open", False),   # ABH principal, stalking included, high: rule high_risk first
]
INCLUDED = [("A3", "SSVI-02"), ("A10", "8/65")]
RISK = [  # assessment_id, crime_id, completed_at, level
    ("R1", "A1", "2026-09-01 12:00", "high"), ("R2", "A2", "2026-09-02 12:00", "medium"),
    ("R3", "A3", "2026-09-03 12:00", "standard"), ("R4", "A4", "2026-09-04 12:00", "medium"),
    ("R5", "A4", "2026-10-20 12:00", "high"), ("R7", "A7", "2026-09-07 12:00", "standard"),
    ("R10", "A10", "2026-09-10 12:00", "high"),
]
ALLOCATED = [  # crime_id, at, team (the detail of an `allocated` case event)
    ("A1", "2026-09-01 13:00", "DA team"), ("A2", "2026-09-02 13:00", "CID"), ("A3", "2026-09-03 13:00", "CID"),
    ("A4", "2026-09-04 13:00", "CID"), ("A6", "2026-09-06 13:00", "response"), ("A7", "2026-09-07 13:00", "RDAIT"),
    ("A8", "2026-09-08 13:00", "response"), ("A10", "2026-09-10 13:00", "stalking and harassment unit"),
]


def build(path: Path) -> Path:
    with store.connect(path) as con, store.transaction(con):
        for crime_id, at, code, status, domestic in CRIMES:
            con.execute("INSERT INTO crimes (crime_id, record_type, recorded_at, offence_code, offence, status, "
                        "domestic_abuse, ingest_run_id) VALUES (?, 'crime', ?, ?, ?, ?, ?, 1)",
                        [crime_id, at, code, f"offence {code}", status, domestic])
            con.execute("INSERT INTO offences VALUES (?, ?, 'x', 'principal', 1)", [crime_id, code])
        con.executemany("INSERT INTO offences VALUES (?, ?, 'x', 'included', 1)", INCLUDED)
        con.executemany("INSERT INTO risk_assessments (assessment_id, crime_id, instrument, completed_at, level, "
                        "ingest_run_id) VALUES (?, ?, 'S-DASH', ?, ?, 1)", RISK)
        con.executemany("""INSERT INTO case_events (crime_id, event, "at", "by", detail, ingest_run_id)
                           VALUES (?, 'allocated', ?, 'PS 1', ?, 1)""", ALLOCATED)
    return path
