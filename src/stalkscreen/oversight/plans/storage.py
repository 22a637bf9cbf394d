"""Storing a parsed plan as a dated version, and reading the versions back.

`run` is the import stage: one transaction, re-runnable (the same force and as-of date replace
their earlier version, so importing a file twice never duplicates it)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

import duckdb

from stalkscreen import store
from stalkscreen.errors import StalkscreenError
from stalkscreen.oversight.plans.parse import PARSER_VERSION, ParsedPlan, Recommendation, parse_file

RECOMMENDATION_COLUMNS = [f.name for f in dataclasses.fields(Recommendation)]


@dataclass
class ImportReport:
    plan_id: int
    force: str
    as_of: dt.date
    plan: ParsedPlan
    replaced: int | None  # the plan_id of the version this one replaced


def run(con: duckdb.DuckDBPyConnection, path: Path, force: str, as_of: dt.date | None = None,
        now: dt.datetime | None = None) -> ImportReport:
    """Read the plan at path and store it as force's version of as_of (default: today)."""
    force = (force or "").strip()
    if not force:
        raise StalkscreenError("--force is empty", hint='name the force whose plan this is, e.g. --force "Kent"')
    plan = parse_file(path)  # fails before the store is touched: a plan with nothing read stores nothing
    now = now or dt.datetime.now()
    as_of = as_of or now.date()
    with store.transaction(con):
        replaced = _remove_version(con, force, as_of)
        plan_id = con.execute("SELECT nextval('plan_id_seq')").fetchone()[0]
        _insert(con, plan_id, force, as_of, plan, now)
    return ImportReport(plan_id, force, as_of, plan, replaced)


def _remove_version(con: duckdb.DuckDBPyConnection, force: str, as_of: dt.date) -> int | None:
    found = con.execute("SELECT plan_id FROM plans WHERE lower(force) = lower(?) AND as_of = ?",
                        [force, as_of]).fetchone()
    if found:
        for table in ("plan_notes", "plan_recommendations", "plans"):
            con.execute(f"DELETE FROM {table} WHERE plan_id = ?", [found[0]])
    return found[0] if found else None


def _insert(con: duckdb.DuckDBPyConnection, plan_id: int, force: str, as_of: dt.date,
            plan: ParsedPlan, now: dt.datetime) -> None:
    stopped_line, stopped_reason = plan.stopped_at or (None, None)
    unparsed = sum(1 for n in plan.notes if n.kind == "unparsed")
    con.execute(
        "INSERT INTO plans VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [plan_id, force, as_of, plan.source, plan.sha256, plan.layout, PARSER_VERSION, now, plan.lines_read,
         plan.boilerplate_lines, unparsed, json.dumps(plan.metadata), stopped_line, stopped_reason])
    names = ["plan_id", "recommendation"] + [c for c in RECOMMENDATION_COLUMNS if c != "number"]
    con.executemany(
        f"INSERT INTO plan_recommendations ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})",
        [[plan_id, r.number] + [getattr(r, c) for c in RECOMMENDATION_COLUMNS if c != "number"]
         for r in plan.recommendations])
    if plan.notes:
        con.executemany("INSERT INTO plan_notes VALUES (?, ?, ?, ?, ?)",
                        [[plan_id, n.line, n.kind, n.message, n.text] for n in plan.notes])


def _rows(cursor: duckdb.DuckDBPyConnection) -> list[dict]:
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


def versions(con: duckdb.DuckDBPyConnection, force: str | None = None) -> list[dict]:
    """Every stored version, by force then as_of, with its recommendation and note counts."""
    return _rows(con.execute("""
        SELECT p.plan_id, p.force, p.as_of, p.layout, p.source_file,
               (SELECT count(*) FROM plan_recommendations r WHERE r.plan_id = p.plan_id) AS recommendations,
               p.unparsed_lines, (SELECT count(*) FROM plan_notes n WHERE n.plan_id = p.plan_id
                                  AND n.kind = 'warning') AS warnings,
               p.stopped_at_line, p.imported_at
        FROM plans p WHERE ?::VARCHAR IS NULL OR lower(p.force) = lower(?)
        ORDER BY lower(p.force), p.as_of""", [force, force]))


def latest(con: duckdb.DuckDBPyConnection, force: str | None = None) -> list[dict]:
    """The latest version of each force's plan (or of the one named), by force."""
    rows = _rows(con.execute("""
        SELECT * FROM plans WHERE ?::VARCHAR IS NULL OR lower(force) = lower(?)
        QUALIFY row_number() OVER (PARTITION BY lower(force) ORDER BY as_of DESC) = 1
        ORDER BY lower(force)""", [force, force]))
    if not rows:
        known = [r[0] for r in con.execute("SELECT DISTINCT force FROM plans ORDER BY 1").fetchall()]
        if force and known:
            raise StalkscreenError(f"no plan imported for force '{force}'", hint="forces with plans: " + ", ".join(known))
        raise StalkscreenError("no action plan has been imported",
                               hint="import one with `stalkscreen plans import FILE --force NAME`")
    return rows


def recommendations(con: duckdb.DuckDBPyConnection, plan_id: int) -> list[dict]:
    """A version's recommendations in the plan's own order."""
    return _rows(con.execute("SELECT * FROM plan_recommendations WHERE plan_id = ? ORDER BY position", [plan_id]))


def notes(con: duckdb.DuckDBPyConnection, plan_id: int) -> list[dict]:
    return _rows(con.execute("SELECT line, kind, message, text FROM plan_notes WHERE plan_id = ? ORDER BY line, kind",
                             [plan_id]))
