"""Benchmark: importing a phone extraction of 1,000,000 contact records, then a second, overlapping
extraction of the same phone.

    python benchmarks/evidence_import.py [--contacts N] [--work DIR]

Set-up (not timed): the synthetic extraction of benchmarks/evidence_report.py written as CSV files
(times in Europe/London local time with their offset), the suspect's phone as two extractions that
share a fifth of the span. Timed: `evidence.importing.run` of each file into a fresh store (times
to UTC, parties to E.164, checks, duplicates, party matching, one transaction each). No target in
the issue; printed so a slower import shows. Prints one JSON line and one readable line.
"""

from __future__ import annotations

import argparse
import json
import resource
import time
from pathlib import Path

from evidence_report import DEFAULT_CONTACTS, plan


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contacts", type=int, default=DEFAULT_CONTACTS)
    parser.add_argument("--work", type=Path, default=Path("/tmp/stalkscreen-bench"))
    args = parser.parse_args()
    from dataclasses import replace

    from stalkscreen import store
    from stalkscreen.evidence import importing
    from stalkscreen.synth import extractions

    # Twice the records, so that each of the two overlapping extractions holds about N.
    extraction = extractions.make(replace(plan(args.contacts * 5 // 3, 365, 1, 3.0), duplicated=True))
    folder = args.work / "evidence_import"
    truth = extractions.write_files(extraction, folder)
    db = args.work / "evidence_import.duckdb"
    db.unlink(missing_ok=True)
    timings = []
    with store.connect(db) as con:
        con.execute("INSERT INTO crimes (crime_id, record_type, recorded_at, offence_code, offence, ingest_run_id) "
                    "VALUES ('EV-BENCH', 'crime', '2026-06-01 10:00', '8/65', 'stalking', 1)")
        con.execute("INSERT INTO person_records (person_record_id, crime_id, role, phone, ingest_run_id) VALUES "
                    "('EV-S1', 'EV-BENCH', 'suspect', '07700 900001', 1), ('EV-V1', 'EV-BENCH', 'victim', '07700 900002', 1)")
        for f in (f for f in truth["files"] if f["file"].startswith("EV-BENCH_suspect_contacts")):
            started = time.perf_counter()
            done = importing.run(con, folder / f["file"], "EV-BENCH", "contacts", "suspect", by="benchmark")
            timings.append({"file": f["file"], "rows_read": done.rows_read, "rows_loaded": done.rows_loaded,
                            "rows_duplicate": done.rows_duplicate, "seconds": round(time.perf_counter() - started, 2)})
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"benchmark": "evidence_import", "imports": timings, "peak_rss_mb": round(peak)}))
    print("; ".join(f"{t['file']}: read {t['rows_read']:,} = loaded {t['rows_loaded']:,} + duplicates "
                    f"{t['rows_duplicate']:,} in {t['seconds']:.2f} s" for t in timings) + f"; peak memory {peak:,.0f} MB")


if __name__ == "__main__":
    main()
