"""The harm stage: score every linked suspect and every dyad as of a day, and write the run (its
parameters, the scores and the crimes behind them) in one transaction. A failure leaves the
previous run as it was; running again adds a new run."""

from __future__ import annotations

import datetime as dt
import json
import time
from dataclasses import dataclass
from typing import Callable

import duckdb
import pyarrow as pa

from stalkscreen import store
from stalkscreen.errors import StalkscreenError
from stalkscreen.harm import sql
from stalkscreen.harm.spec import Spec
from stalkscreen.reference.offences import Catalogue

KEEP_RUNS = 3  # scores and breakdowns of older runs are pruned; their harm_runs rows stay as history


@dataclass
class Report:
    run_id: int
    as_of: dt.date
    spec_version: str
    index_version: str
    crimes_scored: int
    people: int
    dyads: int
    serial_people: int
    default_gravity_crimes: int
    unlinked_suspect_records: int
    seconds: float


def _params(con: duckdb.DuckDBPyConnection, spec: Spec, as_of: dt.date) -> None:
    con.execute("""CREATE OR REPLACE TEMP TABLE harm_params AS SELECT
        ?::DATE AS as_of, ?::VARCHAR[] AS record_types, ?::INTEGER AS window_days, ?::DOUBLE AS half_life_days,
        ?::INTEGER AS frequency_window_days, ?::DOUBLE AS frequency_weight, ?::DOUBLE AS default_days,
        ?::DOUBLE AS incident_days, ?::DOUBLE AS victim_weight, ?::DOUBLE AS repeat_weight,
        ?::INTEGER AS serial_window_days, ?::INTEGER AS serial_min_victims, ?::BOOLEAN AS serial_domestic_abuse_only""",
                [as_of, list(spec.record_types), spec.window_days, spec.half_life_days, spec.frequency_window_days,
                 spec.frequency_weight, spec.default_days, spec.incident_days, spec.victim_weight,
                 spec.repeat_weight, spec.serial_window_days, spec.serial_min_victims,
                 spec.serial_domestic_abuse_only])


def index_table(spec: Spec, catalogue: Catalogue) -> pa.Table:
    """Days (NULL where the index lacks the code) and uplift for every code the catalogue or the
    index knows; the uplift follows the code's offence group."""
    codes = sorted(set(catalogue.offences) | set(spec.index.entries))
    entries = [spec.index.entries.get(c) for c in codes]
    groups = [catalogue.offences[c].group if c in catalogue.offences else None for c in codes]
    return pa.table({
        "offence_code": codes,
        "cchi_days": pa.array([e.days if e else None for e in entries], pa.float64()),
        "estimate": pa.array([e.estimate if e else None for e in entries], pa.bool_()),
        "uplift": pa.array([spec.uplift.get(g, 1.0) for g in groups], pa.float64()),
    })


def _check_ready(con: duckdb.DuckDBPyConnection) -> None:
    if not con.execute("SELECT count(*) FROM crimes").fetchone()[0]:
        raise StalkscreenError("the store holds no crimes", hint="load data first with `stalkscreen ingest`")
    if not con.execute("SELECT count(*) FROM people").fetchone()[0]:
        raise StalkscreenError("no linked people in the store: harm scores people and dyads",
                               hint="run `stalkscreen link` first")


def _counts(con: duckdb.DuckDBPyConnection) -> dict:
    one = lambda q: con.execute(q).fetchone()[0]  # noqa: E731
    return {
        "crimes_scored": one("SELECT count(*) FROM harm_crimes"),
        "people": one("SELECT count(*) FROM harm_new_scores WHERE subject_kind = 'person'"),
        "dyads": one("SELECT count(*) FROM harm_new_scores WHERE subject_kind = 'dyad'"),
        "serial_people": one("SELECT count(*) FROM harm_new_scores WHERE subject_kind = 'person' AND serial"),
        "default_gravity_crimes": one("SELECT count(*) FROM harm_crimes WHERE gravity_basis = 'default'"),
        "unlinked_suspect_records": one("""SELECT count(*) FROM person_records r WHERE r.role = 'suspect'
            AND r.crime_id IN (SELECT crime_id FROM harm_window)
            AND r.person_record_id NOT IN (SELECT person_record_id FROM people)"""),
    }


def _record_run(con, run_id: int, spec: Spec, catalogue: Catalogue, as_of, started, now, counts) -> None:
    seen = con.execute("SELECT (SELECT max(run_id) FROM link_runs), (SELECT max(ingest_run_id) FROM crimes)").fetchone()
    con.execute("""INSERT INTO harm_runs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                [run_id, started, now, as_of, spec.version, spec.index.version, catalogue.version,
                 json.dumps(spec.parameters(), sort_keys=True), seen[0], seen[1], counts["crimes_scored"],
                 counts["people"], counts["dyads"], counts["serial_people"], counts["default_gravity_crimes"],
                 counts["unlinked_suspect_records"]])
    con.execute(sql.INSERT_SCORES, [run_id, as_of, spec.version, spec.index.version, now])
    con.execute(sql.INSERT_CRIMES, [run_id])
    oldest_kept = con.execute("SELECT min(harm_run_id) FROM (SELECT harm_run_id FROM harm_runs "
                              "ORDER BY harm_run_id DESC LIMIT ?)", [KEEP_RUNS]).fetchone()[0]
    for table in ("harm_scores", "harm_score_crimes"):
        con.execute(f"DELETE FROM {table} WHERE harm_run_id < ?", [oldest_kept])


def run(con: duckdb.DuckDBPyConnection, spec: Spec, catalogue: Catalogue, as_of: dt.date,
        on_step: Callable[[str], None] | None = None) -> Report:
    """Score people and dyads as of `as_of` and write a new run; return what it did."""
    clock = time.perf_counter()
    started = dt.datetime.now()
    _check_ready(con)
    con.register("harm_index_source", index_table(spec, catalogue))
    try:
        with store.transaction(con):
            con.execute("CREATE OR REPLACE TEMP TABLE harm_index AS SELECT * FROM harm_index_source")
            _params(con, spec, as_of)
            for name, statement in sql.STEPS:
                if on_step:
                    on_step(f"harm: {name}")
                con.execute(statement)
            counts = _counts(con)
            run_id = con.execute("SELECT nextval('harm_run_seq')").fetchone()[0]
            _record_run(con, run_id, spec, catalogue, as_of, started, dt.datetime.now(), counts)
    finally:
        con.unregister("harm_index_source")
        for table in sql.DROP:
            con.execute(f"DROP TABLE IF EXISTS {table}")
    return Report(run_id=run_id, as_of=as_of, spec_version=spec.version, index_version=spec.index.version,
                  seconds=round(time.perf_counter() - clock, 2), **counts)
