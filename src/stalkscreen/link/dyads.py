"""Suspect-victim dyads: every linked suspect paired with every linked victim they share a record with."""

from __future__ import annotations

import duckdb

EVENT_DATE = "CAST(coalesce(c.occurred_from, c.recorded_at) AS DATE)"


def build(con: duckdb.DuckDBPyConnection, run_id: int) -> int:
    """Replace `dyads` from people, person_records, crimes and offences; return the count."""
    con.execute("DELETE FROM dyads")
    con.execute(f"""
        INSERT INTO dyads
        WITH pairs AS (
            SELECT DISTINCT s_p.person_id AS suspect_person_id, v_p.person_id AS victim_person_id, s.crime_id,
                   s.relationship
            FROM person_records s
            JOIN person_records v ON v.crime_id = s.crime_id AND v.role = 'victim'
            JOIN people s_p ON s_p.person_record_id = s.person_record_id
            JOIN people v_p ON v_p.person_record_id = v.person_record_id
            WHERE s.role = 'suspect' AND s_p.person_id <> v_p.person_id),
        classified AS (
            SELECT crime_id, list(DISTINCT offence ORDER BY offence) AS names FROM offences GROUP BY crime_id)
        SELECT 'D' || left(md5(p.suspect_person_id || '|' || p.victim_person_id), 12),
               p.suspect_person_id, p.victim_person_id,
               list(DISTINCT p.crime_id ORDER BY p.crime_id),
               count(DISTINCT p.crime_id) FILTER (WHERE c.record_type = 'crime'),
               count(DISTINCT p.crime_id) FILTER (WHERE c.record_type = 'incident'),
               min({EVENT_DATE}), max({EVENT_DATE}),
               list(DISTINCT p.relationship ORDER BY p.relationship) FILTER (WHERE p.relationship IS NOT NULL),
               list_sort(list_distinct(flatten(list(k.names)))),
               $run
        FROM pairs p JOIN crimes c USING (crime_id) LEFT JOIN classified k USING (crime_id)
        GROUP BY p.suspect_person_id, p.victim_person_id""", {"run": run_id})
    return con.execute("SELECT count(*) FROM dyads").fetchone()[0]
