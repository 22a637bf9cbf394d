"""Benchmark: ingest a 1,000,000-crime export (Parquet) into a fresh store.

    python benchmarks/ingest_1m.py [--crimes N] [--export DIR] [--work DIR]

The export is made once with `stalkscreen synth --format parquet` and reused on later runs; the
load includes the narrative search-index update, which runs inside the same transaction.
Prints one JSON line and one readable line.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path



def make_export(folder: Path, n: int) -> str:
    """The synthetic force as Parquet, made once and reused by later runs."""
    if (folder / "crimes.parquet").exists():
        return "reused"
    subprocess.run([sys.executable, "-m", "stalkscreen.cli.main", "synth", "--crimes", str(n), "--seed", "1",
                    "--out", str(folder), "--format", "parquet"], check=True)
    return "synth"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--crimes", type=int, default=1_000_000)
    parser.add_argument("--work", type=Path, default=Path("/tmp/stalkscreen-bench"))
    parser.add_argument("--export", type=Path, help="an existing export directory to reuse")
    args = parser.parse_args()
    export = args.export or args.work / f"export_{args.crimes}_synth"
    made = make_export(export, args.crimes) if not args.export else "given"

    from stalkscreen import store
    from stalkscreen.ingest import load

    db = args.work / "ingest_bench.duckdb"
    for stale in (db, Path(str(db) + ".wal")):
        stale.unlink(missing_ok=True)
    marks: dict[str, float] = {}

    def on_step(message: str) -> None:
        marks.setdefault(message.split(" ")[0], time.perf_counter())

    start = time.perf_counter()
    con = store.connect(db)
    report = load.run(con, [export], on_step=on_step)
    con.close()
    seconds = time.perf_counter() - start
    # The narrative search index (stalkscreen.search.index.update) runs inside the same transaction.
    index_seconds = seconds - (marks.get("updating", time.perf_counter()) - start)
    rows = sum(f.read for f in report.files)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result = {"benchmark": "ingest_1m", "crimes": args.crimes, "export": made, "seconds": round(seconds, 2),
              "search_index_and_commit_seconds": round(index_seconds, 2),
              "rows": rows, "rows_per_second": round(rows / seconds), "peak_rss_mb": round(peak),
              "quarantined": sum(f.quarantined for f in report.files)}
    print(json.dumps(result))
    print(f"ingested {rows:,} rows ({args.crimes:,} crimes) in {seconds:.1f} s = {rows / seconds:,.0f} rows/s "
          f"({index_seconds:.1f} s of it the search index update and commit); peak memory {peak:,.0f} MB")


if __name__ == "__main__":
    main()
