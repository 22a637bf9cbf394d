"""Suspect-victim dyads: every linked suspect paired with every linked victim they share a record with."""

from __future__ import annotations

import duckdb

from stalkscreen.link import tables

EVENT_DATE = "CAST(coalesce(c.occurred_from, c.recorded_at) AS DATE)"


def build(con: duckdb.DuckDBPyConnection, run_id: int) -> int:
    """Replace `dyads` from people, person_records, crimes and offences; return the count."""
    derive(con, "people")
    return store(con, run_id)


def derive(con: duckdb.DuckDBPyConnection, people: str) -> None:
    """Temp link_dyads from `people` (person_id, person_record_id), person_records, crimes and offences."""
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE link_dyads AS
        WITH pairs AS (
            SELECT DISTINCT s_p.person_id AS suspect_person_id, v_p.person_id AS victim_person_id, s.crime_id,
                   s.relationship
            FROM person_records s
            JOIN person_records v ON v.crime_id = s.crime_id AND v.role = 'victim'
            JOIN {people} s_p ON s_p.person_record_id = s.person_record_id
            JOIN {people} v_p ON v_p.person_record_id = v.person_record_id
            WHERE s.role = 'suspect' AND s_p.person_id <> v_p.person_id),
        classified AS (
            SELECT crime_id, list(DISTINCT offence ORDER BY offence) AS names FROM offences GROUP BY crime_id)
        SELECT 'D' || left(md5(p.suspect_person_id || '|' || p.victim_person_id), 12) AS dyad_id,
               p.suspect_person_id, p.victim_person_id,
               list(DISTINCT p.crime_id ORDER BY p.crime_id) AS crime_ids,
               count(DISTINCT p.crime_id) FILTER (WHERE c.record_type = 'crime') AS crimes,
               count(DISTINCT p.crime_id) FILTER (WHERE c.record_type = 'incident') AS incidents,
               min({EVENT_DATE}) AS first_date, max({EVENT_DATE}) AS last_date,
               list(DISTINCT p.relationship ORDER BY p.relationship) FILTER (WHERE p.relationship IS NOT NULL)
                   AS relationships,
               list_sort(list_distinct(flatten(list(k.names)))) AS classifications
        FROM pairs p JOIN crimes c USING (crime_id) LEFT JOIN classified k USING (crime_id)
        GROUP BY p.suspect_person_id, p.victim_person_id""")


def store(con: duckdb.DuckDBPyConnection, run_id: int) -> int:
    """Replace `dyads` with temp link_dyads; return the count."""
    tables.sync(con, "dyads", "link_dyads", ["dyad_id"], tables.columns(con, "dyads", ("dyad_id", "link_run_id")),
                run_id)
    return con.execute("SELECT count(*) FROM dyads").fetchone()[0]
