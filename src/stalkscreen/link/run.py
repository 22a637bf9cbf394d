"""The link stage: person records -> scored pairs -> people and dyads, in one transaction.

A first run (or `--retrain` / `--full`) scores every candidate pair. Later runs score only records
that are new or whose identifiers changed, against everyone, and re-cluster from the stored pairs.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from typing import Callable

import duckdb
import pyarrow as pa

from stalkscreen import store
from stalkscreen.errors import StalkscreenError
from stalkscreen.link import dyads, engines, graph, model, prepare, tables
from stalkscreen.link.settings import LinkSettings

@dataclass
class Report:
    run_id: int
    mode: str
    engine: str
    model_id: int
    trained: bool
    records: int
    records_scored: int
    candidate_pairs: int
    pairs_kept: int
    people: int
    clusters_split: int
    clusters_for_review: int
    dyads: int


def _prepare(con: duckdb.DuckDBPyConnection, settings: LinkSettings) -> int:
    """Temp link_fresh: every record prepared, with its fingerprint and unusable reason; temp
    link_input: every usable record with the compared columns. Returns the newest ingest run."""
    newest = con.execute("SELECT coalesce(max(ingest_run_id), 0) FROM person_records").fetchone()[0]
    # A 64-bit hash of the compared values is enough to tell that a record changed.
    fingerprint = f"CAST(hash({', '.join(prepare.STORED)}) AS VARCHAR) AS fingerprint"
    prepare.build_stored(con, settings, "link_fresh",
                         extra=f"{fingerprint}, {prepare.unusable_reason_sql('surname_raw')} AS unusable_reason")
    con.execute("CREATE OR REPLACE TEMP VIEW link_fresh_kept AS "
                "SELECT unique_id AS person_record_id, fingerprint, unusable_reason, dob FROM link_fresh")
    usable = "(SELECT * FROM link_fresh WHERE unusable_reason IS NULL)"
    con.execute(f"CREATE OR REPLACE TEMP TABLE link_input AS {prepare.expanded(usable)}")
    return newest


def _rule_columns(rule: str) -> list[tuple[str, str]]:
    return re.findall(r"l\.(\w+)\s*=\s*r\.(\w+)", rule)


def candidate_pairs(con: duckdb.DuckDBPyConnection, scored: str | None = None) -> int:
    """Upper bound on pairs the blocking rules make (rules may overlap), from key counts alone.

    With `scored` (a table of unique_id), only pairs that touch those records are counted. Rules
    comparing a column with itself are counted in one pass (grouping sets); others by a join."""
    rules = [_rule_columns(rule) for rule in model.BLOCKING_RULES]
    same = [[a for a, _ in pairs] for pairs in rules if all(a == b for a, b in pairs)]
    cross = [pairs for pairs in rules if not all(a == b for a, b in pairs)]
    return _same_column_pairs(con, same, scored) + sum(_cross_column_pairs(con, p, scored) for p in cross)


def _same_column_pairs(con, rules: list[list[str]], scored: str | None) -> int:
    columns = sorted({c for rule in rules for c in rule})
    listed = ", ".join(columns)

    def mask(rule: list[str]) -> int:  # what GROUPING() returns for this rule's set: bits of absent columns
        return sum(1 << (len(columns) - 1 - i) for i, c in enumerate(columns) if c not in rule)

    which = " OR ".join(f"(g = {mask(rule)} AND {' AND '.join(f'{c} IS NOT NULL' for c in rule)})" for rule in rules)
    sets = ", ".join(f"({', '.join(rule)})" for rule in rules)
    hits = f"count(*) FILTER (WHERE unique_id IN (SELECT unique_id FROM {scored}))" if scored else "0"
    pairs = "sum(n * hits)" if scored else "sum(n * (n - 1) / 2)"
    return int(con.execute(f"""
        SELECT coalesce({pairs}, 0) FROM (
            SELECT count(*) AS n, {hits} AS hits, GROUPING({listed}) AS g, {listed}
            FROM link_input GROUP BY GROUPING SETS ({sets}))
        WHERE {which}""").fetchone()[0])


def _cross_column_pairs(con, pairs: list[tuple[str, str]], scored: str | None) -> int:
    left = ", ".join(f"{a} AS k{i}" for i, (a, _) in enumerate(pairs))
    right = ", ".join(f"{b} AS k{i}" for i, (_, b) in enumerate(pairs))
    keys = [f"k{i}" for i in range(len(pairs))]
    present = " AND ".join(f"{k} IS NOT NULL" for k in keys)
    some = f"WHERE unique_id IN (SELECT unique_id FROM {scored})" if scored else ""
    total = con.execute(f"""
        WITH l AS (SELECT {', '.join(keys)}, count(*) AS n FROM (SELECT {left} FROM link_input {some})
                   WHERE {present} GROUP BY ALL),
             r AS (SELECT {', '.join(keys)}, count(*) AS n FROM (SELECT {right} FROM link_input)
                   WHERE {present} GROUP BY ALL)
        SELECT coalesce(sum(l.n * r.n), 0) FROM l JOIN r USING ({', '.join(keys)})""").fetchone()[0]
    return int(total if scored else total // 2)


def latest_model(con: duckdb.DuckDBPyConnection) -> tuple[int, dict] | None:
    row = con.execute("SELECT model_id, model_json FROM link_models ORDER BY model_id DESC LIMIT 1").fetchone()
    return (row[0], json.loads(row[1])) if row else None


def _train(con, engine, settings: LinkSettings) -> dict:
    # A hash of the id picks the sample: repeatable, and no pass over the whole table in one thread.
    share = settings.training.get("max_records", 300_000) / max(con.execute("SELECT count(*) FROM link_input").fetchone()[0], 1)
    sample = con.execute("SELECT * FROM link_input WHERE hash(unique_id || $seed) % 1000000 < $cut ORDER BY unique_id",
                         {"seed": str(settings.training["seed"]), "cut": int(min(share, 1.0) * 1_000_000)}).to_arrow_table()
    return engines.train(engine, sample, settings)


def _changed(con: duckdb.DuckDBPyConnection, full: bool) -> None:
    """Temp link_changed(unique_id): usable records to score, new or with changed identifiers."""
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE link_changed AS
        SELECT f.unique_id FROM link_fresh f
        LEFT JOIN link_records r ON r.person_record_id = f.unique_id AND NOT {bool(full)}
        WHERE f.unusable_reason IS NULL AND (r.fingerprint IS NULL OR r.fingerprint <> f.fingerprint)""")


