"""The list's sections drawn from the day's events: new high-risk stalking cases, breaches of
orders and newly indicated screening flags. Each query filters by the look-back's dates first
(the tables' time columns), then joins; each row becomes one line that says why it is listed."""

from __future__ import annotations

import datetime as dt

import duckdb

from stalkscreen.casework import definitions
from stalkscreen.dmm import cases as stalking
from stalkscreen.dmm.rules import DmmRules
from stalkscreen.dmm.window import Window
from stalkscreen.reference.offences import Catalogue


def open_command(crime_id: str | None) -> str | None:
    """The command that opens the case behind a line."""
    return f"stalkscreen dmm case {crime_id}" if crime_id else None


def line(section: str, crime_id: str | None, subject: str | None, reason: str, since) -> dict:
    return {"section": section, "crime_id": crime_id, "subject": subject, "reason": reason, "since": since,
            "open": open_command(crime_id)}


def rows(con: duckdb.DuckDBPyConnection, sql: str, params: list) -> list[dict]:
    cursor = con.execute(sql, params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, r)) for r in cursor.fetchall()]


def _minute(value: dt.datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M") if value else "unknown time"


def new_high_risk(con, rules: DmmRules, catalogue: Catalogue, window: Window) -> list[dict]:
    """Stalking cases whose first assessment at a high level was completed in the look-back."""
    cases, case_params = stalking.cases_sql()
    found = rows(con, f"""
        WITH high AS (
            SELECT crime_id, person_record_id, instrument, level, completed_at, assessor FROM risk_assessments_all
            WHERE completed_at >= ? AND completed_at < ? AND lower(level) IN (SELECT unnest(?::VARCHAR[]))
            QUALIFY row_number() OVER (PARTITION BY crime_id ORDER BY completed_at, assessment_id) = 1)
        SELECT h.*, c.recorded_at, c.offence,
               (SELECT arg_max(e.level, e.completed_at) FROM risk_assessments_all e
                WHERE e.crime_id = h.crime_id AND e.completed_at < ?) AS previous_level
        FROM high h JOIN crimes c USING (crime_id)
        WHERE h.crime_id IN ({cases})
          AND NOT EXISTS (SELECT 1 FROM risk_assessments_all e WHERE e.crime_id = h.crime_id AND e.completed_at < ?
                          AND lower(e.level) IN (SELECT unnest(?::VARCHAR[])))
        ORDER BY h.completed_at, h.crime_id""",
        [window.start, window.end, list(rules.high_risk_levels), window.start, *case_params,
         window.start, list(rules.high_risk_levels)])
    return [line("new_high_risk", r["crime_id"], r["person_record_id"], _high_risk_reason(r), r["completed_at"])
            for r in found]


def _high_risk_reason(r: dict) -> str:
    before = (f"risk rose from {r['previous_level']}" if r["previous_level"]
              else f"new case, recorded {r['recorded_at']:%Y-%m-%d}")
    by = f" by {r['assessor']}" if r["assessor"] else ""
    return (f"{r['instrument']} {r['level']} risk, completed {_minute(r['completed_at'])}{by}; {before}; "
            f"{r['offence']}")


# A breach step names the crime that records it in its detail (casework/orders.py does the same).
_BREACHES_SQL = """
    WITH steps AS (
        SELECT e.order_id, e."at", e.detail, e."by" FROM order_events e
        WHERE e.event = 'breached' AND e."at" >= ? AND e."at" < ?),
    words AS (
        SELECT order_id, "at", unnest(regexp_extract_all(coalesce(detail, ''), '[A-Za-z0-9_/-]+')) AS word FROM steps),
    linked AS (
        SELECT w.order_id, w."at", min(c.crime_id) AS breach_crime
        FROM words w JOIN crimes c ON c.crime_id = w.word GROUP BY ALL)
    SELECT s.order_id, s."at", s.detail, o.order_type, o.subject_person_record_id, p.crime_id AS order_crime,
           l.breach_crime
    FROM steps s JOIN orders o USING (order_id) LEFT JOIN linked l USING (order_id, "at")
    LEFT JOIN person_records p ON p.person_record_id = o.subject_person_record_id
    ORDER BY s."at", s.order_id"""


def breaches(con, rules: DmmRules, catalogue: Catalogue, window: Window) -> list[dict]:
    """Breach steps recorded on orders in the look-back, and breach-of-order crimes recorded in it
    that no such step names (a breach recorded only as a crime is still a breach)."""
    steps = rows(con, _BREACHES_SQL, [window.start, window.end])
    out = [line("breaches", r["breach_crime"] or r["order_crime"], r["subject_person_record_id"],
                _step_reason(r), r["at"]) for r in steps]
    named = sorted({r["breach_crime"] for r in steps if r["breach_crime"]})
    window_sql, params = definitions.window_sql("c.recorded_at", window.start, window.last_day)
    crimes = rows(con, f"""
        SELECT c.crime_id, c.recorded_at, c.offence,
               (SELECT min(p.person_record_id) FROM person_records p WHERE p.crime_id = c.crime_id
                AND p.role = 'suspect') AS suspect
        FROM crimes c WHERE {window_sql}
          AND c.crime_id IN (SELECT crime_id FROM offences_effective WHERE offence_code IN (SELECT unnest(?::VARCHAR[])))
          AND c.crime_id NOT IN (SELECT unnest(?::VARCHAR[]))
        ORDER BY c.recorded_at, c.crime_id""", [*params, catalogue.group_codes("breach_of_order"), named])
    out += [line("breaches", r["crime_id"], r["suspect"],
                 f"breach recorded as a crime: {r['offence']}, recorded {_minute(r['recorded_at'])}; "
                 "no breach step on an order names it", r["recorded_at"]) for r in crimes]
    return sorted(out, key=lambda x: (x["since"], x["crime_id"] or ""))


def _step_reason(r: dict) -> str:
    where = (f"recorded as crime {r['breach_crime']}" if r["breach_crime"]
             else "no crime named for the breach (listed under the order's case)")
    detail = f" ({r['detail']})" if r["detail"] else ""
    return f"{r['order_type']} {r['order_id']} breached {_minute(r['at'])}{detail}; {where}"


def new_flags(con, rules: DmmRules, catalogue: Catalogue, window: Window) -> list[dict]:
    """Undecided flags not recorded as stalking, written by a screening run in the look-back, on
    crimes recorded at most max_crime_age_days before the meeting."""
    oldest = window.end - dt.timedelta(days=rules.flag_max_crime_age_days)
    found = rows(con, """
        SELECT f.crime_id, f.score, f.priority, f.reasons, f.screened_at, f.suggested_offence_code,
               f.suggested_role, f.rules_version, c.recorded_at, c.offence
        FROM screening_flags f JOIN crimes c USING (crime_id)
        WHERE f.screened_at >= ? AND f.screened_at < ? AND f.status = 'new' AND f.stalking_recorded IS NULL
          AND c.recorded_at >= ?
        ORDER BY f.screened_at, f.crime_id""", [window.start, window.end, oldest])
    return [line("new_flags", r["crime_id"], None, _flag_reason(r), r["screened_at"]) for r in found]


def _flag_reason(r: dict) -> str:
    rules = ", ".join(dict.fromkeys(x["rule"] for x in r["reasons"]))
    suggests = f"; suggests {r['suggested_offence_code']} as {r['suggested_role']}" if r["suggested_role"] else ""
    return (f"screening flag, {r['priority']} priority (score {r['score']:.2f}): {rules}{suggests}; "
            f"recorded {r['recorded_at']:%Y-%m-%d} as {r['offence']}")
