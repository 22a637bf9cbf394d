"""`risk due`: the S-DASH assessments due and missing, and the assessments overdue for review,
as one set of SQL over the store (no loop over rows; it runs on a million crimes).

An S-DASH is due for a victim when, by the as-of day:
  - one suspect-victim dyad (link stage) has two or more linked records (policy.linked_records);
    it is reported on the dyad's latest record, due since its second;
  - an assessment answered "yes" to an item that triggers the S-DASH (DASH question 8, the local
    screening questions' "repeated"), due since that assessment;
  - the crime has an indicated screening flag not rejected on review, due since it was recorded;
and no S-DASH is recorded on that crime, nor on any crime of the same dyad. Missing S-DASHes are
listed while their trigger is no older than policy.missing_window_days.

An assessment is overdue for review when it is the latest of its instrument for the crime and
victim, its instrument has a review interval (review_days), the interval has passed, and the crime
is not in a closed status (policy.closed_statuses).
"""

from __future__ import annotations

import datetime as dt

import duckdb

from stalkscreen.risk import instruments as question_banks
from stalkscreen.risk.instruments import Bank

COLUMNS = ["crime_id", "person_record_id", "reason", "kind", "due_since"]

SQL = """
WITH names AS (   -- every spelling of every instrument, with its id and review interval
    SELECT unnest($names::VARCHAR[]) AS name, unnest($instrument_ids::VARCHAR[]) AS instrument_id,
           unnest($review_days::INTEGER[]) AS review_days),
triggers AS (     -- items whose "yes" makes an S-DASH due
    SELECT unnest($trigger_instruments::VARCHAR[]) AS instrument_id, unnest($trigger_paths::VARCHAR[]) AS item_path,
           unnest($trigger_labels::VARCHAR[]) AS label),
assessed AS (
    SELECT a.*, n.instrument_id, n.review_days
    FROM risk_assessments_all a JOIN names n ON n.name = upper(trim(a.instrument))
    WHERE a.completed_at < $end),
sdash AS (SELECT DISTINCT crime_id FROM assessed WHERE instrument_id = $sdash),
dyad_crimes AS (SELECT dyad_id, victim_person_id, unnest(crime_ids) AS crime_id FROM dyads),
covered AS (      -- crimes an S-DASH covers: its own, and every crime of a dyad it was done in
    SELECT crime_id FROM sdash
    UNION SELECT crime_id FROM dyad_crimes WHERE dyad_id IN (
        SELECT dyad_id FROM dyad_crimes WHERE crime_id IN (SELECT crime_id FROM sdash))),
victims AS (
    SELECT p.crime_id, p.person_record_id, pe.person_id
    FROM person_records p LEFT JOIN people pe USING (person_record_id) WHERE p.role = 'victim'),
dyad_state AS (
    SELECT d.dyad_id, d.victim_person_id, count(*) AS records, arg_max(d.crime_id, c.recorded_at) AS crime_id,
           max(c.recorded_at) AS latest_at, list(c.recorded_at ORDER BY c.recorded_at)[$linked::INTEGER] AS due_at,
           bool_or(d.crime_id IN (SELECT crime_id FROM sdash)) AS assessed
    FROM dyad_crimes d JOIN crimes c USING (crime_id) WHERE c.recorded_at < $end
    GROUP BY d.dyad_id, d.victim_person_id),
dyad_due AS (
    SELECT s.crime_id, v.person_record_id, s.records || ' linked incidents' AS reason, CAST(s.due_at AS DATE) AS due_since
    FROM dyad_state s LEFT JOIN victims v ON v.crime_id = s.crime_id AND v.person_id = s.victim_person_id
    WHERE s.records >= $linked::INTEGER AND NOT s.assessed AND s.latest_at >= $window_start),
triggered AS (
    SELECT a.crime_id, a.person_record_id,
           t.label || ' answered yes (' || a.assessment_id || ')' AS reason, CAST(a.completed_at AS DATE) AS due_since
    FROM assessed a JOIN triggers t USING (instrument_id)
    WHERE lower(coalesce(json_extract_string(a.answers, t.item_path || '.answer'),
                         json_extract_string(a.answers, t.item_path))) = 'yes'
      AND a.completed_at >= $window_start AND a.crime_id NOT IN (SELECT crime_id FROM covered)),
trigger_due AS (  -- an assessment naming no victim stands for each victim of its crime
    -- (two branches: a join on "person IS NULL AND crime" is planned as a nested loop)
    SELECT * FROM triggered WHERE person_record_id IS NOT NULL
    UNION ALL
    SELECT a.crime_id, v.person_record_id, a.reason, a.due_since
    FROM triggered a LEFT JOIN victims v USING (crime_id) WHERE a.person_record_id IS NULL),
flag_due AS (
    SELECT f.crime_id, v.person_record_id,
           'screening flag ' || CASE f.status WHEN 'accepted' THEN 'accepted' ELSE 'awaiting review' END AS reason,
           CAST(c.recorded_at AS DATE) AS due_since
    FROM screening_flags f JOIN crimes c USING (crime_id) LEFT JOIN victims v ON v.crime_id = f.crime_id
    WHERE f.status <> 'rejected' AND c.recorded_at < $end AND c.recorded_at >= $window_start
      AND f.crime_id NOT IN (SELECT crime_id FROM covered)),
missing AS (
    SELECT crime_id, person_record_id,
           $sdash::VARCHAR || ' due: ' || string_agg(DISTINCT reason, '; ' ORDER BY reason) || ', none assessed' AS reason,
           'missing' AS kind, min(due_since) AS due_since
    FROM (SELECT * FROM dyad_due UNION ALL SELECT * FROM trigger_due UNION ALL SELECT * FROM flag_due)
    GROUP BY crime_id, person_record_id),
latest AS (
    SELECT crime_id, person_record_id, instrument_id, any_value(review_days) AS review_days,
           max(completed_at) AS last_at
    FROM assessed WHERE review_days IS NOT NULL GROUP BY crime_id, person_record_id, instrument_id),
reviews AS (
    SELECT l.crime_id, l.person_record_id,
           l.instrument_id || ' review overdue since ' || strftime(l.due, '%Y-%m-%d') AS reason,
           'review_overdue' AS kind, l.due AS due_since
    FROM (SELECT *, CAST(CAST(last_at AS DATE) + review_days AS DATE) AS due FROM latest) l JOIN crimes c USING (crime_id)
    WHERE l.due < $as_of AND coalesce(c.status, '') NOT IN (SELECT unnest($closed::VARCHAR[])))
SELECT crime_id, person_record_id, reason, kind, due_since FROM missing
UNION ALL SELECT crime_id, person_record_id, reason, kind, due_since FROM reviews
ORDER BY kind, due_since, crime_id, person_record_id NULLS FIRST
"""