def _store_records(con: duckdb.DuckDBPyConnection, run_id: int) -> None:
    tables.sync(con, "link_records", "link_fresh_kept", ["person_record_id"], ["fingerprint"], run_id)


def _stage_pairs(con, pairs: pa.Table, model_json: dict, settings: LinkSettings) -> None:
    """Temp link_pairs_new: the scored pairs as link_pairs holds them, but for model and run."""
    if not pairs.num_columns:  # nothing was scored
        con.execute("CREATE OR REPLACE TEMP TABLE link_pairs_new AS SELECT * EXCLUDE (model_id, link_run_id) "
                    "FROM link_pairs LIMIT 0")
        return
    names = [c["output_column_name"] for c in model_json["comparisons"]]
    # Comparison detail is kept where a reviewer needs it: pairs in the review band.
    in_band = f"match_probability BETWEEN {float(settings.review_from)} AND {float(settings.review_to)}"
    weights = ", ".join(f"mw_{n} + coalesce(mw_tf_adj_{n}, 0)" if f"mw_tf_adj_{n}" in pairs.column_names
                        else f"mw_{n}" for n in names)
    con.register("link_scored", pairs)
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE link_pairs_new AS
        SELECT least(unique_id_l, unique_id_r) AS person_record_id_l, greatest(unique_id_l, unique_id_r) AS person_record_id_r,
               match_weight, match_probability,
               CASE WHEN {in_band} THEN CAST([{', '.join(f'gamma_{n}' for n in names)}] AS TINYINT[]) END AS levels,
               CASE WHEN {in_band} THEN CAST([{weights}] AS FLOAT[]) END AS weights
        FROM link_scored""")
    con.unregister("link_scored")


# An incremental run replaces only pairs of records that changed or left.
REPLACED = """t.person_record_id_l IN (SELECT unique_id FROM link_changed)
    OR t.person_record_id_r IN (SELECT unique_id FROM link_changed)
    OR t.person_record_id_l NOT IN (SELECT unique_id FROM link_input)
    OR t.person_record_id_r NOT IN (SELECT unique_id FROM link_input)"""


def _pairs_after(con, full: bool) -> str:
    """Temp view link_pairs_after: every pair link_pairs will hold once this run is stored."""
    kept = "" if full else ("SELECT person_record_id_l, person_record_id_r, match_probability FROM link_pairs t "
                            f"WHERE NOT ({REPLACED}) UNION ALL ")
    con.execute(f"CREATE OR REPLACE TEMP VIEW link_pairs_after AS {kept}"
                "SELECT person_record_id_l, person_record_id_r, match_probability FROM link_pairs_new")
    return "link_pairs_after"


def _store_pairs(con, model_id: int, run_id: int, full: bool) -> int:
    con.execute("CREATE OR REPLACE TEMP VIEW link_pairs_stored AS "
                f"SELECT *, CAST({int(model_id)} AS BIGINT) AS model_id FROM link_pairs_new")
    tables.sync(con, "link_pairs", "link_pairs_stored", ["person_record_id_l", "person_record_id_r"],
                ["match_weight", "model_id"], run_id, None if full else REPLACED)
    con.execute("DROP VIEW link_pairs_stored")
    return con.execute("SELECT count(*) FROM link_pairs_new").fetchone()[0]


def run(con: duckdb.DuckDBPyConnection, settings: LinkSettings, engine: str = "duckdb",
        spark_master: str | None = None, retrain: bool = False, full: bool = False,
        on_step: Callable[[str], None] = lambda message: None) -> Report:
    started = dt.datetime.now()
    records = con.execute("SELECT count(*) FROM person_records").fetchone()[0]
    if not records:
        raise StalkscreenError("there are no person records to link", hint="load an export first: stalkscreen ingest DIR")
    stored = None if retrain else latest_model(con)
    first = not con.execute("SELECT count(*) FROM link_records").fetchone()[0]
    full = full or first or stored is None
    newest = _prepare(con, settings)
    _changed(con, full)
    scored = con.execute("SELECT count(*) FROM link_changed").fetchone()[0]
    budget = candidate_pairs(con, None if full else "link_changed")
    on_step(f"{'full' if full else 'incremental'} run: {scored:,} of {records:,} records to score, "
            f"at most {budget:,} candidate pairs")
    if budget > settings.pair_budget:
        raise StalkscreenError(
            f"the blocking rules would compare up to {budget:,} pairs, over the budget of {settings.pair_budget:,}",
            hint="look for a placeholder value shared by many records (a default phone or date of birth) and add it "
                 "to `placeholders` in the linkage settings, or raise `pair_budget` if the machine can take it")
    if not full and not scored:
        return _write(con, settings, engine, stored[1], stored, pa.table({}), full, (records, scored, newest),
                      budget, started, on_step)
    work = engines.open_engine(engine, spark_master)
    try:
        if stored is None:
            on_step("training the model (u by random sampling, m by expectation maximisation)")
            model_json = _train(con, work, settings)
        else:
            model_json = stored[1]
        on_step(f"scoring pairs on {engine}")
        pairs = _score(con, work, model_json, settings, full, scored)
    finally:
        work.close()
    return _write(con, settings, engine, model_json, stored, pairs, full, (records, scored, newest), budget, started,
                  on_step)


def _score(con, work, model_json: dict, settings: LinkSettings, full: bool, scored: int) -> pa.Table:
    if full:
        return engines.score_all(work, con.execute("SELECT * FROM link_input").to_arrow_table(),
                                 model_json, settings.keep_from)
    existing = con.execute("SELECT * FROM link_input WHERE unique_id NOT IN (SELECT unique_id FROM link_changed)"
                           ).to_arrow_table()
    new = con.execute("SELECT * FROM link_input WHERE unique_id IN (SELECT unique_id FROM link_changed)").to_arrow_table()
    return engines.score_new(work, existing, new, model_json, settings.keep_from)


def _write(con, settings, engine, model_json, stored, pairs, full, sizes, budget, started, on_step):
    """People and dyads are worked out in temp tables first, then everything is stored in one
    transaction: reading rows written inside a transaction is slower, and some of it single-threaded."""
    records, scored, newest = sizes
    _stage_pairs(con, pairs, model_json, settings)
    on_step("clustering")
    counts = graph.people(con, settings, _pairs_after(con, full), "link_fresh_kept")
    dyads.derive(con, "g_people")
    with store.transaction(con):
        run_id = con.execute("SELECT nextval('link_run_seq')").fetchone()[0]
        if stored is None:
            model_id = con.execute("SELECT nextval('link_model_seq')").fetchone()[0]
            con.execute("INSERT INTO link_models VALUES (?, ?, ?, current_localtimestamp(), ?, ?, ?)",
                        [model_id, model.MODEL_VERSION, settings.version, engine,
                         min(records, settings.training.get("max_records", records)), json.dumps(model_json)])
        else:
            model_id = stored[0]
        kept = _store_pairs(con, model_id, run_id, full)
        _store_records(con, run_id)
        graph.store_people(con, run_id)
        n_dyads = dyads.store(con, run_id)
        report = Report(run_id=run_id, mode="full" if full else "incremental", engine=engine, model_id=model_id,
                        trained=stored is None, records=records, records_scored=scored, candidate_pairs=budget,
                        pairs_kept=kept, dyads=n_dyads, **counts)
        con.execute("INSERT INTO link_runs VALUES (?, ?, current_localtimestamp(), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [run_id, started, report.mode, engine, model_id, settings.version, settings.threshold, newest, records,
                     scored, budget, kept, report.people, report.clusters_split, report.clusters_for_review])
    return report
