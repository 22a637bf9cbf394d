"""Benchmark: screen 1,000,000 crimes end to end, then 5,000 new crimes against them.

    python benchmarks/screen_1m.py [--crimes N] [--new 5000] [--repeat 3] [--work DIR]

Set-up (not timed): a synthetic force of N crimes (narratives of 300 to 1,000 characters) split
so that the newest --new crimes come later; the first part is loaded and linked once, and kept as
WORK/screen_linked.duckdb for later runs. Timed, each in its own process so each peak memory is
its own, and each of steps 1 and 2 --repeat times on a fresh copy of its store (the median turn is
reported, with every turn's time: the first turn after a copy is often slower):
  1. `stalkscreen screen` on a copy of that store: every crime screened (first run);
  2. the new crimes are loaded and linked (not timed), then `stalkscreen screen` again: only the
     crimes touched by them are checked again, and only the new crimes' narratives read
     (incremental);
  3. the lexicon's narrative rules alone over all 1,000,000 narratives in DuckDB, against a plain
     Python `re` loop applying the same patterns to a 50,000-narrative slice: the ratio is per
     narrative.
Prints one JSON line and readable lines.
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
    return {"seconds": round(time.perf_counter() - before, 2), **json.loads(out.stdout.strip().splitlines()[-1])}


def turns(repeat: int, store: Path, fresh: Path, *args: str) -> dict:
    """`timed` `repeat` times, each on a fresh copy of `store`; the median turn, with every turn's time."""
    runs = []
    for _ in range(repeat):
        copy_store(store, fresh)
        runs.append(timed(*args))
    median = sorted(runs, key=lambda r: r["seconds"])[len(runs) // 2]
    return {**median, "turns_seconds": [r["seconds"] for r in runs]}


def peak_mb() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024


def child_screen(db: str) -> None:
    from stalkscreen import store
    from stalkscreen.reference import offences
    from stalkscreen.screen import lexicon, rules, run

    with store.connect(db) as con:
        report = run.run(con, rules.load(), lexicon.load(), offences.load())
    print(json.dumps({"mode": report.mode, "in_scope": report.crimes_in_scope, "rechecked": report.crimes_rechecked,
                      "narratives": report.narratives_scanned,
                      "indicated": report.indicated, "flagged": report.flagged, "peak_mb": peak_mb()}))


def child_lexicon(db: str, slice_size: str) -> None:
    """The narrative rules alone, in DuckDB over every narrative and in a Python loop over a slice
    (screen_lexicon.python_hits: the same patterns and cues, checked there to give the same hits)."""
    from screen_lexicon import python_hits

    from stalkscreen import store
    from stalkscreen.screen import lexicon

    lex = lexicon.load()
    with store.connect(db, read_only=True) as con:
        con.execute("CREATE TEMP TABLE narratives AS SELECT crime_id, narrative FROM crimes")
        n = con.execute("SELECT count(*) FROM narratives").fetchone()[0]
        started = time.perf_counter()
        con.execute(f"CREATE TEMP TABLE hits AS {lexicon.hits_sql(lex, 'narratives')}")
        con.execute(f"CREATE TEMP TABLE verdicts AS {lexicon.verdict_sql(lex, 'hits')}")
        sql_seconds = time.perf_counter() - started
        texts = [t or "" for (t,) in con.execute(f"SELECT narrative FROM narratives LIMIT {int(slice_size)}").fetchall()]
    started = time.perf_counter()
    found = len(python_hits(lex, texts))
    loop_seconds = time.perf_counter() - started
    per_sql, per_loop = sql_seconds / n, loop_seconds / len(texts)
    print(json.dumps({"narratives": n, "sql_seconds": round(sql_seconds, 2), "loop_narratives": len(texts),
                      "loop_seconds": round(loop_seconds, 2), "loop_hits": found,
                      "loop_to_sql_per_narrative": round(per_loop / per_sql, 1), "peak_mb": peak_mb()}))


def linked_store(work: Path, crimes: int, new_crimes: int) -> tuple[Path, Path, dict]:
    export = work / f"export_{crimes}_synth"
    if not (export / "crimes.parquet").exists():
        sh("synth", "--crimes", str(crimes), "--seed", "1", "--out", str(export), "--format", "parquet")
    base, new = work / f"screen_{crimes}_base", work / f"screen_{crimes}_new"
    sizes = split_export(export, base, new, new_crimes=new_crimes)
    linked = work / "screen_linked.duckdb"
    if not linked.exists():
        building = work / "screen_linking.duckdb"
        copy_store(None, building)
        sh("--db", str(building), "ingest", str(base))
        sh("--db", str(building), "link")
        building.rename(linked)
    return linked, new, sizes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--crimes", type=int, default=1_000_000)
    parser.add_argument("--new", type=int, default=5_000)
    parser.add_argument("--repeat", type=int, default=3, help="turns of the first and the incremental run")
    parser.add_argument("--slice", type=int, default=50_000, help="narratives for the plain Python loop")
    parser.add_argument("--work", type=Path, default=Path("/tmp/stalkscreen-bench"))
    parser.add_argument("--child", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    if args.child:
        kind, *rest = args.child
        {"screen": child_screen, "lexicon": child_lexicon}[kind](*rest)
        return
    args.work.mkdir(parents=True, exist_ok=True)
    linked, new, sizes = linked_store(args.work, args.crimes, args.new)
    db, ready = args.work / "screen_bench.duckdb", args.work / "screen_bench_ready.duckdb"
    figures = {"benchmark": "screen_1m", **sizes}
    figures["first_run"] = turns(args.repeat, linked, db, "screen", str(db))
    figures["lexicon_vs_python_re"] = timed("lexicon", str(db), str(args.slice))
    sh("--db", str(db), "ingest", str(new))
    sh("--db", str(db), "link")
    copy_store(db, ready)
    figures["incremental_run"] = turns(args.repeat, ready, db, "screen", str(db))
    copy_store(None, db)
    copy_store(None, ready)
    print(json.dumps(figures))
    for name in ("first_run", "incremental_run"):
        f = figures[name]
        print(f"{name}: {f['seconds']} s (median of turns {f['turns_seconds']}), peak {f['peak_mb']:,} MB "
              f"({f['mode']}: {f['in_scope']:,} crimes in scope, {f['rechecked']:,} checked again, "
              f"{f['narratives']:,} narratives read, {f['indicated']:,} indicated)")
    f = figures["lexicon_vs_python_re"]
    print(f"narrative rules in DuckDB: {f['narratives']:,} narratives in {f['sql_seconds']} s; plain Python re loop: "
          f"{f['loop_narratives']:,} in {f['loop_seconds']} s; the loop takes {f['loop_to_sql_per_narrative']}x as "
          "long per narrative")


if __name__ == "__main__":
    main()
