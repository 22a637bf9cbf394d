"""Benchmark: ingest a 1,000,000-crime export (Parquet) into a fresh store.

    python benchmarks/ingest_1m.py [--crimes N] [--export DIR] [--work DIR] [--generator synth|numpy]

The export is made once with `stalkscreen synth --format parquet` (or, with --generator numpy or
when synth is not installed, a quick vectorised stand-in with the same tables and similar row
counts) and reused on later runs. Prints one JSON line and one readable line.
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

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq


def numpy_export(folder: Path, n: int, seed: int = 1) -> None:
    """Canonical Parquet files with text dates, as an RMS export would have them."""
    from stalkscreen.reference import offences

    rng = np.random.default_rng(seed)
    codes = np.array(sorted(offences.load().offences))
    folder.mkdir(parents=True, exist_ok=True)
    base = np.datetime64("2020-01-01T00:00")
    def when(k, spread=5 * 365 * 24 * 60):
        return base + rng.integers(0, spread, k).astype("timedelta64[m]")
    def text(a):
        return pa.array(np.datetime_as_string(a, unit="m").astype(object)).cast(pa.string())
    crime_ids = np.char.add("CR", np.arange(n).astype(str))
    recorded = when(n)
    principal = codes[rng.integers(0, len(codes), n)]
    words = np.array(["He followed her home again", "Messages every night from a new number",
                      "Left flowers at her work with a note", "Waited outside the school gates",
                      "Posted her address online", "Turned up at the gym three times"])
    pq.write_table(pa.table({
        "crime_id": crime_ids, "force": np.full(n, "XX"), "record_type": np.where(rng.random(n) < 0.9, "crime", "incident"),
        "recorded_at": text(recorded), "occurred_from": text(recorded - np.timedelta64(60, "m")),
        "occurred_to": text(recorded), "offence_code": principal, "offence": np.full(n, ""),
        "domestic_abuse": np.where(rng.random(n) < 0.4, "yes", "no"), "status": np.full(n, "open"),
        "outcome": np.full(n, ""), "location": np.full(n, "High Street"), "postcode": np.full(n, "AB1 2CD"),
        "narrative": np.char.add(words[rng.integers(0, len(words), n)], ". Victim is frightened and wants it to stop."),
    }), folder / "crimes.parquet")
    k = int(n * 0.3)
    which = rng.choice(n, k, replace=False)
    pq.write_table(pa.table({"crime_id": crime_ids[which], "offence_code": codes[rng.integers(0, len(codes), k)],
                             "offence": np.full(k, ""), "role": np.full(k, "included")}), folder / "offences.parquet")
    per = np.arange(2 * n) // 2
    pq.write_table(pa.table({
        "person_record_id": np.char.add("PR", np.arange(2 * n).astype(str)), "crime_id": crime_ids[per],
        "role": np.where(np.arange(2 * n) % 2 == 0, "victim", "suspect"),
        "forename": np.full(2 * n, "Sam"), "surname": np.full(2 * n, "Jones"), "dob": np.full(2 * n, "1990-05-01"),
        "sex": np.full(2 * n, "F"), "relationship": np.full(2 * n, "ex_partner"),
    }), folder / "person_records.parquet")
    m = n // 50
    pq.write_table(pa.table({
        "order_id": np.char.add("OR", np.arange(m).astype(str)), "order_type": np.full(m, "SPO"),
        "subject_person_record_id": np.char.add("PR", (np.arange(m) * 100 + 1).astype(str)),
        "protected_person_record_id": np.char.add("PR", (np.arange(m) * 100).astype(str)),
        "applied_on": np.full(m, "2024-01-02"), "made_on": np.full(m, "2024-01-05"), "expires_on": np.full(m, "2026-01-05"),
    }), folder / "orders.parquet")
    pq.write_table(pa.table({"order_id": np.char.add("OR", np.arange(m).astype(str)), "event": np.full(m, "made"),
                             "at": np.full(m, "2024-01-05 14:00")}), folder / "order_events.parquet")
    r = n // 3
    pq.write_table(pa.table({
        "assessment_id": np.char.add("RA", np.arange(r).astype(str)), "crime_id": crime_ids[np.arange(r) * 3],
        "person_record_id": np.char.add("PR", (np.arange(r) * 6).astype(str)), "instrument": np.full(r, "S-DASH"),
        "completed_at": text(recorded[np.arange(r) * 3] + np.timedelta64(30, "m")),
        "answers": np.full(r, '{"q1": true, "q2": false}'), "level": np.full(r, "medium"),
    }), folder / "risk_assessments.parquet")
    pq.write_table(pa.table({
        "crime_id": crime_ids, "person_record_id": np.char.add("PR", (np.arange(n) * 2).astype(str)),
        "event": np.full(n, "vna_completed"), "at": text(recorded + np.timedelta64(600, "m")),
    }), folder / "victim_care_events.parquet")
    pq.write_table(pa.table({
        "crime_id": np.repeat(crime_ids, 2), "event": np.tile(["allocated", "supervisor_review"], n),
        "at": text(np.repeat(recorded, 2) + np.tile(np.array([60, 120], "timedelta64[m]"), n)), "by": np.full(2 * n, "DS 1"),
    }), folder / "case_events.parquet")


def make_export(folder: Path, n: int, generator: str) -> str:
    if (folder / "crimes.parquet").exists():
        return "reused"
    if generator == "synth":
        done = subprocess.run([sys.executable, "-c", "from stalkscreen.cli.main import main; main()", "synth",
                               "--crimes", str(n), "--seed", "1", "--out", str(folder), "--format", "parquet"])
        if done.returncode == 0:
            return "synth"
        print("synth failed; using the numpy stand-in", file=sys.stderr)
        shutil.rmtree(folder, ignore_errors=True)
    numpy_export(folder, n)
    return "numpy"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--crimes", type=int, default=1_000_000)
    parser.add_argument("--work", type=Path, default=Path("/tmp/stalkscreen-bench"))
    parser.add_argument("--export", type=Path, help="an existing export directory to reuse")
    parser.add_argument("--generator", choices=["synth", "numpy"], default="synth")
    args = parser.parse_args()
    export = args.export or args.work / f"export_{args.crimes}_{args.generator}"
    made = make_export(export, args.crimes, args.generator) if not args.export else "given"

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
