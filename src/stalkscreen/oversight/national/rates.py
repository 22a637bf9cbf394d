"""Recorded stalking and harassment per 1,000 people: a force, England and Wales, and a group of
most similar forces, by financial year and offence code, from the imported official statistics.

England and Wales is the 43 territorial police force areas: the forces that have an ONS
population. British Transport Police has none, so its crimes are left out of every rate.
A financial year is set against the population of the mid-year it starts in (2024/25 against
mid-2024), or the nearest mid-year imported, which the result names.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

import duckdb

from stalkscreen.errors import StalkscreenError
from stalkscreen.oversight.national.load import FORCE_KEY_SQL

STALKING_AND_HARASSMENT = ["8L", "8M", "8Q", "8R", "8U"]  # the Home Office "Stalking and harassment" subgroup
STALKING = "8Q"
ALL_CODES = "all"  # the five codes together
ENGLAND_AND_WALES = "England and Wales"
SIMILAR_GROUP = "Most similar forces"


@dataclass(frozen=True)
class Area:
    name: str
    force_keys: tuple[str, ...] | None  # None: every force area with a population


def loaded(con: duckdb.DuckDBPyConnection) -> tuple[bool, bool]:
    """(recorded crime imported, population imported)."""
    crime = con.execute("SELECT count(*) > 0 FROM national_recorded_crime").fetchone()[0]
    population = con.execute("SELECT count(*) > 0 FROM national_population").fetchone()[0]
    return crime, population


def resolve_force(con: duckdb.DuckDBPyConnection, name: str, option: str) -> tuple[str, str]:
    """(force_key, the Home Office spelling) for a force name as a user writes it."""
    row = con.execute(f"SELECT force_key, min(force_name) FROM national_recorded_crime "
                      f"WHERE force_key = {FORCE_KEY_SQL.format('?')} GROUP BY 1", [name]).fetchone()
    if row:
        return row[0], row[1]
    names = [r[0] for r in con.execute("SELECT DISTINCT force_name FROM national_recorded_crime ORDER BY 1").fetchall()]
    close = difflib.get_close_matches(name, names, n=3, cutoff=0.5)
    raise StalkscreenError(f"{option} '{name}' is not a force in the imported recorded crime tables",
                           hint=("did you mean " + " or ".join(f"'{c}'" for c in close) + "?") if close
                           else "forces: " + ", ".join(names[:50]))


def rates(con: duckdb.DuckDBPyConnection, areas: list[Area]) -> list[dict]:
    """One row per area, financial year and offence code (and `all` for the five together)."""
    names = [a.name for a in areas for _ in (a.force_keys or [None])]
    keys = [k for a in areas for k in (a.force_keys or [None])]
    sql = f"""
    WITH area AS (SELECT unnest(?::VARCHAR[]) AS area, unnest(?::VARCHAR[]) AS force_key),
    years AS (
        SELECT financial_year, CAST(left(financial_year, 4) AS INTEGER) AS start_year,
               greatest(count(DISTINCT financial_quarter), coalesce(max(quarters), 0)) AS quarters
        FROM national_recorded_crime GROUP BY 1),
    year_population AS (
        SELECT y.*, (SELECT coalesce(max(year) FILTER (WHERE year <= y.start_year), min(year))
                     FROM national_population) AS population_year
        FROM years y),
    member AS (  -- an area's force areas, each with its population for the year
        SELECT a.area, y.financial_year, y.quarters, y.population_year, p.force_key, p.population
        FROM area a CROSS JOIN year_population y
        JOIN national_population p ON p.year = y.population_year AND p.force_key = coalesce(a.force_key, p.force_key)),
    counted AS (
        SELECT m.area, m.financial_year, r.offence_code, sum(r.offences) AS offences
        FROM member m JOIN national_recorded_crime r
          ON r.force_key = m.force_key AND r.financial_year = m.financial_year
        WHERE r.offence_code IN (SELECT unnest(?::VARCHAR[]))
        GROUP BY GROUPING SETS ((1, 2, 3), (1, 2))),
    populated AS (
        SELECT area, financial_year, any_value(quarters) AS quarters, any_value(population_year) AS population_year,
               sum(population) AS population, count(*) AS force_areas
        FROM member GROUP BY 1, 2)
    SELECT p.area, p.financial_year, coalesce(c.offence_code, '{ALL_CODES}') AS offence_code, c.offences,
           p.population, p.population_year, p.force_areas, p.quarters,
           round(1000.0 * c.offences / p.population, 4) AS per_1000
    FROM populated p JOIN counted c USING (area, financial_year)
    ORDER BY p.financial_year, p.area, offence_code"""
    cursor = con.execute(sql, [names, keys, STALKING_AND_HARASSMENT])
    columns = [d[0] for d in cursor.description]
    return [dict(zip(columns, row)) for row in cursor.fetchall()]


def provenance(con: duckdb.DuckDBPyConnection) -> list[dict]:
    """The imports whose rows are current, for the report's sources line."""
    cursor = con.execute("""
        SELECT kind, file_name, sha256, imported_at, source_title, rows FROM national_sources s
        WHERE EXISTS (SELECT 1 FROM national_recorded_crime r WHERE r.source_id = s.source_id)
           OR EXISTS (SELECT 1 FROM national_population p WHERE p.source_id = s.source_id)
        ORDER BY imported_at""")
    columns = [d[0] for d in cursor.description]
    return [dict(zip(columns, row)) for row in cursor.fetchall()]
