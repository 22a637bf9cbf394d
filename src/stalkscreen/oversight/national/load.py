"""Check a parsed file set-based in DuckDB, then store it with its provenance in one transaction."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pyarrow as pa

from stalkscreen import store
from stalkscreen.errors import StalkscreenError
from stalkscreen.oversight.national import layouts
from stalkscreen.oversight.national.readers import Parsed

# How the Home Office and ONS mark a figure that is not available: kept as NULL, counted, never 0.
NOT_AVAILABLE = ["n/a", "na", "..", ":", "-", "[x]", "[z]", "[c]", "[u]"]
_NOT_AVAILABLE_SQL = "(" + ", ".join(f"'{marker}'" for marker in NOT_AVAILABLE) + ")"  # constants, not user input
FORCE_KEY_SQL = "trim(regexp_replace(replace(lower({0}), '&', ' and '), '[^a-z0-9]+', ' ', 'g'))"
_NUMBER = "replace(trim({0}), ',', '')"
_WHOLE = f"(TRY_CAST({_NUMBER} AS DOUBLE) IS NOT NULL AND TRY_CAST({_NUMBER} AS DOUBLE) = round(TRY_CAST({_NUMBER} AS DOUBLE)))"
_BLANK = "coalesce(trim({0}), '') = ''"
_YEAR = r"^(\d{4})[/-](\d{2})$"

# field -> (SQL true when the value is bad, what was expected); fields absent from a file are NULL
CHECKS = {
    "recorded_crime": [
        ("financial_year", f"NOT regexp_matches(trim(financial_year), '{_YEAR}') OR "
                           f"(CAST(regexp_extract(trim(financial_year), '{_YEAR}', 1) AS INTEGER) + 1) % 100 <> "
                           f"CAST(regexp_extract(trim(financial_year), '{_YEAR}', 2) AS INTEGER)",
         "a financial year such as 2024/25"),
        ("financial_quarter", "financial_quarter IS NOT NULL AND NOT regexp_matches(trim(financial_quarter), '^[Qq]?[1-4]$')",
         "a quarter 1 to 4"),
        ("force_name", _BLANK.format("force_name"), "a force name"),
        ("offence_code", _BLANK.format("offence_code"), "an offence code such as 8Q"),
        ("offences", f"lower(trim(offences)) NOT IN {_NOT_AVAILABLE_SQL} AND NOT {_WHOLE.format('offences')}",
         "a whole number of offences"),
        ("quarters", "quarters IS NOT NULL AND NOT regexp_matches(trim(quarters), '^[1-4]$')",
         "a number of quarters, 1 to 4"),
    ],
    "population": [
        ("pfa_code", _BLANK.format("pfa_code"), "a police force area code such as E23000032"),
        ("pfa_name", _BLANK.format("pfa_name"), "a police force area name"),
        ("population", f"NOT {_WHOLE.format('population')} OR TRY_CAST({_NUMBER.format('population')} AS DOUBLE) < 0",
         "a whole number of people"),
        ("year", "year IS NOT NULL AND NOT regexp_matches(trim(year), '^(mid-?)?\\d{4}$')", "a year such as 2024"),
    ],
}


@dataclass
class Imported:
    kind: str
    file: str
    rows: int
    years: list[str]
    source_id: int | None = None
    sheets: list[str] = field(default_factory=list)
    skipped_sheets: list[str] = field(default_factory=list)
    not_available: int = 0
    replaced: int = 0  # rows of earlier imports for the same years, now replaced
    already: dt.datetime | None = None  # set when the same file was imported before and is still current


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def first_fault(con: duckdb.DuckDBPyConnection, parsed: Parsed) -> StalkscreenError | None:
    """The first bad value in file order, named by file, sheet, line and column."""
    checks = CHECKS[parsed.layout.kind]
    parts = [f"SELECT ord, {i} AS check_no, sheet, line, {name} AS value FROM national_staging WHERE {bad}"
             for i, (name, bad, _) in enumerate(checks)]
    row = con.execute(f"{' UNION ALL '.join(parts)} ORDER BY ord, check_no LIMIT 1").fetchone()
    if row is None:
        return None
    _, check_no, sheet, line, value = row
    name, _, expected = checks[check_no]
    where = parsed.path.name + (f", sheet '{sheet}'" if sheet else "")
    column = parsed.headers.get(name, layouts.DISPLAY.get(name, name))
    return StalkscreenError(f"{where}, line {line}, column '{column}': '{value or ''}' is not {expected}",
                            hint="correct the cell, or download the file again; nothing was imported")


def population_year(parsed: Parsed, year: int | None) -> int | None:
    """The mid-year of a population file: its Year column, the --year option, or its file name."""
    if parsed.table.column("year").null_count < parsed.table.num_rows:
        return None  # per row, from the column
    if year is not None:
        return year
    found = re.search(r"mid[-_ ]?((?:19|20)\d{2})", parsed.path.name, re.IGNORECASE)
    if found:
        return int(found.group(1))
    raise StalkscreenError(f"{parsed.path.name}: which mid-year population is this?",
                           hint="give it with --year, e.g. --year 2024 for mid-2024 estimates")


def stage(con: duckdb.DuckDBPyConnection, parsed: Parsed) -> None:
    table = parsed.table.append_column("ord", pa.array(range(parsed.table.num_rows), pa.int64()))
    con.register("national_parsed", table)
    con.execute("CREATE OR REPLACE TEMP TABLE national_staging AS SELECT * FROM national_parsed")
    con.unregister("national_parsed")


def store_file(con: duckdb.DuckDBPyConnection, parsed: Parsed, title: str | None, year: int | None,
               now: dt.datetime | None = None) -> Imported:
    """Check, then write the file's rows and provenance, replacing the years it covers."""
    stage(con, parsed)
    fault = first_fault(con, parsed)
    if fault:
        raise fault
    kind = parsed.layout.kind
    digest = sha256(parsed.path)
    report = Imported(kind, parsed.path.name, parsed.table.num_rows, [], sheets=parsed.sheets,
                      skipped_sheets=parsed.skipped)
    if kind == "population":
        con.execute("UPDATE national_staging SET year = coalesce(regexp_extract(year, '\\d{4}'), ?)",
                    [str(population_year(parsed, year))])
    key = "financial_year" if kind == "recorded_crime" else "year"
    if kind == "recorded_crime":
        con.execute("UPDATE national_staging SET financial_year = regexp_replace(trim(financial_year), '-', '/')")
    report.years = [r[0] for r in con.execute(f"SELECT DISTINCT {key} FROM national_staging ORDER BY 1").fetchall()]
    report.already = _current_import(con, kind, digest)
    if report.already:
        return report
    report.not_available = con.execute(
        f"SELECT count(*) FROM national_staging WHERE lower(trim(offences)) IN {_NOT_AVAILABLE_SQL}").fetchone()[0] if kind == "recorded_crime" else 0
    with store.transaction(con):
        report.source_id = con.execute("SELECT nextval('national_source_seq')").fetchone()[0]
        con.execute("INSERT INTO national_sources VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [report.source_id, kind, parsed.path.name, digest, now or dt.datetime.now(),
                     title or parsed.layout.title, ", ".join(s for s in parsed.sheets if s) or None,
                     report.rows, ", ".join(report.years), report.not_available])
        report.replaced = _replace(con, kind, report.source_id)
    return report


