"""Who is who in a crime's evidence: the suspect-victim pairs, each contact party's person, and the
contacts between the two people of each pair (working tables for the rest of the analysis).

People are compared by person key, `coalesce(people.person_id, person_record_id)`, so a linked
person's records on other crimes (or an empty `people` table) give the same answer.

A contact belongs to a pair when the device's owner is one of the pair and the contact's party is
the other: the party's person comes from `evidence_party_people` (matched on a phone or email, or
attributed by an investigator). When both phones were extracted, one message is on both: outgoing on
the sender's, incoming on the receiver's, at the same second on the same channel. It is counted
once, as one contact from one of the pair to the other (`from_suspect`).

Local days, hours and weekdays are in the report's zone (`Parameters.timezone`), from the stored
UTC times: a message at 2026-06-01 23:30 UTC is on 2 June in London.
"""

from __future__ import annotations

import duckdb

# Working tables, one connection's own (TEMP), replaced by each report and dropped after it.
WORK_TABLES = ("ev_people", "ev_pairs", "ev_party_keys", "ev_contacts")


def local(column: str) -> str:
    """SQL for a stored UTC timestamp column as local wall-clock time in the zone bound at `?`.
    timezone('UTC', ts) reads the naive time as UTC, so the session's TimeZone plays no part."""
    return f"timezone(?, timezone('UTC', {column}))"


def key_of(alias: str, record_column: str) -> str:
    """SQL for the person key of a record column, given `people` joined as alias."""
    return f"coalesce({alias}.person_id, {record_column})"


def prepare(con: duckdb.DuckDBPyConnection, crime_id: str, zone: str) -> None:
    """Make the working tables for one crime."""
    _people(con, crime_id)
    _pairs(con)
    _party_keys(con, crime_id)
    _contacts(con, crime_id, zone)


def rows(cursor: duckdb.DuckDBPyConnection) -> list[dict]:
    """A query's rows as plain dicts (the Findings tables)."""
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


def drop(con: duckdb.DuckDBPyConnection) -> None:
    for table in WORK_TABLES:
        con.execute(f"DROP TABLE IF EXISTS temp.{table}")


def _people(con, crime_id: str) -> None:
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE ev_people AS
        SELECT r.person_record_id, {key_of('p', 'r.person_record_id')} AS person_key, r.role,
               nullif(trim(concat_ws(' ', r.forename, r.surname)), '') AS name
        FROM person_records r LEFT JOIN people p USING (person_record_id)
        WHERE r.crime_id = ? AND r.role IN ('suspect', 'victim')""", [crime_id])


def _pairs(con) -> None:
    # A person recorded twice on the crime (two records, one key) is one side of a pair, once.
    con.execute("""
        CREATE OR REPLACE TEMP TABLE ev_pairs AS
        WITH named AS (SELECT person_key, role, min(name) AS name FROM ev_people GROUP BY ALL)
        SELECT s.person_key || ' -> ' || v.person_key AS pair, s.person_key AS suspect_key,
               v.person_key AS victim_key, s.name AS suspect_name, v.name AS victim_name
        FROM named s JOIN named v ON s.role = 'suspect' AND v.role = 'victim' AND s.person_key <> v.person_key""")


def _party_keys(con, crime_id: str) -> None:
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE ev_party_keys AS
        SELECT DISTINCT e.party, {key_of('p', 'e.person_record_id')} AS person_key
        FROM evidence_party_people e LEFT JOIN people p USING (person_record_id)
        WHERE e.crime_id = ?""", [crime_id])


def _contacts(con, crime_id: str, zone: str) -> None:
    """ev_contacts: one row per contact between a pair, both phones' copies counted once."""
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE ev_contacts AS
        WITH c AS (
            SELECT c.at_utc, c.channel, c.party, c.direction,
                   {key_of('p', 'c.owner_person_record_id')} AS owner_key
            FROM evidence_contacts c LEFT JOIN people p ON p.person_record_id = c.owner_person_record_id
            WHERE c.crime_id = ?),
        with_party AS (SELECT c.*, k.person_key AS party_key FROM c JOIN ev_party_keys k USING (party)),
        matched AS (
            SELECT pr.pair, c.at_utc, c.channel, c.direction = 'outgoing' AS from_suspect
            FROM with_party c JOIN ev_pairs pr ON c.owner_key = pr.suspect_key AND c.party_key = pr.victim_key
            UNION ALL
            SELECT pr.pair, c.at_utc, c.channel, c.direction <> 'outgoing' AS from_suspect
            FROM with_party c JOIN ev_pairs pr ON c.owner_key = pr.victim_key AND c.party_key = pr.suspect_key),
        once AS (SELECT DISTINCT pair, at_utc, channel, from_suspect FROM matched),
        located AS (SELECT *, {local('at_utc')} AS local_at FROM once)
        SELECT pair, at_utc, channel, from_suspect, local_at, CAST(local_at AS DATE) AS day,
               hour(local_at) AS hour, isodow(local_at) - 1 AS weekday
        FROM located""", [crime_id, zone])
