"""A hand-built store whose risk answers are known, judged as of 2026-10-31 (Saturday).

- R1, R2, R3: one dyad (suspect person S1, victim person V1; records V1a, V1b, V1c), no S-DASH:
  an S-DASH is missing on R3 (the latest), for V1c, due since R2 (the second record).
- R4, R5: one dyad (victim V4) with an S-DASH recorded on R4 on 2026-09-01: nothing missing, but
  its review (28 days) is overdue since 2026-09-29.
- R6: a DASH (loaded from the export) with question 8 answered yes on 2026-10-05, no S-DASH.
- R7: a DASH with question 8 answered no, completed 2026-10-20: nothing due, review not yet due.
- R8: an indicated screening flag never reviewed. R9: an indicated flag rejected on review.
- R10: an accepted flag, with an S-DASH completed 2026-10-25 (review not yet due).
- R11: finalised, with an S-DASH from 2026-01-10: its overdue review is not chased.
- R12: an indicated flag on a crime recorded 2025-01-01, outside the 365-day window.
- R13: a dyad of one record (victim V13): nothing due.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from stalkscreen import store

AS_OF = dt.date(2026, 10, 31)
CRIMES = [  # crime_id, recorded_at, status
    ("R1", "2026-09-01 10:00", "under investigation"), ("R2", "2026-09-20 10:00", "under investigation"),
    ("R3", "2026-10-10 10:00", "under investigation"), ("R4", "2026-08-30 10:00", "under investigation"),
    ("R5", "2026-09-15 10:00", "under investigation"), ("R6", "2026-10-04 10:00", "under investigation"),
    ("R7", "2026-10-19 10:00", "under investigation"), ("R8", "2026-10-12 10:00", "under investigation"),
    ("R9", "2026-10-13 10:00", "under investigation"), ("R10", "2026-10-14 10:00", "under investigation"),
    ("R11", "2026-01-05 10:00", "finalised"), ("R12", "2025-01-01 10:00", "under investigation"),
    ("R13", "2026-10-01 10:00", "under investigation"),
]
PEOPLE = [  # person_record_id, crime_id, role, person_id
    ("V1a", "R1", "victim", "V1"), ("V1b", "R2", "victim", "V1"), ("V1c", "R3", "victim", "V1"),
    ("S1a", "R1", "suspect", "S1"), ("S1b", "R2", "suspect", "S1"), ("S1c", "R3", "suspect", "S1"),
    ("V4a", "R4", "victim", "V4"), ("V4b", "R5", "victim", "V4"), ("S4a", "R4", "suspect", "S4"),
    ("S4b", "R5", "suspect", "S4"), ("V6", "R6", "victim", "V6"), ("V7", "R7", "victim", "V7"),
    ("V8", "R8", "victim", "V8"), ("V9", "R9", "victim", "V9"), ("V10", "R10", "victim", "V10"),
    ("V11", "R11", "victim", "V11"), ("V12", "R12", "victim", "V12"), ("V13", "R13", "victim", "V13"),
    ("S13", "R13", "suspect", "S13"),
]
DYADS = [  # dyad_id, suspect, victim, crime_ids
    ("D1", "S1", "V1", ["R1", "R2", "R3"]), ("D4", "S4", "V4", ["R4", "R5"]), ("D13", "S13", "V13", ["R13"]),
]
DASH_YES_Q8 = '{' + ", ".join(f'"q{i}": "{"yes" if i == 8 else "no"}"' for i in range(1, 25)) + '}'
DASH_NO_Q8 = '{' + ", ".join(f'"q{i}": "no"' for i in range(1, 25)) + '}'
SDASH = '{"very_frightened": "yes", "loitering": "no"}'
ASSESSMENTS = [  # assessment_id, crime_id, person_record_id, instrument, completed_at, answers, level
    ("RA4", "R4", "V4a", "S-DASH", "2026-09-01 12:00", SDASH, "medium"),
    ("RA6", "R6", "V6", "DASH", "2026-10-05 12:00", DASH_YES_Q8, "standard"),
    ("RA7", "R7", "V7", "DASH", "2026-10-20 12:00", DASH_NO_Q8, "standard"),
    ("RA10", "R10", "V10", "S-DASH", "2026-10-25 12:00", SDASH, "high"),
    ("RA11", "R11", "V11", "S-DASH", "2026-01-10 12:00", SDASH, "high"),
]
FLAGS = [("R8", None), ("R9", "rejected"), ("R10", "accepted"), ("R12", None)]  # crime_id, review decision


def build(path: Path) -> Path:
    with store.connect(path) as con, store.transaction(con):
        _fill(con)
    return path


def _fill(con) -> None:
    for crime_id, at, status in CRIMES:
        con.execute("INSERT INTO crimes (crime_id, force, record_type, recorded_at, offence_code, offence, status, "
                    "ingest_run_id) VALUES (?, 'Testshire', 'crime', ?, '8/66', 'x', ?, 1)", [crime_id, at, status])
    for record_id, crime_id, role, person_id in PEOPLE:
        con.execute("INSERT INTO person_records (person_record_id, crime_id, role, ingest_run_id) VALUES (?, ?, ?, 1)",
                    [record_id, crime_id, role])
        con.execute("INSERT INTO people (person_id, person_record_id, status, link_run_id) VALUES (?, ?, 'linked', 1)",
                    [person_id, record_id])
    for dyad_id, suspect, victim, crimes in DYADS:
        con.execute("INSERT INTO dyads (dyad_id, suspect_person_id, victim_person_id, crime_ids, crimes, incidents, "
                    "link_run_id) VALUES (?, ?, ?, ?, ?, 0, 1)", [dyad_id, suspect, victim, crimes, len(crimes)])
    con.executemany("INSERT INTO risk_assessments (assessment_id, crime_id, person_record_id, instrument, "
                    "instrument_version, completed_at, answers, level, assessor, ingest_run_id) "
                    "VALUES (?, ?, ?, ?, '2009', ?, ?, ?, 'PC 1', 1)", ASSESSMENTS)
    for review_id, (crime_id, decision) in enumerate(FLAGS, start=1):
        con.execute("INSERT INTO screening_results (crime_id, indicated, score, priority, reasons, narrative_score, "
                    "narrative_indicated, evidence_items, crime_ingest_run_id, narrative_key, result_hash, "
                    "rules_version, lexicon_version, screen_run_id, screened_at) "
                    "VALUES (?, true, 0.8, 'high', [], 0.5, true, ['rule:x'], 1, 'k', 'h', 'r', 'l', 1, "
                    "'2026-10-15 09:00')", [crime_id])
        if decision:
            con.execute("INSERT INTO flag_reviews VALUES (?, ?, ?, 'reviewed', 'DS 9', '2026-10-16 10:00', "
                        "['rule:x'], 0.8, 1)", [review_id, crime_id, decision])
