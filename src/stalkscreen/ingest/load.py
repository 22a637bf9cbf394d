"""The ingest stage: read every file of a load, check it, and write it in ONE transaction.

Good rows are upserted (a changed row's old version goes to `<table>_history`; an unchanged row is
left as it was), bad rows go to `quarantine` with their reason, and every file gets a row in
`ingest_runs`. A failure or a kill part-way leaves the store as it was before the load.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import duckdb
import pyarrow as pa

from stalkscreen.errors import StalkscreenError
from stalkscreen.ingest import checks, readers
from stalkscreen.ingest import mapping as mapping_file
from stalkscreen.ingest.checks import PARENT_KEYS, q
from stalkscreen.ingest.mapping import Mapping
from stalkscreen.ingest.spec import TABLES, Table
from stalkscreen.reference import offences as offence_catalogue
from stalkscreen.store import transaction

from stalkscreen.search import index as search_index


@dataclass
class FileReport:
    file: str
    table: str
    read: int = 0
    loaded: int = 0
    quarantined: int = 0
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    skipped: str | None = None


@dataclass
class Report:
    run_id: int
    files: list[FileReport] = field(default_factory=list)


def _quiet(message: str) -> None:
    pass


def run(con: duckdb.DuckDBPyConnection, paths: list[Path], mapping_path: Path | None = None,
        offences: Path | None = None, now: dt.datetime | None = None, force: bool = False,
        on_step: Callable[[str], None] = _quiet, on_file: Callable[[FileReport], None] | None = None) -> Report:
    """Load the export files at paths (files or directories) into the store."""
    now = now or dt.datetime.now().replace(microsecond=0)
    catalogue = offence_catalogue.load(offences)
    mapping = mapping_file.load(mapping_path, catalogue) if mapping_path else Mapping()
    sources = readers.discover([Path(p) for p in paths], mapping)
    for source in sources:
        readers.precheck(source, mapping)
    on_step(f"hashing {len(sources)} file(s)")
    hashes = {source.path: readers.file_hash(source.path) for source in sources}
    _configure(con)
    with transaction(con):
        on_step(f"loading {len(sources)} file(s) in one transaction")
        run_id = con.execute("SELECT nextval('ingest_run_seq')").fetchone()[0]
        report = Report(run_id)
        _prepare(con, catalogue, mapping)
        for source in sources:
            on_step(f"{source.path.name} → {source.table}")
            started = dt.datetime.now()
            previous = None if force else _identical_run(con, source, hashes[source.path], mapping)
            if previous is not None:
                result = FileReport(str(source.path.resolve()), source.table, skipped=f"identical to run {previous}")
            else:
                result = _load_file(con, source, mapping, run_id, now)
            _record_run(con, run_id, source, hashes[source.path], mapping, started, result)
            report.files.append(result)
            if on_file:
                on_file(result)
        if any(f.skipped is None for f in report.files):  # the narrative index is part of the load
            on_step("updating the search index")
            search_index.update(con)
        _drop_temp(con)
    return report


def _configure(con: duckdb.DuckDBPyConnection) -> None:
    limit = os.environ.get("STALKSCREEN_MEMORY_LIMIT", "2GB")
    if not re.fullmatch(r"\d+(\.\d+)?\s*[KMGT]i?B", limit):
        raise StalkscreenError(f"STALKSCREEN_MEMORY_LIMIT '{limit}' is not a size like 2GB")
    con.execute(f"SET memory_limit = '{limit}'")
    con.execute("SET preserve_insertion_order = false")


def _prepare(con: duckdb.DuckDBPyConnection, catalogue, mapping: Mapping) -> None:
    cat = catalogue.to_arrow().select(["offence_code", "offence"])
    codes = pa.table({"source": list(mapping.offence_codes), "target": list(mapping.offence_codes.values())},
                     schema=pa.schema([("source", pa.string()), ("target", pa.string())]))
    con.register("_catalogue_arrow", cat)
    con.register("_code_map_arrow", codes)
    con.execute("CREATE OR REPLACE TEMP TABLE _catalogue AS SELECT * FROM _catalogue_arrow")
    con.execute("CREATE OR REPLACE TEMP TABLE _code_map AS SELECT * FROM _code_map_arrow")
    for parent in PARENT_KEYS:
        con.execute(f"CREATE OR REPLACE TEMP TABLE _q_{parent} (key VARCHAR, line BIGINT, file VARCHAR)")


def _drop_temp(con: duckdb.DuckDBPyConnection) -> None:
    for name in ("_catalogue_arrow", "_code_map_arrow"):
        con.unregister(name)
    con.execute("DROP VIEW IF EXISTS _good")
    for name in ("_catalogue", "_code_map", "_canon", "_reasons", "_bad", "_diff",
                 *(f"_q_{p}" for p in PARENT_KEYS)):
        con.execute(f"DROP TABLE IF EXISTS {name}")


def _identical_run(con, source: readers.Source, content_hash: str, mapping: Mapping) -> int | None:
    row = con.execute(
        "SELECT max(run_id) FROM ingest_runs WHERE content_hash = ? AND table_name = ? "
        "AND skipped_reason IS NULL AND mapping_hash IS NOT DISTINCT FROM ?",
        [content_hash, source.table, mapping.content_hash]).fetchone()
    return row[0]


def _record_run(con, run_id: int, source: readers.Source, content_hash: str, mapping: Mapping,
                started: dt.datetime, r: FileReport) -> None:
    counts = [None] * 6 if r.skipped else [r.read, r.loaded, r.quarantined, r.new, r.changed, r.unchanged]
    con.execute(
        "INSERT INTO ingest_runs (run_id, file, table_name, content_hash, mapping, mapping_hash, started_at, "
        "finished_at, rows_read, rows_loaded, rows_quarantined, rows_new, rows_changed, rows_unchanged, "
        "skipped_reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [run_id, r.file, source.table, content_hash, str(mapping.path.resolve()) if mapping.path else None,
         mapping.content_hash, started, dt.datetime.now(), *counts, r.skipped])


# ---- one file --------------------------------------------------------------------------------------

def _load_file(con, source: readers.Source, mapping: Mapping, run_id: int, now: dt.datetime) -> FileReport:
    spec = TABLES[source.table]
    tm = mapping.table(source.table)
    staged = readers.read(source, mapping, con)
    con.register("_src", staged.rows)
    try:
        sql = checks.canon_sql(spec, staged.columns, staged.temporal, tm)
        con.execute(sql.text, sql.params)
    except duckdb.Error as exc:
        if source.format != "parquet":
            raise
        raise StalkscreenError(f"{source.path}: not a readable Parquet file ({exc})",
                               hint="the file may be truncated or corrupt: copy or export it again") from None
    finally:
        con.unregister("_src")
    sql = checks.reasons_sql(spec, tm, now, staged.temporal)
    con.execute(sql.text, sql.params)
    con.execute("CREATE OR REPLACE TEMP TABLE _bad AS SELECT _line, any_value(_end_line) AS _end_line, "
                "string_agg(reason, '; ' ORDER BY ord) AS reason FROM _reasons GROUP BY _line")
    if spec.name in PARENT_KEYS:
        key = q(checks.typed(spec, PARENT_KEYS[spec.name]))
        con.execute(f"INSERT INTO _q_{spec.name} SELECT c.{key}, c._line, ? FROM _canon c "
                    f"SEMI JOIN _bad b ON b._line = c._line WHERE c.{key} IS NOT NULL", [source.path.name])
    columns = ", ".join(f"c.{q(checks.typed(spec, c))} AS {q(c)}" for c in spec.column_names)
    con.execute(f"CREATE OR REPLACE TEMP VIEW _good AS SELECT c._line, {columns} FROM _canon c "
                f"ANTI JOIN _bad b ON b._line = c._line")
    result = FileReport(str(source.path.resolve()), spec.name)
    result.read = staged.count + len(staged.rejected)
    if spec.name == "offences":
        _upsert_offences(con, run_id, now, result)
    else:
        _upsert(con, spec, run_id, now, result)
        if spec.name == "crimes":
            _sync_principal_offences(con, run_id, now)
    result.quarantined = _quarantine(con, source, staged, run_id, now)
    result.loaded = result.read - result.quarantined
    return result


def _quarantine(con, source: readers.Source, staged: readers.Staged, run_id: int, now: dt.datetime) -> int:
    bad = con.execute("SELECT _line, _end_line, reason FROM _bad ORDER BY _line").fetchall()
    bad += staged.rejected
    if not bad:
        return 0
    bad.sort()
    raw = staged.raw([(line, end) for line, end, _ in bad])
    rows = pa.table({
        "line": pa.array([b[0] for b in bad], pa.int64()),
        "raw": pa.array(raw, pa.string()),
        "reason": pa.array([b[2] for b in bad], pa.string()),
    })
    con.register("_quarantine_arrow", rows)
    try:
        con.execute("INSERT INTO quarantine (run_id, file, line, table_name, raw, reason, quarantined_at) "
                    "SELECT ?, ?, line, ?, raw, reason, ? FROM _quarantine_arrow",
                    [run_id, str(source.path.resolve()), source.table, now])
    finally:
        con.unregister("_quarantine_arrow")
    return len(bad)


# ---- upserts ---------------------------------------------------------------------------------------

def _on(spec: Table, left: str, right: str) -> str:
    return " AND ".join(f"{left}.{q(k)} = {right}.{q(k)}" for k in spec.key)


def _upsert(con, spec: Table, run_id: int, now: dt.datetime, result: FileReport) -> None:
    """New rows inserted, changed rows replaced (old version to history), unchanged rows left alone."""
    values = [c for c in spec.column_names if c not in spec.key]
    same = " AND ".join(f"g.{q(c)} IS NOT DISTINCT FROM t.{q(c)}" for c in values) or "true"
    first_key = q(spec.key[0])
    # Only (line, status) is kept: copying wide rows (narratives) once more costs seconds per million.
    con.execute(f"CREATE OR REPLACE TEMP TABLE _diff AS SELECT g._line, CASE WHEN t.{first_key} IS NULL THEN 'new' "
                f"WHEN {same} THEN 'unchanged' ELSE 'changed' END AS _status "
                f"FROM _good g LEFT JOIN {spec.name} t ON {_on(spec, 'g', 't')}")
    counts = dict(con.execute("SELECT _status, count(*) FROM _diff GROUP BY _status").fetchall())
    result.new, result.changed, result.unchanged = (counts.get(s, 0) for s in ("new", "changed", "unchanged"))
    rows = "(SELECT g.* FROM _good g SEMI JOIN _diff d ON d._line = g._line AND d._status = '{}')"
    if result.changed:
        con.execute(f"CREATE OR REPLACE TEMP TABLE _changed AS {rows.format('changed')}")
        con.execute(f"INSERT INTO {spec.name}_history SELECT t.*, ?, ? FROM {spec.name} t "
                    f"SEMI JOIN _changed d ON {_on(spec, 't', 'd')}", [now, run_id])
        sets = ", ".join(f"{q(c)} = d.{q(c)}" for c in values)
        con.execute(f"UPDATE {spec.name} t SET {sets}, ingest_run_id = ? FROM _changed d "
                    f"WHERE {_on(spec, 't', 'd')}", [run_id])
        con.execute("DROP TABLE _changed")
    if result.new:
        names = ", ".join(q(c) for c in spec.column_names)
        # Temp tables made in this transaction are scanned by one thread; a MATERIALIZED CTE
        # copies the rows once and lets every thread compress and write them (1.5 s per million
        # crimes or two million person records, measured).
        con.execute(f"INSERT INTO {spec.name} ({names}, ingest_run_id) WITH rows AS MATERIALIZED "
                    f"{rows.format('new')} SELECT {names}, ? FROM rows", [run_id])


def _replace_offences(con, scope: str, desired: str, run_id: int, now: dt.datetime, principal_only: bool) -> None:
    """Make the offences of the crimes in `scope` equal `desired`; what leaves goes to offences_history."""
    role = "AND o.role = 'principal'" if principal_only else ""
    same = "e.crime_id = d.crime_id AND e.offence_code = d.offence_code AND e.role = d.role AND e.offence = d.offence"
    con.execute(f"CREATE OR REPLACE TEMP TABLE _off_existing AS SELECT o.* FROM offences o "
                f"SEMI JOIN ({scope}) s ON s.crime_id = o.crime_id WHERE true {role}")
    con.execute(f"CREATE OR REPLACE TEMP TABLE _off_desired AS {desired}")
    con.execute(f"CREATE OR REPLACE TEMP TABLE _off_remove AS SELECT e.* FROM _off_existing e ANTI JOIN _off_desired d ON {same}")
    con.execute("INSERT INTO offences_history SELECT *, ?, ? FROM _off_remove", [now, run_id])
    con.execute("DELETE FROM offences o USING _off_remove r WHERE o.crime_id = r.crime_id "
                "AND o.offence_code = r.offence_code AND o.role = r.role")
    con.execute(f"INSERT INTO offences (crime_id, offence_code, offence, role, ingest_run_id) "
                f"SELECT d.crime_id, d.offence_code, d.offence, d.role, ? FROM _off_desired d "
                f"ANTI JOIN _off_existing e ON {same}", [run_id])
    for name in ("_off_existing", "_off_desired", "_off_remove"):
        con.execute(f"DROP TABLE {name}")


_PRINCIPALS = ("SELECT cr.crime_id, cr.offence_code, cr.offence, 'principal' AS role FROM crimes cr "
               "SEMI JOIN ({scope}) s ON s.crime_id = cr.crime_id")


def _sync_principal_offences(con, run_id: int, now: dt.datetime) -> None:
    """Every crime's principal offence is in `offences` with role principal, and only that one."""
    scope = "SELECT g.crime_id FROM _good g SEMI JOIN _diff d ON d._line = g._line AND d._status <> 'unchanged'"
    _replace_offences(con, scope, _PRINCIPALS.format(scope=scope), run_id, now, principal_only=True)


