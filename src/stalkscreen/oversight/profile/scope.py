"""The crimes and people a profile is about, gathered once into temporary tables.

- `profile_crimes`: stalking crimes recorded in the period (principal or included offence in the
  catalogue's stalking group, as `stalkscreen search --offence stalking` and the plan measures
  count them), plus crimes the screening stage found but that are not recorded as stalking;
  `source` says which: principal | included | screening.
- `profile_persons`: victims and suspects on stalking crimes of the three years up to the end of
  the period (serial perpetrators are judged over three years), with their linked person where
  linkage has run, else their person record.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import duckdb

from stalkscreen.oversight import measures
from stalkscreen.oversight.profile.model import Options
from stalkscreen.reference.offences import Catalogue

SERIAL_YEARS = 3
NOT_LINKED = "people not linked yet: counted per person record"
NOT_SCREENED = "screening has not been run"


@dataclass
class Context:
    con: duckdb.DuckDBPyConnection
    options: Options
    catalogue: Catalogue
    linked: bool  # person records are grouped into people
    screening: str | None  # None when screening results are used, else why not


def table_exists(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    return con.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = ?", [name]).fetchone()[0] > 0


def rows(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> list[dict]:
    cursor = con.execute(sql, params or [])
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


def columns(con: duckdb.DuckDBPyConnection, table: str) -> set[str]:
    return {c for (c,) in con.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = ?", [table]).fetchall()}


def prepare(con: duckdb.DuckDBPyConnection, options: Options, catalogue: Catalogue) -> Context:
    con.register("profile_catalogue_arrow", catalogue.to_arrow())
    con.execute("CREATE OR REPLACE TEMP TABLE profile_catalogue AS SELECT * FROM profile_catalogue_arrow")
    con.unregister("profile_catalogue_arrow")
    con.execute("CREATE OR REPLACE TEMP TABLE profile_stalking_codes AS SELECT unnest(?::VARCHAR[]) AS offence_code",
                [catalogue.group_codes("stalking")])
    screening_sql, screening_note = _screening(con)
    linked = table_exists(con, "people") and con.execute("SELECT count(*) > 0 FROM people").fetchone()[0]
    _crimes(con, options.date_from, options.date_to, catalogue, screening_sql)
    _persons(con, options, catalogue, screening_sql, linked)
    return Context(con, options, catalogue, bool(linked), screening_note)


def _scope_sql(date_from: dt.date, date_to: dt.date, catalogue: Catalogue, screening_sql: str | None) -> tuple[str, list]:
    """crime_id, source for stalking crimes recorded in the window (both days included)."""
    recorded, params = measures.stalking_crimes_sql(date_from, date_to, catalogue)
    sql = f"""
        SELECT r.crime_id, CASE WHEN c.offence_code IN (SELECT offence_code FROM profile_stalking_codes)
                                THEN 'principal' ELSE 'included' END AS source
        FROM ({recorded}) r JOIN crimes c USING (crime_id)"""
    if not screening_sql:
        return sql, params
    sql += f"""
        UNION ALL
        SELECT f.crime_id, 'screening' FROM ({screening_sql}) f JOIN crimes c USING (crime_id)
        WHERE c.recorded_at >= ? AND c.recorded_at < ? AND f.crime_id NOT IN (SELECT crime_id FROM ({recorded}))"""
    return sql, [*params, date_from, date_to + dt.timedelta(days=1), *params]


def _crimes(con, date_from, date_to, catalogue, screening_sql) -> None:
    scope, params = _scope_sql(date_from, date_to, catalogue, screening_sql)
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE profile_crimes AS
        SELECT c.crime_id, c.recorded_at, strftime(c.recorded_at, '%Y-%m') AS month, c.offence_code,
               c.record_type, c.postcode, c.outcome, c.status, s.source
        FROM ({scope}) s JOIN crimes c USING (crime_id)""", params)


def _persons(con, options: Options, catalogue, screening_sql, linked: bool) -> None:
    start = _years_before(options.date_to, SERIAL_YEARS)
    scope, params = _scope_sql(min(start, options.date_from), options.date_to, catalogue, screening_sql)
    person = "coalesce(pe.person_id, p.person_record_id)" if linked else "p.person_record_id"
    people = "LEFT JOIN (SELECT person_record_id, min(person_id) AS person_id FROM people GROUP BY 1) pe " \
             "USING (person_record_id)" if linked else ""
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE profile_persons AS
        SELECT p.crime_id, p.person_record_id, {person} AS person_id, p.role, p.relationship, c.recorded_at,
               c.recorded_at >= ? AS in_period, c.recorded_at >= ? AS in_serial_window
        FROM ({scope}) s JOIN crimes c USING (crime_id)
        JOIN person_records p ON p.crime_id = s.crime_id AND p.role IN ('victim', 'suspect')
        {people}""", [options.date_from, start, *params])


def _years_before(day: dt.date, years: int) -> dt.date:
    """The first day of the `years`-year window that ends on `day`."""
    try:
        return day.replace(year=day.year - years) + dt.timedelta(days=1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28) + dt.timedelta(days=1)


def _screening(con) -> tuple[str | None, str | None]:
    """A query of crime_id the screening stage flags as stalking (indicated, not recorded as
    stalking, not rejected on review), or why there is none."""
    if not con.execute("SELECT count(*) FROM screen_runs").fetchone()[0]:
        return None, NOT_SCREENED
    return "SELECT crime_id FROM screening_flags WHERE stalking_recorded IS NULL AND status <> 'rejected'", None
