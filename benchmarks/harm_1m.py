"""Benchmark: RFGV harm scores for every linked suspect and dyad on a store of 1,000,000 crimes.

    python benchmarks/harm_1m.py [--crimes N] [--work DIR] [--source STORE] [--as-of YYYY-MM-DD]

Target: under 30 s on the 2-core machine. Set-up (not timed): the store WORK/harm_bench_N.duckdb,
kept for later runs, is a copy of `--source` (a linked store, e.g. WORK/screen_linked.duckdb, never
written) or a synthetic force made with `stalkscreen synth --format parquet`, loaded with
`stalkscreen ingest` and linked with `stalkscreen link`. Timed: `harm run` as of the synthetic
clock's last day (one transaction: scores and per-crime breakdown for people and dyads), then
reading the top 50 of each kind as `stalkscreen harm --top 50` does. Prints one JSON line and one
readable line. Try it small first: --crimes 50000.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import resource
import time
from pathlib import Path

from exports import make_store, sh

DEFAULT_CRIMES = 1_000_000


def ensure_linked(db: Path) -> None:
    from stalkscreen import store

    with store.connect(db) as con:  # brings a copied store to the current schema
        linked = con.execute("SELECT count(*) FROM people").fetchone()[0]
    if not linked:
        sh("--db", str(db), "link")


def score(db: Path, as_of: dt.date) -> dict:
    from stalkscreen import store
    from stalkscreen.harm import index, run, scores, spec
    from stalkscreen.reference import offences

    catalogue = offences.load()
    the_spec = spec.load(catalogue, index.load(catalogue))
    with store.connect(db) as con:
        crimes = con.execute("SELECT count(*) FROM crimes").fetchone()[0]
        started = time.perf_counter()
        report = run.run(con, the_spec, catalogue, as_of)
        run_seconds = time.perf_counter() - started
        started = time.perf_counter()
        top = scores.ranking(con, scores.latest_run(con), None, 50)
        read_seconds = time.perf_counter() - started
        breakdown = con.execute("SELECT count(*) FROM harm_score_crimes WHERE harm_run_id = ?",
                                [report.run_id]).fetchone()[0]
    return {"crimes": crimes, "crimes_scored": report.crimes_scored, "people": report.people, "dyads": report.dyads,
            "serial_people": report.serial_people, "breakdown_rows": breakdown, "top_listed": len(top),
            "seconds": round(run_seconds, 2), "read_top_seconds": round(read_seconds, 3),
            "crimes_per_second": round(crimes / run_seconds)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--crimes", type=int, default=DEFAULT_CRIMES)
    parser.add_argument("--work", type=Path, default=Path("/tmp/stalkscreen-bench"))
    parser.add_argument("--source", type=Path, help="a linked store to copy (never written)")
    parser.add_argument("--as-of", default="2026-10-31")
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    db = args.work / f"harm_bench_{args.crimes}.duckdb"
    made = make_store(db, args.source, args.work, args.crimes)
    ensure_linked(db)
    figures = score(db, dt.date.fromisoformat(args.as_of))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result = {"benchmark": "harm_1m", "store": made, "as_of": args.as_of, **figures, "peak_rss_mb": round(peak)}
    print(json.dumps(result))
    print(f"harm run on {figures['crimes']:,} crimes ({figures['crimes_scored']:,} scored; {figures['people']:,} "
          f"people, {figures['dyads']:,} dyads, {figures['breakdown_rows']:,} breakdown rows) in "
          f"{figures['seconds']:.2f} s ({figures['crimes_per_second']:,} crimes/s; target < 30 s); top 50 of each "
          f"kind read in {figures['read_top_seconds']:.3f} s; peak memory {peak:,.0f} MB")


if __name__ == "__main__":
    main()
