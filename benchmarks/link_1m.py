"""Benchmark: link about 1,000,000 person records, then 5,000 new ones, against a plain Splink script.

    python benchmarks/link_1m.py [--crimes N] [--new 5000] [--repeat 3] [--work DIR]

Steps, each in its own process so each peak memory is its own:
  1. a synthetic force of N crimes (about 2.2 person records per crime), split so that the last
     crimes hold about --new person records; the first part is loaded (not timed);
  2. `stalkscreen link` on the first part: train the model, score, cluster, dyads (first run);
  3. `stalkscreen link --full`: the same with the stored model (the repeatable cost of a full link);
  4. a plain Splink script doing the same job on a copy of the same store: the same cleaning SQL,
     training on the same sample, predict, cluster, clusters written back; and again with the
     stored model; each with Splink on an in-memory DuckDB and on the store's own connection;
  5. the new part is loaded, then `stalkscreen link` scores only the new records (incremental).
Steps 2-4 (in memory) take --repeat turns, each on a fresh copy of the loaded store; the medians
are reported, and every time is listed. Prints one JSON line and readable lines.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

from exports import copy_store, sh, split_export


def timed(*args: str) -> dict:
    """Run a child Python process; its wall time and its own peak memory."""
    before = time.perf_counter()
    out = subprocess.run([sys.executable, __file__, "--child", *args], check=True, capture_output=True, text=True)
    seconds = time.perf_counter() - before
    return {"seconds": round(seconds, 1), **json.loads(out.stdout.strip().splitlines()[-1])}


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
    parser.add_argument("--repeat", type=int, default=3, help="turns of ours and the plain script; medians reported")
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
    sizes = split_export(export, base, new, new_records=args.new)
    unlinked, db = args.work / "link_unlinked.duckdb", args.work / "link_bench.duckdb"
    copy_store(None, unlinked)
    sh("--db", str(unlinked), "ingest", str(base))
    figures = {"benchmark": "link_1m", **sizes, "repeats": args.repeat}
    model_path = args.work / "link_model.json"
    plain_db = args.work / "link_plain.duckdb"
    plain = (str(plain_db), str(chosen.threshold), str(chosen.keep_from))
    runs: dict[str, list[dict]] = {}
    # Ours and the plain script take turns, so a change in the machine's pace hits both alike.
    for turn in range(args.repeat):
        copy_store(unlinked, db)
        runs.setdefault("first_run", []).append(timed("link", str(db)))
        runs.setdefault("full_run_stored_model", []).append(timed("link", str(db), "--full"))
        timed("model", str(db), str(model_path))
        wheres = ("memory", "store") if turn == 0 else ("memory",)  # on the store: once, for scale
        for where in wheres:
            for name, how in ((f"plain_splink_{where}_with_training", "train"),
                              (f"plain_splink_{where}_stored_model", str(model_path))):
                copy_store(db, plain_db)
                runs.setdefault(name, []).append(timed("plain", *plain, how, where))
    copy_store(None, plain_db)
    for name, found in runs.items():
        figures[name] = {**sorted(found, key=lambda f: f["seconds"])[len(found) // 2],
                         "all_seconds": [f["seconds"] for f in found]}
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
