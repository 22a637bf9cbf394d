"""A hand-built store for the meeting on Monday 2 November 2026, whose look-back is Friday 30
October 00:00 to Monday 2 November 00:00 (72 hours). Every row below is either on the list (the
comment says why) or a decoy just outside a rule (the comment says which rule keeps it off).

Stalking codes: 195/12, 8/65, 8/66. Not stalking: SS8L-01 harassment, SS8R-01 malicious
communications; breach-of-order codes SSBR-01..03. SPO consideration is due 28 days after recording;
a needs assessment 5 working days after; S-DASH and DASH reviews 28 days after the last one."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from stalkscreen import store

MEETING = dt.date(2026, 11, 2)
CRIMES = [  # crime_id, recorded_at, principal code, status
    ("D1", "2026-10-30 09:00", "8/65", "open"),        # new case, high risk in the window: LISTED
    ("D2", "2026-10-01 09:00", "195/12", "open"),      # medium before, high in the window: LISTED
    ("D3", "2026-10-29 09:00", "8/66", "open"),        # high on Thursday: on Friday's list, not this one
    ("D4", "2026-10-20 09:00", "8/66", "open"),        # already high before the window
    ("D5", "2026-10-28 09:00", "SS8L-01", "open"),     # high but not a stalking case
    ("D6", "2026-10-28 09:00", "8/65", "open"),        # high on the meeting day itself: next list
    ("D7", "2026-10-15 09:00", "SS8L-01", "open"),     # stalking included; high by a recorded S-DASH: LISTED
    ("B1", "2026-10-31 15:00", "SSBR-01", "open"),     # named by order OA's breach step: LISTED once (the step)
    ("B2", "2026-10-30 11:00", "SSBR-02", "open"),     # breach crime no step names: LISTED
    ("B3", "2026-11-02 08:00", "SSBR-01", "open"),     # recorded on the meeting day: next list
    ("B4", "2026-10-31 16:00", "SS8L-01", "open"),     # breach of an NMO as an included offence: LISTED
    ("M1", "2026-10-29 09:00", "SS8R-01", "open"),     # flag screened in the window: LISTED
    ("M2", "2026-09-01 09:00", "SS8R-01", "open"),     # flag screened in the window, crime too old (> 28 days)
    ("M3", "2026-10-30 09:00", "SS8R-01", "open"),     # flag rejected on review
    ("M4", "2026-10-31 09:00", "SS8R-01", "open"),     # screened, not indicated
    ("M5", "2026-10-25 09:00", "SS8R-01", "open"),     # flag screened before the window
    ("M6", "2026-10-31 09:00", "SS8R-01", "open"),     # flag in the window: LISTED; and its S-DASH is due: LISTED
    ("H1", "2026-10-31 10:00", "SS8L-01", "open"),     # harm person PX (rank 1) is its suspect: LISTED
    ("H2", "2026-11-01 10:00", "SS8L-01", "open"),     # harm dyad DY1 (PQ against PV): LISTED
    ("H3", "2026-11-01 11:00", "SS8L-01", "open"),     # PQ against someone else: not the dyad's
    ("H4", "2026-10-31 10:00", "SS8L-01", "open"),     # PW is its suspect, but ranked 25 (top 20 only)
    ("H5", "2026-10-31 10:00", "SS8L-01", "open"),     # PZ (rank 3) only its victim
    ("H6", "2026-10-31 10:00", "SS8L-01", "open"),     # PR is its suspect, ranked only in an older run
    ("H0", "2026-06-01 10:00", "SS8L-01", "open"),     # the harm subjects' earlier crimes
    ("S1", "2026-10-02 10:00", "195/12", "open"),      # SPO consideration due 30 Oct, none: LISTED
    ("S2", "2026-10-04 23:00", "195/12", "open"),      # due 1 Nov, none: LISTED
    ("S3", "2026-10-03 10:00", "195/12", "open"),      # considered
    ("S4", "2026-10-01 10:00", "195/12", "open"),      # overdue from 29 Oct: Friday's list
    ("S5", "2026-10-05 10:00", "195/12", "open"),      # overdue from 2 Nov: Tuesday's list
    ("S6", "2026-10-03 10:00", "195/12", "finalised"), # closed
    ("N1", "2026-10-23 10:00", "8/66", "open"),        # Fri: needs assessment due Fri 30 Oct, none: LISTED
    ("N2", "2026-10-22 10:00", "8/66", "open"),        # Thu: due Thu 29 Oct, done on 28 Oct
    ("N3", "2026-10-22 11:00", "8/66", "open"),        # Thu: due Thu 29 Oct, none: LISTED
    ("N4", "2026-10-24 10:00", "8/66", "open"),        # Sat: counts from Friday, due Fri 30 Oct: LISTED
    ("N5", "2026-10-26 10:00", "8/66", "open"),        # Mon: due Mon 2 Nov: Tuesday's list
    ("R1", "2026-09-20 10:00", "8/66", "open"),        # S-DASH of 3 Oct due for review 31 Oct: LISTED 1 Nov
    ("X1", "2026-10-02 10:00", "SS8L-01", "open"),     # DASH of 3 Oct due for review 31 Oct, not a stalking case
]
INCLUDED = [("D7", "8/66"), ("B4", "SSBR-03")]
PEOPLE = [  # person_record_id, crime_id, role
    ("VD1", "D1", "victim"), ("VD2", "D2", "victim"), ("SD2", "D2", "suspect"), ("SD4", "D4", "suspect"),
    ("VD7", "D7", "victim"), ("SB2", "B2", "suspect"), ("SB4", "B4", "suspect"), ("VM6", "M6", "victim"),
    ("SX1", "H0", "suspect"), ("SX2", "H1", "suspect"),
    ("SQ1", "H0", "suspect"), ("VV1", "H0", "victim"), ("SQ2", "H2", "suspect"), ("VV2", "H2", "victim"),
    ("SQ3", "H3", "suspect"), ("VO3", "H3", "victim"), ("SW4", "H4", "suspect"), ("VZ5", "H5", "victim"),
    ("SR6", "H6", "suspect"), ("SY0", "H0", "suspect"),
    ("VN1", "N1", "victim"), ("VN2", "N2", "victim"), ("VN3", "N3", "victim"), ("VN4", "N4", "victim"),
    ("VN5", "N5", "victim"), ("VR1", "R1", "victim"), ("VX1", "X1", "victim"),
]
LINKED = [("PX", "SX1"), ("PX", "SX2"), ("PQ", "SQ1"), ("PQ", "SQ2"), ("PQ", "SQ3"), ("PV", "VV1"),
          ("PV", "VV2"), ("PW", "SW4"), ("PZ", "VZ5"), ("PR", "SR6"), ("PY", "SY0")]
ASSESSMENTS = [  # assessment_id, crime_id, person_record_id, instrument, completed_at, level
    ("A1", "D1", "VD1", "S-DASH", "2026-10-30 15:00", "high"),
    ("A2", "D2", "VD2", "S-DASH", "2026-10-02 10:00", "medium"),
    ("A3", "D2", "VD2", "S-DASH", "2026-11-01 08:00", "high"),
    ("A4", "D3", None, "S-DASH", "2026-10-29 23:59", "high"),
    ("A5", "D4", None, "S-DASH", "2026-10-21 10:00", "high"),
    ("A6", "D4", None, "S-DASH", "2026-10-31 10:00", "high"),
    ("A7", "D5", None, "S-DASH", "2026-10-31 10:00", "high"),
    ("A8", "D6", None, "S-DASH", "2026-11-02 09:00", "high"),
    ("A9", "R1", "VR1", "S-DASH", "2026-10-03 10:00", "medium"),
    ("A10", "X1", "VX1", "DASH", "2026-10-03 10:00", "medium"),
]
RECORDED = ("RR1", "D7", "VD7", "S-DASH", "2026-10-30 12:00", "high")  # through `risk record`
CARE = [("N2", "VN2", "vna_completed", "2026-10-28 10:00"), ("R1", "VR1", "vna_completed", "2026-09-21 10:00")]
CASE_EVENTS = [("S3", "spo_considered", "2026-10-10 10:00", "DS 1", "SPO considered, not pursued")]
ORDERS = [("OA", "SPO", "SD2", "VD2"), ("OB", "restraining_order", "SD4", None)]
ORDER_EVENTS = [  # order_id, event, at, detail
    ("OA", "made", "2026-10-10 10:00", None),
    ("OA", "breached", "2026-10-29 18:00", "breach recorded on D2"),   # before the window
    ("OA", "breached", "2026-10-31 14:00", "breach recorded on B1"),   # LISTED, as crime B1
    ("OB", "made", "2026-01-10 10:00", None),
    ("OB", "breached", "2026-11-01 10:00", "victim reported contact"),  # LISTED, under the order's case D4
]
FLAGS = [  # crime_id, indicated, screened_at, stalking_recorded
    ("M1", True, "2026-10-30 06:00", None), ("M2", True, "2026-10-31 06:00", None),
    ("M3", True, "2026-10-31 06:00", None), ("M4", False, "2026-10-31 06:00", None),
    ("M5", True, "2026-10-29 06:00", None), ("M6", True, "2026-10-31 07:00", None),
    ("D1", True, "2026-10-31 06:00", "principal"),   # already recorded as stalking
]
HARM = [  # run, kind, subject_id, suspect person, victim person, rank
    (2, "person", "PX", "PX", None, 1), (2, "person", "PY", "PY", None, 2), (2, "person", "PZ", "PZ", None, 3),
    (2, "person", "PW", "PW", None, 25), (2, "dyad", "DY1", "PQ", "PV", 1), (1, "person", "PR", "PR", None, 1),
]

# The list, by hand: section, crime_id, subject, since.
EXPECTED = [
    ("new_high_risk", "D7", "VD7", dt.datetime(2026, 10, 30, 12, 0)),
    ("new_high_risk", "D1", "VD1", dt.datetime(2026, 10, 30, 15, 0)),
    ("new_high_risk", "D2", "VD2", dt.datetime(2026, 11, 1, 8, 0)),
    ("breaches", "B2", "SB2", dt.datetime(2026, 10, 30, 11, 0)),
    ("breaches", "B1", "SD2", dt.datetime(2026, 10, 31, 14, 0)),
    ("breaches", "B4", "SB4", dt.datetime(2026, 10, 31, 16, 0)),
    ("breaches", "D4", "SD4", dt.datetime(2026, 11, 1, 10, 0)),
    ("new_flags", "M1", None, dt.datetime(2026, 10, 30, 6, 0)),
    ("new_flags", "M6", None, dt.datetime(2026, 10, 31, 7, 0)),
    ("high_harm", "H1", "person PX", dt.datetime(2026, 10, 31, 10, 0)),
    ("high_harm", "H2", "dyad DY1", dt.datetime(2026, 11, 1, 10, 0)),
    ("overdue", "N3", "VN3", dt.date(2026, 10, 30)),
    ("overdue", "S1", None, dt.date(2026, 10, 30)),
    ("overdue", "M6", "VM6", dt.date(2026, 10, 31)),
    ("overdue", "N1", "VN1", dt.date(2026, 10, 31)),
    ("overdue", "N4", "VN4", dt.date(2026, 10, 31)),
    ("overdue", "R1", "VR1", dt.date(2026, 11, 1)),
    ("overdue", "S2", None, dt.date(2026, 11, 1)),
]


def build(path: Path) -> Path:
    with store.connect(path) as con, store.transaction(con):
        _canonical(con)
        _screening(con)
        _harm(con)
    return path


def _canonical(con) -> None:
    for crime_id, at, code, status in CRIMES:
        con.execute("INSERT INTO crimes (crime_id, force, record_type, recorded_at, offence_code, offence, status, "
                    "ingest_run_id) VALUES (?, 'Testshire', 'crime', ?, ?, ?, ?, 1)",
                    [crime_id, at, code, f"offence {code}", status])
        con.execute("INSERT INTO offences VALUES (?, ?, ?, 'principal', 1)", [crime_id, code, f"offence {code}"])
    con.executemany("INSERT INTO offences VALUES (?, ?, 'included offence', 'included', 1)", INCLUDED)
    con.executemany("INSERT INTO person_records (person_record_id, crime_id, role, ingest_run_id) VALUES (?, ?, ?, 1)",
                    PEOPLE)
    con.executemany("INSERT INTO people (person_id, person_record_id, status, link_run_id) VALUES (?, ?, 'linked', 1)",
                    LINKED)
    con.executemany("INSERT INTO risk_assessments (assessment_id, crime_id, person_record_id, instrument, completed_at, "
                    "level, assessor, ingest_run_id) VALUES (?, ?, ?, ?, ?, ?, 'PC 1', 1)", ASSESSMENTS)
    con.execute("""INSERT INTO risk_records VALUES (?, ?, ?, ?, '2009', ?, 'DC 2', ?, 9, 2, 0, NULL, false, 'test',
                   'hash', 'answers.yaml', '2026-10-30 12:05')""", list(RECORDED))
    con.executemany("INSERT INTO victim_care_events VALUES (?, ?, ?, ?, 1)", CARE)
    con.executemany("INSERT INTO case_events VALUES (?, ?, ?, ?, ?, 1)", CASE_EVENTS)
    con.executemany("INSERT INTO orders (order_id, order_type, subject_person_record_id, protected_person_record_id, "
                    "ingest_run_id) VALUES (?, ?, ?, ?, 1)", ORDERS)
    con.executemany("""INSERT INTO order_events (order_id, event, "at", detail, ingest_run_id) VALUES (?, ?, ?, ?, 1)""",
                    ORDER_EVENTS)


def _screening(con) -> None:
    con.execute("""INSERT INTO screen_runs (run_id, started_at, mode, engine, rules_version, rules_fingerprint,
                   lexicon_version, offences_version) VALUES (7, '2026-10-31 06:00', 'incremental', 'duckdb',
                   'rules-test', 'f', 'lex-test', 'off-test')""")
    for crime_id, indicated, at, recorded in FLAGS:
        con.execute("""INSERT INTO screening_results (crime_id, indicated, score, priority, reasons,
                       suggested_offence_code, suggested_role, stalking_recorded, narrative_score, narrative_indicated,
                       evidence_items, crime_ingest_run_id, narrative_key, result_hash, rules_version, lexicon_version,
                       screen_run_id, screened_at)
                       VALUES (?, ?, 0.8, 'high', [{'rule': 'conduct.dyad', 'rule_version': '1', 'weight': 0.5,
                               'evidence': []}, {'rule': 'narrative.following', 'rule_version': '1', 'weight': 0.3,
                               'evidence': []}], '8/66', 'included', ?, 0.3, true, ['rule:conduct.dyad'], 1, 'k', 'h',
                               'rules-test', 'lex-test', 7, ?)""", [crime_id, indicated, recorded, at])
    con.execute("""INSERT INTO flag_reviews VALUES (1, 'M3', 'rejected', 'a neighbour dispute', 'DS 9',
                   '2026-10-31 12:00', ['rule:conduct.dyad'], 0.8, 7)""")


def _harm(con) -> None:
    for run in (1, 2):
        con.execute("""INSERT INTO harm_runs VALUES (?, '2026-10-31 05:00', '2026-10-31 05:00', '2026-10-30',
                       'harm-test', 'cchi-test', 'off-test', '{}', 1, 1, 10, 5, 1, 0, 0, 0)""", [run])
    for run, kind, subject, suspect, victim, rank in HARM:
        con.execute("""INSERT INTO harm_scores VALUES (?, ?, ?, ?, ?, ?, ?, 0.9, 3, 1.5, 40.0, 1.0, 1, 0, 3, false, 1,
                       '2026-06-01 10:00', '2026-10-30', 'harm-test', 'cchi-test', '2026-10-31 05:00')""",
                    [run, kind, subject, suspect, victim, rank, 100.0 - rank])
