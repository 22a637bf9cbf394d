"""Benchmark: a 12-month stalking problem profile (PDF, with every chart) on a store of 1,000,000 crimes.

    python benchmarks/profile_1m.py [--crimes N] [--work DIR] [--source STORE] [--out FILE]

The store is a copy of the ingest benchmark's store (benchmarks/ingest_1m.py), made once as
WORK/profile_bench.duckdb; when neither exists, a synthetic force is made with `stalkscreen synth
--format parquet` and loaded with `stalkscreen ingest`. The national picture uses the small
fixtures in tests/fixtures/national. The period is the last 12 months of the synthetic export
(the synthetic clock ends on 2026-10-31). Prints one JSON line and one readable line.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import resource
import time
from pathlib import Path

from exports import make_store

FIXTURES = Path(__file__).parents[1] / "tests" / "fixtures" / "national"
PERIOD = (dt.date(2025, 11, 1), dt.date(2026, 10, 31))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--crimes", type=int, default=1_000_000)
    parser.add_argument("--work", type=Path, default=Path("/tmp/stalkscreen-bench"))
    parser.add_argument("--source", type=Path, help="a store to copy (default WORK/ingest_bench.duckdb)")
    parser.add_argument("--out", type=Path, help="the report (default WORK/profile/profile.pdf)")
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    db = args.work / "profile_bench.duckdb"
    made = make_store(db, args.source or args.work / "ingest_bench.duckdb", args.work, args.crimes)
    out = args.out or args.work / "profile" / "profile.pdf"

    from stalkscreen import store
    from stalkscreen.oversight import national, profile

    con = store.connect(db)  # brings a copied store to the current schema
    for path in (FIXTURES / "prc_pfa_small.csv", FIXTURES / "pfa_population_mid2024.csv"):
        national.import_file(con, path)
    crimes = con.execute("SELECT count(*) FROM crimes").fetchone()[0]
    con.close()

    start = time.perf_counter()
    con = store.connect(db, read_only=True)
    made_profile = profile.build(con, profile.Options(*PERIOD, force_name="Northshire", similar_forces=("Southshire",)))
    con.close()
    built = time.perf_counter()
    written = profile.write(made_profile, out)
    seconds = time.perf_counter() - start
    stalking = next(t for s in made_profile.sections for t in s.tables if t.name == "stalking_by_month")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result = {"benchmark": "profile_1m", "crimes": crimes, "store": made, "period": [str(d) for d in PERIOD],
              "stalking_crimes": sum(r["total"] for r in stalking.rows), "seconds": round(seconds, 2),
              "figures_seconds": round(built - start, 2), "render_seconds": round(seconds - (built - start), 2),
              "files": len(written), "pdf_bytes": out.stat().st_size, "peak_rss_mb": round(peak)}
    print(json.dumps(result))
    print(f"12-month profile on {crimes:,} crimes ({result['stalking_crimes']:,} stalking crimes) in {seconds:.1f} s "
          f"({result['figures_seconds']:.1f} s figures, {result['render_seconds']:.1f} s charts and PDF); "
          f"peak memory {peak:,.0f} MB")


if __name__ == "__main__":
    main()
