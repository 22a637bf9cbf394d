"""The screen stage: crimes -> screening_results, in one transaction.

Structural rules (offences, courses of conduct, orders) are cheap set-based joins. A run works
them out again for every crime touched since the last run (inputs.touched: a new or changed crime,
a dyad the link stage changed, a crime the order-breach rule could match), and for every crime when
the rule pack, catalogue or lexicon changed, with --since, or after a link review decision (it
rebuilds dyads under the last link run's id). Reading narratives is the costly part: a narrative is
read again only for a crime that is new or changed since its stored result, newly in scope, or under
a different lexicon (`--full` reads them all). A result is assembled again only when its narrative
was read again or the hash of its other inputs changed (results.STRUCTURE), and written by
difference.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from typing import Callable

import duckdb

from stalkscreen import store
from stalkscreen.errors import StalkscreenError
from stalkscreen.reference.offences import Catalogue
from stalkscreen.screen import engines, inputs, lexicon, narrative, results, structural
from stalkscreen.screen.rules import RulePack


@dataclass
class Report:
    run_id: int
    mode: str
    engine: str
    since: dt.date | None
    rules_version: str
    lexicon_version: str
    crimes_in_scope: int
    crimes_rechecked: int   # whose structural rules were worked out again (all, unless incremental)
    narratives_scanned: int
    results_written: int
    results_removed: int
    indicated: int
    flagged: int
    unlinked_records: int   # person records loaded after the last link run


def lexicon_fingerprint(lex: lexicon.Lexicon, pack: RulePack) -> str:
    """What a stored narrative scan depends on: the lexicon's and its model's bytes and the span cap."""
    files = [lex.path] + ([lex.model.path] if lex.model else [])
    digest = hashlib.sha256(b"".join(f.read_bytes() for f in files)).hexdigest()[:16]
    return f"{lex.version}/{digest}/{pack.spans_per_rule}"


def _check_ready(con: duckdb.DuckDBPyConnection) -> int:
    if not con.execute("SELECT count(*) FROM crimes").fetchone()[0]:
        raise StalkscreenError("there are no crimes to screen", hint="load an export first: stalkscreen ingest DIR")
    if not con.execute("SELECT count(*) FROM link_runs").fetchone()[0]:
        raise StalkscreenError("screening needs linked people (a course of conduct is found through them), "
                               "and `stalkscreen link` has not run on this store",
                               hint="run `stalkscreen link`, then `stalkscreen screen`")
    return con.execute("""SELECT count(*) FROM person_records
                          WHERE ingest_run_id > (SELECT coalesce(max(ingest_run_seen), 0) FROM link_runs)""").fetchone()[0]


def _check_pack(pack: RulePack, catalogue: Catalogue) -> None:
    where = pack.files[-1]
    code = catalogue.get(pack.suggested_offence_code)
    if code is None or code.group != inputs.STALKING_GROUP:
        raise StalkscreenError(f"{where}: `suggested_offence_code` {pack.suggested_offence_code} is not a stalking "
                               "offence in the offence catalogue",
                               hint="codes of group stalking: " + ", ".join(catalogue.group_codes(inputs.STALKING_GROUP)))
    unknown = [g for g in pack.principal_when_recorded_as if g not in catalogue.groups]
    if unknown:
        raise StalkscreenError(f"{where}: `principal_when_recorded_as` names unknown offence group {unknown[0]}",
                               hint="groups: " + ", ".join(sorted(catalogue.groups)))


def run(con: duckdb.DuckDBPyConnection, pack: RulePack, lex: lexicon.Lexicon, catalogue: Catalogue,
        engine: str = "duckdb", since: dt.date | None = None, full: bool = False, spark_master: str | None = None,
        on_step: Callable[[str], None] = lambda message: None) -> Report:
    started = dt.datetime.now()
    unlinked = _check_ready(con)
    _check_pack(pack, catalogue)
    if unlinked:
        on_step(f"note: {unlinked:,} person records were loaded after the last link run and are screened as "
                "unlinked; run `stalkscreen link` first to see their courses of conduct")
    key = lexicon_fingerprint(lex, pack)
    structure_key = results.structure_key(pack, catalogue.version, key, lex.version)
    full = full or not con.execute("SELECT count(*) FROM screen_runs").fetchone()[0]
    seen = None if full or since else _last_seen(con, structure_key)
    if seen:
        on_step(f"structural rules again for crimes touched since screen run {seen.run_id}")
    ingest_seen = con.execute("SELECT coalesce(max(run_id), 0) FROM ingest_runs").fetchone()[0]
    inputs.prepare(con, catalogue, key, since, full, seen)
    work = engines.open_engine(engine, con, spark_master)
    try:
        on_step(f"screening on {engine}")
        work.run(inputs.INPUTS, structural.steps(pack), ("screen_scope",))
        inputs.narratives(con)
        work.run(("screen_narratives",), narrative.steps(lex, pack, work.dialect), narrative.OUTPUTS)
    finally:
        work.close()
    results.assemble(con, pack, lex.version, key, structure_key)
    return _write(con, pack, lex, catalogue, (engine, since, full, started, unlinked, ingest_seen, structure_key))


def _last_seen(con: duckdb.DuckDBPyConnection, structure_key: str) -> inputs.Seen | None:
    """What the last run saw, if its results all stand on the same key and only touched crimes can
    differ: it screened every crime (no --since) and no link review decision came after it."""
    last = con.execute("""
        SELECT run_id, ingest_run_seen, link_run_seen FROM screen_runs
        WHERE run_id = (SELECT max(run_id) FROM screen_runs) AND since IS NULL AND structure_key = ?
          AND ingest_run_seen IS NOT NULL AND link_run_seen IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM link_decisions d WHERE d."at" >= started_at)""", [structure_key]).fetchone()
    return inputs.Seen(*last) if last else None


def _write(con, pack: RulePack, lex, catalogue: Catalogue, how) -> Report:
    engine, since, full, started, unlinked, ingest_seen, structure_key = how
    counts = con.execute("""SELECT (SELECT count(*) FROM screen_structure), (SELECT count(*) FROM screen_scanned),
                                   (SELECT max(run_id) FROM link_runs),
                                   (SELECT count(*) FROM screen_crimes WHERE target)""").fetchone()
    with store.transaction(con):
        run_id = con.execute("SELECT nextval('screen_run_seq')").fetchone()[0]
        written, removed = results.write(con, run_id)
        # Without --since every crime in scope has its result stored, touched this run or not.
        in_scope, indicated, flagged = con.execute("""
            SELECT count(*), count(*) FILTER (WHERE indicated),
                   count(*) FILTER (WHERE indicated AND stalking_recorded IS NULL) FROM screening_results""").fetchone()
        report = Report(run_id=run_id, mode="full" if full else "incremental", engine=engine, since=since,
                        rules_version=pack.version, lexicon_version=lex.version,
                        crimes_in_scope=counts[0] if since else in_scope, crimes_rechecked=counts[3],
                        narratives_scanned=counts[1], results_written=written, results_removed=removed,
                        indicated=indicated, flagged=flagged, unlinked_records=unlinked)
        con.execute("INSERT INTO screen_runs VALUES (?, ?, current_localtimestamp(), ?, ?, ?, ?, ?, ?, ?, ?, "
                    "?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [run_id, started, report.mode, engine, since, pack.version, pack.fingerprint, lex.version,
                     catalogue.version, counts[2], report.crimes_in_scope, counts[1], written, removed, indicated,
                     flagged, ingest_seen, structure_key, counts[3]])
    _drop_temporary(con)
    return report


def _drop_temporary(con: duckdb.DuckDBPyConnection) -> None:
    for (name,) in con.execute("SELECT table_name FROM duckdb_tables() WHERE temporary AND "
                               "starts_with(table_name, 'screen_')").fetchall():
        con.execute(f"DROP TABLE {name}")