def _current_import(con, kind: str, digest: str) -> dt.datetime | None:
    """When the same bytes were imported and their rows are still the current ones, there is nothing to do."""
    table = "national_recorded_crime" if kind == "recorded_crime" else "national_population"
    row = con.execute(
        f"SELECT max(s.imported_at) FROM national_sources s WHERE s.kind = ? AND s.sha256 = ? "
        f"AND EXISTS (SELECT 1 FROM {table} t WHERE t.source_id = s.source_id)", [kind, digest]).fetchone()
    return row[0]


def _replace(con, kind: str, source_id: int) -> int:
    if kind == "recorded_crime":
        replaced = con.execute("DELETE FROM national_recorded_crime WHERE financial_year IN "
                               "(SELECT DISTINCT financial_year FROM national_staging)").fetchone()[0]
        con.execute(f"""
            INSERT INTO national_recorded_crime
            SELECT ?, nullif(sheet, ''), line, financial_year,
                   CAST(regexp_extract(trim(financial_quarter), '[1-4]') AS INTEGER),
                   CAST(nullif(trim(quarters), '') AS INTEGER),
                   trim(force_name), {FORCE_KEY_SQL.format('force_name')}, upper(trim(offence_code)),
                   nullif(trim(offence_description), ''), nullif(trim(offence_group), ''),
                   nullif(trim(offence_subgroup), ''), TRY_CAST({_NUMBER.format('offences')} AS DOUBLE)::BIGINT
            FROM national_staging ORDER BY ord""", [source_id])
        return replaced
    replaced = con.execute("DELETE FROM national_population WHERE CAST(year AS VARCHAR) IN "
                           "(SELECT DISTINCT year FROM national_staging)").fetchone()[0]
    con.execute(f"""
        INSERT INTO national_population
        SELECT ?, line, CAST(year AS INTEGER), trim(pfa_code), trim(pfa_name), {FORCE_KEY_SQL.format('pfa_name')},
               CAST({_NUMBER.format('population')} AS DOUBLE)::BIGINT
        FROM national_staging ORDER BY ord""", [source_id])
    return replaced
