"""Benchmark: the month's Victims' Code report on a store of 1,000,000 crimes.

    python benchmarks/victims_1m.py [--crimes N] [--work DIR] [--source STORE] [--month YYYY-MM]

The report is what `stalkscreen victims` gives for a month: the figures by right, the same by
team, and the exception list behind every figure (the month's and the rolling 12-month referral
rate included). The store is a copy of the ingest benchmark's (WORK/ingest_bench.duckdb, never
written), made once as WORK/victims_bench_N.duckdb; when there is none (or --crimes is not the
default), a synthetic force is made with `stalkscreen synth --format parquet` and loaded with
`stalkscreen ingest`. The month defaults to the last full month of the synthetic export
(2026-09; the synthetic clock ends on 2026-10-31). Prints one JSON line and one readable line.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import resource
import time
from pathlib import Path

from exports import make_store

AS_OF = dt.date(2026, 10, 31)
DEFAULT_CRIMES = 1_000_000


def report(con, month: str) -> dict:
    """The month's report, as `stalkscreen victims` makes it: figures, by team, every exception list."""
    from stalkscreen.casework import rules as casework_rules
    from stalkscreen.casework import victims
    from stalkscreen.reference import offences

    return victims.report(con, casework_rules.load(), offences.load(), victims.parse_month(month), AS_OF)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--crimes", type=int, default=DEFAULT_CRIMES)
    parser.add_argument("--work", type=Path, default=Path("/tmp/stalkscreen-bench"))
    parser.add_argument("--source", type=Path, help="a store to copy (default WORK/ingest_bench.duckdb at 1M crimes)")
    parser.add_argument("--month", default="2026-09")
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    db = args.work / f"victims_bench_{args.crimes}.duckdb"
    source = args.source or (args.work / "ingest_bench.duckdb" if args.crimes == DEFAULT_CRIMES else None)
    made = make_store(db, source, args.work, args.crimes)

    from stalkscreen import store

    con = store.connect(db)  # brings a copied store to the current schema
    crimes = con.execute("SELECT count(*) FROM crimes").fetchone()[0]
    con.close()

    start = time.perf_counter()
    con = store.connect(db, read_only=True)
    done = report(con, args.month)
    con.close()
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    victims_in_month = max(f["denominator"] + f["pending"] for f in done["figures"] if f["measure"] == "needs_assessment")
    listed = sum(len(rows) for rows in done["exceptions"].values())
    result = {"benchmark": "victims_1m", "crimes": crimes, "store": made, "month": args.month,
              "victims": victims_in_month, "figures": len(done["figures"]), "team_figures": len(done["by_team"]),
              "exceptions_listed": listed, "seconds": round(seconds, 2), "peak_rss_mb": round(peak)}
    print(json.dumps(result))
    print(f"Victims' Code report for {args.month} on {crimes:,} crimes ({victims_in_month:,} victims of stalking "
          f"cases; {len(done['figures'])} figures, {len(done['by_team'])} by team, {listed:,} exceptions listed) in "
          f"{seconds:.2f} s; peak memory {peak:,.0f} MB")


if __name__ == "__main__":
    main()
