"""One case as the meeting opens it (`stalkscreen dmm case CRIME`): the crime, its offences
(with accepted reclassifications), its people, risk assessments, orders of its people, its case
events and teams, and its screening flag."""

from __future__ import annotations

import duckdb

from stalkscreen.dmm.sections import rows
from stalkscreen.errors import StalkscreenError

PARTS = {
    "crime": """SELECT crime_id, record_type, recorded_at, offence_code, offence, domestic_abuse, status, outcome,
                       narrative FROM crimes WHERE crime_id = ?""",
    "offences": "SELECT offence_code, offence, role, origin FROM offences_effective WHERE crime_id = ? ORDER BY role DESC, offence_code",
    "people": """SELECT person_record_id, role, forename, surname, dob, relationship FROM person_records
                 WHERE crime_id = ? ORDER BY role DESC, person_record_id""",
    "risk_assessments": """SELECT assessment_id, instrument, level, completed_at, assessor, person_record_id, origin
                           FROM risk_assessments_all WHERE crime_id = ? ORDER BY completed_at""",
    "orders": """SELECT o.order_id, o.order_type, o.subject_person_record_id, o.protected_person_record_id, o.made_on,
                        o.expires_on, o.status FROM orders o JOIN person_records p
                 ON p.person_record_id IN (o.subject_person_record_id, o.protected_person_record_id)
                 WHERE p.crime_id = ? GROUP BY ALL ORDER BY o.order_id""",
    "events": """SELECT event, "at", "by", detail FROM case_events WHERE crime_id = ?
                 UNION ALL SELECT 'allocated', "at", "by", team || ': ' || reason FROM case_allocations WHERE crime_id = ?
                 ORDER BY "at", event""",
    "flag": """SELECT crime_id, status, priority, score, suggested_offence_code, suggested_role, screened_at,
                      decision, review_reason FROM screening_flags WHERE crime_id = ?""",
}


def show(con: duckdb.DuckDBPyConnection, crime_id: str) -> dict[str, list[dict]]:
    crime_id = crime_id.strip()
    found = rows(con, PARTS["crime"], [crime_id])
    if not found:
        raise StalkscreenError(f"case '{crime_id}': no such crime in the store",
                               hint="the case ids on the list are crime ids; check the list or the store (--db)")
    out = {"crime": found}
    for part, sql in PARTS.items():
        if part != "crime":
            out[part] = rows(con, sql, [crime_id] * sql.count("?"))
    return out