def _instruments(bank: Bank) -> dict:
    """Every spelling of every instrument, its id and review interval (one per id: the newest version's)."""
    by_name: dict[str, tuple[str, int | None]] = {}
    for _, instrument in sorted(bank.instruments.items(), key=lambda kv: kv[0][1]):
        for name in instrument.names():
            by_name[name] = (instrument.id, instrument.review_days)
    return {"names": list(by_name), "instrument_ids": [v[0] for v in by_name.values()],
            "review_days": [v[1] for v in by_name.values()]}


def _triggers(bank: Bank) -> dict:
    """Items whose "yes" makes the S-DASH due: instrument id, the item's JSON path, a label."""
    rows = sorted({(i.id, item.id, f"{i.id} question {item.number}") for i in bank.instruments.values()
                   for item in i.items if item.triggers == bank.policy.sdash_instrument})
    return {"trigger_instruments": [r[0] for r in rows], "trigger_paths": [f'$."{r[1]}"' for r in rows],
            "trigger_labels": [r[2] for r in rows]}


def risk_due(con: duckdb.DuckDBPyConnection, as_of: dt.date, bank: Bank | None = None) -> list[dict]:
    """Rows of crime_id, person_record_id (the victim, may be None), reason, kind (missing |
    review_overdue) and due_since (a date), judged at the end of the as-of day. bank: the question
    banks and policy (default: the shipped file, with STALKSCREEN_RISK_INSTRUMENTS laid over it)."""
    bank = bank or question_banks.load()
    policy = bank.policy
    params = {"end": dt.datetime.combine(as_of + dt.timedelta(days=1), dt.time()), "as_of": as_of,
              "window_start": dt.datetime.combine(as_of - dt.timedelta(days=policy.missing_window_days), dt.time()),
              "sdash": policy.sdash_instrument, "linked": policy.linked_records,
              "closed": list(policy.closed_statuses), **_instruments(bank), **_triggers(bank)}
    return [dict(zip(COLUMNS, row)) for row in con.execute(SQL, params).fetchall()]
