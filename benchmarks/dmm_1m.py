"""Benchmark: the daily management meeting list for one day on a store of 1,000,000 crimes.

    python benchmarks/dmm_1m.py [--crimes N] [--work DIR] [--source STORE] [--date YYYY-MM-DD] [--pdf]

The list is what `stalkscreen dmm --date D` makes and records: every section (new high-risk
stalking cases, breaches, new screening flags, high-harm offenders with new activity, overdue risk
assessments, SPO decisions and needs assessments) and its row in dmm_lists. The date defaults to
Monday 2026-11-02, the first meeting after the synthetic clock's last day (2026-10-31), whose
look-back is the 72 hours from Friday. The store is a copy of the ingest benchmark's
(WORK/ingest_bench.duckdb, never written), made once as WORK/dmm_bench_N.duckdb; when there is
none (or --crimes is not the default), a synthetic force is made with `stalkscreen synth` and
loaded with `stalkscreen ingest`. The high-harm section needs a harm run (`stalkscreen harm`, after
`stalkscreen link`); without one it is reported as not available. With --pdf the agenda is also
written and timed. Prints one JSON line and one readable line.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import resource
import time
from pathlib import Path

from exports import make_store

DEFAULT_CRIMES = 1_000_000
MEETING = "2026-11-02"


def produce(con, day: dt.date):
    """The day's list, made and recorded as `stalkscreen dmm` does."""
    from stalkscreen.casework import rules as casework_rules
    from stalkscreen.dmm import produce as dmm_produce
    from stalkscreen.dmm import rules as dmm_rules
    from stalkscreen.reference import offences

    return dmm_produce.run(con, day, dmm_rules.load(), casework_rules.load(), offences.load())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--crimes", type=int, default=DEFAULT_CRIMES)
    parser.add_argument("--work", type=Path, default=Path("/tmp/stalkscreen-bench"))
    parser.add_argument("--source", type=Path, help="a store to copy (default WORK/ingest_bench.duckdb at 1M crimes)")
    parser.add_argument("--date", default=MEETING)
    parser.add_argument("--pdf", action="store_true", help="also write and time the PDF agenda")
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    db = args.work / f"dmm_bench_{args.crimes}.duckdb"
    source = args.source or (args.work / "ingest_bench.duckdb" if args.crimes == DEFAULT_CRIMES else None)
    made_store = make_store(db, source, args.work, args.crimes)

    from stalkscreen import store

    con = store.connect(db)  # brings a copied store to the current schema
    crimes = con.execute("SELECT count(*) FROM crimes").fetchone()[0]
    con.close()

    day = dt.date.fromisoformat(args.date)
    start = time.perf_counter()
    con = store.connect(db)
    made = produce(con, day)
    con.close()
    seconds = time.perf_counter() - start
    pdf_seconds = None
    if args.pdf:
        from stalkscreen.dmm import agenda

        begin = time.perf_counter()
        agenda.write_pdf(made, args.work / f"dmm_{args.date}.pdf")
        pdf_seconds = round(time.perf_counter() - begin, 2)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    counts = made.counts()
    result = {"benchmark": "dmm_1m", "crimes": crimes, "store": made_store, "date": args.date,
              "window_hours": made.window.hours, "lines": made.total(), "counts": counts,
              "notes": made.all_notes(), "seconds": round(seconds, 2), "pdf_seconds": pdf_seconds,
              "peak_rss_mb": round(peak)}
    print(json.dumps(result))
    sections = ", ".join(f"{k} {'n/a' if v is None else v}" for k, v in counts.items())
    print(f"DMM list for {day:%A} {day} ({made.window.hours}-hour look-back) on {crimes:,} crimes: "
          f"{made.total():,} lines ({sections}) made and recorded in {seconds:.2f} s"
          + (f"; PDF agenda {pdf_seconds:.2f} s" if pdf_seconds is not None else "")
          + f"; peak memory {peak:,.0f} MB")


if __name__ == "__main__":
    main()
