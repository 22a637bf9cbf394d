"""A course of conduct in date order: every record of a person, or of a suspect-victim dyad."""

from __future__ import annotations

import duckdb

from stalkscreen import store
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
    FROM {{crimes}} c"""


def _rows(cursor) -> list[dict]:
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


def _crimes(con: duckdb.DuckDBPyConnection, crime_ids: list[str], role_sql: str, roles: dict | None = None) -> list[dict]:
    """The crimes in date order, read by row id (see store.picked)."""
    crimes, params = store.picked(con, "crimes", "crime_id", crime_ids)
    found = _rows(con.execute(_SELECT.format(role=role_sql, crimes=crimes) + " ORDER BY date, c.crime_id", params))
    if roles is not None:
        for row in found:
            row["role"] = roles[row["crime_id"]]
    return found


def person(con: duckdb.DuckDBPyConnection, person_id: str) -> list[dict]:
    records = [r for (r,) in con.execute("SELECT person_record_id FROM people WHERE person_id = ?", [person_id]).fetchall()]
    if not records:
        raise StalkscreenError(f"no person {person_id}",
                               hint="a person id is the lowest person record id in the cluster; "
                                    "find it with `stalkscreen search --person NAME`")
    roles = dict(con.execute(f"""
        SELECT crime_id, string_agg(DISTINCT role, ', ' ORDER BY role) FROM person_records
        WHERE person_record_id IN ({', '.join('?' * len(records))}) GROUP BY crime_id""", records).fetchall())
    return _crimes(con, sorted(roles), "NULL", roles)


def dyad(con: duckdb.DuckDBPyConnection, dyad_id: str) -> tuple[dict, list[dict]]:
    found = con.execute("SELECT dyad_id, suspect_person_id, victim_person_id, crimes, incidents, first_date, "
                        "last_date, relationships, classifications, crime_ids FROM dyads WHERE dyad_id = ?", [dyad_id])
    head = _rows(found)
    if not head:
        raise StalkscreenError(f"no dyad {dyad_id}", hint="list a person's dyads with `stalkscreen timeline PERSON_ID`")
    crime_ids = head[0].pop("crime_ids")
    return head[0], _crimes(con, crime_ids, "'suspect → victim'")


def dyads_of(con: duckdb.DuckDBPyConnection, person_id: str) -> list[dict]:
    return _rows(con.execute("""
        SELECT dyad_id, suspect_person_id, victim_person_id, crimes + incidents AS records, first_date, last_date
        FROM dyads WHERE suspect_person_id = $p OR victim_person_id = $p ORDER BY first_date, dyad_id""",
                             {"p": person_id}))
