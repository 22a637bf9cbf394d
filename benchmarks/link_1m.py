"""Benchmark: link about 1,000,000 person records, then 5,000 new ones, against a plain Splink script.

    python benchmarks/link_1m.py [--crimes N] [--new 5000] [--work DIR]

Steps, each in its own process so each peak memory is its own:
  1. a synthetic force of N crimes (about 2.2 person records per crime), split so that the last
     crimes hold about --new person records; the first part is loaded (not timed);
  2. `stalkscreen link` on the first part: train the model, score, cluster, dyads (first run);
  3. `stalkscreen link --full`: the same with the stored model (the repeatable cost of a full link);
  4. a plain Splink script doing the same job on a copy of the same store: the same cleaning SQL,
     training on the same sample, predict, cluster, clusters written back; and again with the
     stored model; each with Splink on an in-memory DuckDB and on the store's own connection;
  5. the new part is loaded, then `stalkscreen link` scores only the new records (incremental).
Prints one JSON line and readable lines.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

CHILDREN = ["offences", "person_records", "victim_care_events", "case_events", "risk_assessments"]


def sh(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "stalkscreen.cli.main", *args], check=True,
                   stdout=subprocess.DEVNULL)


def timed(*args: str) -> dict:
    """Run a child Python process; its wall time and its own peak memory."""
    before = time.perf_counter()
    out = subprocess.run([sys.executable, __file__, "--child", *args], check=True, capture_output=True, text=True)
    seconds = time.perf_counter() - before
    return {"seconds": round(seconds, 1), **json.loads(out.stdout.strip().splitlines()[-1])}


def copy_store(source: Path | None, target: Path) -> None:
    """Copy a store with its write-ahead log (or, with no source, remove the target)."""
    for suffix in ("", ".wal"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
        if source and Path(f"{source}{suffix}").exists():
            shutil.copyfile(f"{source}{suffix}", f"{target}{suffix}")


def split_export(export: Path, base: Path, new: Path, new_records: int) -> dict:
    import duckdb

    con = duckdb.connect()
    cut = con.execute(f"""
        WITH per AS (SELECT crime_id, count(*) AS n FROM '{export}/person_records.parquet' GROUP BY crime_id),
        run AS (SELECT crime_id, sum(n) OVER (ORDER BY crime_id DESC) AS total FROM per)
        SELECT min(crime_id) FROM run WHERE total <= {new_records}""").fetchone()[0]
    for folder in (base, new):
        folder.mkdir(parents=True, exist_ok=True)
    for table in ["crimes", *CHILDREN]:
        for folder, op in ((base, "<"), (new, ">=")):
            con.execute(f"COPY (SELECT * FROM '{export}/{table}.parquet' WHERE crime_id {op} '{cut}') "
                        f"TO '{folder}/{table}.parquet' (FORMAT parquet)")
    for table in ("orders", "order_events"):
        con.execute(f"COPY (SELECT * FROM '{export}/{table}.parquet') TO '{new}/{table}.parquet' (FORMAT parquet)")
    counts = {f: con.execute(f"SELECT count(*) FROM '{f}/person_records.parquet'").fetchone()[0] for f in (base, new)}
    return {"base_records": counts[base], "new_records": counts[new]}


def child_link(db: str, *flags: str) -> None:
    from stalkscreen import store
    from stalkscreen.link import run, settings

    con = store.connect(db)
    report = run.run(con, settings.load(), full="--full" in flags)
    print(json.dumps({"records": report.records, "scored": report.records_scored, "pairs": report.pairs_kept,
                      "people": report.people, "mode": report.mode, "trained": report.trained,
                      "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024}))


def child_model(db: str, out: str) -> None:
    """The stored model, for the plain Splink run with a stored model (not timed)."""
    from stalkscreen import store
    from stalkscreen.link import run

    con = store.connect(db)
    Path(out).write_text(json.dumps(run.latest_model(con)[1]))
    print(json.dumps({}))


def child_plain_splink(db: str, threshold: float, keep_from: float, model_path: str, where: str) -> None:
    """What a data team would write with Splink alone for the same job: the same cleaning SQL over
    the store's person records, (the same training on the same sample,) predict, cluster, and the
    clusters written back to the store. No pairs kept, no fingerprints, no over-merging guards, no
    review, no dyads. `where` is where Splink works: `memory` (a private in-memory DuckDB, as
    stalkscreen does) or `store` (the store's own connection, as most scripts do)."""
    import duckdb
    from splink import DuckDBAPI, Linker

    from stalkscreen import store
    from stalkscreen.link import engines, model, prepare, settings

    chosen = settings.load()
    con = store.connect(db)
    prepare.build(con, chosen, "prepared")
    usable = con.execute(f"SELECT * FROM prepared WHERE NOT coalesce({prepare.unusable()}, false)").to_arrow_table()
    work = duckdb.connect() if where == "memory" else con
    work.register("usable_arrow", usable)
    work.execute("CREATE TEMP TABLE usable AS SELECT * FROM usable_arrow")
    api = DuckDBAPI(connection=work)
    if model_path == "train":
        share = chosen.training["max_records"] / usable.num_rows
        work.execute("CREATE TEMP TABLE sample AS SELECT * FROM usable WHERE hash(unique_id || $seed) % 1000000 < $cut "
                     "ORDER BY unique_id", {"seed": str(chosen.training["seed"]), "cut": int(min(share, 1) * 1e6)})
        model_json = engines._train(Linker(api.register("sample"), model.settings(), log_level=None), chosen)
        api = DuckDBAPI(connection=work)  # a fresh cache, as stalkscreen does
    else:
        model_json = json.loads(Path(model_path).read_text())
    model_json.pop("linker_uid", None)
    linker = Linker(api.register("usable"), model_json, log_level=None)
    predictions = linker.inference.predict(threshold_match_probability=keep_from, warning_mode="never")
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(predictions, threshold)
    con.register("result", work.execute(f"SELECT unique_id, cluster_id FROM {clusters.physical_name}").to_arrow_table())
    con.execute("CREATE OR REPLACE TABLE plain_clusters AS SELECT * FROM result")
    people = con.execute("SELECT count(DISTINCT cluster_id) FROM plain_clusters").fetchone()[0]
    print(json.dumps({"people": people, "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--crimes", type=int, default=460_000)
    parser.add_argument("--new", type=int, default=5_000)
    parser.add_argument("--work", type=Path, default=Path("/tmp/stalkscreen-bench"))
    parser.add_argument("--child", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    if args.child:
        kind, *rest = args.child
        {"link": child_link, "model": child_model,
         "plain": lambda db, t, k, m, w: child_plain_splink(db, float(t), float(k), m, w)}[kind](*rest)
        return

    from stalkscreen.link import settings

    chosen = settings.load()
    export = args.work / f"export_{args.crimes}_link"
    if not (export / "crimes.parquet").exists():
        sh("synth", "--crimes", str(args.crimes), "--seed", "1", "--out", str(export), "--format", "parquet")
    base, new = args.work / f"link_{args.crimes}_base", args.work / f"link_{args.crimes}_new"
    sizes = split_export(export, base, new, args.new)
    db = args.work / "link_bench.duckdb"
    copy_store(None, db)
    sh("--db", str(db), "ingest", str(base))
    figures = {"benchmark": "link_1m", **sizes}
    figures["first_run"] = timed("link", str(db))
    figures["full_run_stored_model"] = timed("link", str(db), "--full")
    model_path = args.work / "link_model.json"
    timed("model", str(db), str(model_path))
    plain_db = args.work / "link_plain.duckdb"
    plain = (str(plain_db), str(chosen.threshold), str(chosen.keep_from))
    for where in ("memory", "store"):
        for name, how in ((f"plain_splink_{where}_with_training", "train"),
                          (f"plain_splink_{where}_stored_model", str(model_path))):
            copy_store(db, plain_db)
            figures[name] = timed("plain", *plain, how, where)
    copy_store(None, plain_db)
    for where in ("memory", "store"):
        for ours, theirs in (("first_run", f"plain_splink_{where}_with_training"),
                             ("full_run_stored_model", f"plain_splink_{where}_stored_model")):
            figures[f"ratio_{ours}_to_{where}"] = round(figures[ours]["seconds"] / figures[theirs]["seconds"], 2)
    sh("--db", str(db), "ingest", str(new))
    figures["incremental_run"] = timed("link", str(db))
    print(json.dumps(figures))
    for name in [k for k, v in figures.items() if isinstance(v, dict)]:
        f = figures[name]
        print(f"{name}: {f['seconds']} s, peak {f['peak_mb']:,} MB", {k: v for k, v in f.items()
                                                                       if k not in ("seconds", "peak_mb")})
    for where in ("memory", "store"):
        print(f"stalkscreen / plain Splink on {where}: first run {figures[f'ratio_first_run_to_{where}']}, "
              f"stored model {figures[f'ratio_full_run_stored_model_to_{where}']}")


if __name__ == "__main__":
    main()
