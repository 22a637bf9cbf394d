"""A course of conduct in date order: every record of a person, or of a suspect-victim dyad."""

from __future__ import annotations

import duckdb

from stalkscreen.errors import StalkscreenError

EXCERPT = 160

_SELECT = f"""
    SELECT CAST(coalesce(c.occurred_from, c.recorded_at) AS DATE) AS date, c.crime_id, c.record_type,
           c.offence_code, c.offence,
           (SELECT string_agg(o.offence, '; ' ORDER BY o.offence) FROM offences o
            WHERE o.crime_id = c.crime_id AND o.role = 'included') AS included,
           {{role}} AS role,
           CASE WHEN length(c.narrative) > {EXCERPT} THEN left(c.narrative, {EXCERPT - 1}) || '…'
                ELSE c.narrative END AS narrative
    FROM crimes c"""


def _rows(cursor) -> list[dict]:
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


def person(con: duckdb.DuckDBPyConnection, person_id: str) -> list[dict]:
    if not con.execute("SELECT count(*) FROM people WHERE person_id = ?", [person_id]).fetchone()[0]:
        raise StalkscreenError(f"no person {person_id}",
                               hint="a person id is the lowest person record id in the cluster; "
                                    "find it with `stalkscreen search --person NAME`")
    sql = _SELECT.format(role="r.roles") + """
        JOIN (SELECT pr.crime_id, string_agg(DISTINCT pr.role, ', ' ORDER BY pr.role) AS roles
              FROM person_records pr JOIN people p USING (person_record_id)
              WHERE p.person_id = ? GROUP BY pr.crime_id) r USING (crime_id)
        ORDER BY date, c.crime_id"""
    return _rows(con.execute(sql, [person_id]))


def dyad(con: duckdb.DuckDBPyConnection, dyad_id: str) -> tuple[dict, list[dict]]:
    found = con.execute("SELECT dyad_id, suspect_person_id, victim_person_id, crimes, incidents, first_date, "
                        "last_date, relationships, classifications FROM dyads WHERE dyad_id = ?", [dyad_id])
    head = _rows(found)
    if not head:
        raise StalkscreenError(f"no dyad {dyad_id}", hint="list a person's dyads with `stalkscreen timeline PERSON_ID`")
    sql = _SELECT.format(role="'suspect → victim'") + """
        WHERE c.crime_id IN (SELECT unnest(crime_ids) FROM dyads WHERE dyad_id = ?)
        ORDER BY date, c.crime_id"""
    return head[0], _rows(con.execute(sql, [dyad_id]))


def dyads_of(con: duckdb.DuckDBPyConnection, person_id: str) -> list[dict]:
    return _rows(con.execute("""
        SELECT dyad_id, suspect_person_id, victim_person_id, crimes + incidents AS records, first_date, last_date
        FROM dyads WHERE suspect_person_id = $p OR victim_person_id = $p ORDER BY first_date, dyad_id""",
                             {"p": person_id}))