def _upsert_offences(con, run_id: int, now: dt.datetime, result: FileReport) -> None:
    """A crime's offences in this load replace its previous set (its principal is always kept)."""
    # A principal written by this run's crimes file counts as new, not as unchanged.
    counts = con.execute(
        "SELECT count(*) FILTER (WHERE o.crime_id IS NULL OR o.ingest_run_id = ?), "
        "count(*) FILTER (WHERE o.ingest_run_id <> ? AND o.offence <> g.offence), "
        "count(*) FILTER (WHERE o.ingest_run_id <> ? AND o.offence = g.offence) FROM _good g LEFT JOIN offences o "
        "ON o.crime_id = g.crime_id AND o.offence_code = g.offence_code AND o.role = g.role",
        [run_id, run_id, run_id]).fetchone()
    result.new, result.changed, result.unchanged = counts
    scope = "SELECT DISTINCT crime_id FROM _good"
    desired = (f"SELECT crime_id, offence_code, offence, role FROM _good UNION ALL "
               f"SELECT p.* FROM ({_PRINCIPALS.format(scope=scope)}) p ANTI JOIN _good g "
               f"ON g.crime_id = p.crime_id AND g.offence_code = p.offence_code AND g.role = 'principal'")
    _replace_offences(con, scope, desired, run_id, now, principal_only=False)
