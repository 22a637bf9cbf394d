"""Benchmark: co-location of 200,000 suspect and 200,000 victim location fixes (15-minute window).

    python benchmarks/evidence_colocation.py [--fixes N] [--days D] [--occasions K] [--window MIN] [--work DIR]

A synthetic extraction (stalkscreen.synth.extractions) with N background fixes per phone over D days
(90 by default: a fix every 40 seconds or so, so each 15-minute bucket holds about 35 of the other
phone's fixes to compare), and K planted occasions, alternately near the victim's home and near her
phone, with her two places (home, work). It is written straight into the evidence tables of a fresh
store (WORK/evidence_colocation_N.duckdb), and the co-location search is timed on its own and as part
of the whole `evidence.analysis.report`. Target: under 30 s. Prints one JSON line and one readable line.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import resource
import time
from pathlib import Path

from evidence_report import build

DEFAULT_FIXES = 200_000
TARGET_SECONDS = 30.0


def plan(fixes: int, days: int, occasions: int, seed: int):
    from stalkscreen.synth.extractions import FIX_STEP_MINUTES, Occasion, Plan

    start = dt.date(2026, 1, 5)
    step = days * 24 * 60 // (occasions + 1)
    planted = tuple(Occasion(dt.datetime.combine(start, dt.time(0)) + dt.timedelta(minutes=step * (k + 1)),
                             6 * FIX_STEP_MINUTES, "home" if k % 2 else "device") for k in range(occasions))
    # Background fixes are kept off the planted occasions (the phone is elsewhere); ask for a few more.
    per_day = fixes / days * (1 + occasions * (6 * FIX_STEP_MINUTES + 60) / 60 / (days * 24))
    return Plan("EV-COLOC", "+447700900002", "+447700900001", (51.5074, -0.1278), (51.55, -0.05), seed=seed,
                start=start, days=days, occasions=planted, base_rate=3, escalated_rate=3, new_channel=None,
                new_third_parties=0, third_parties_per_day=0, third_party_pool=0, fixes_per_day=per_day,
                victim_contacts=False)


def timed(db: Path, crime_id: str, params) -> tuple[float, float, list[dict]]:
    from stalkscreen import store
    from stalkscreen.evidence import analysis, colocation, pairs

    with store.connect(db, read_only=True) as con:
        pairs.prepare(con, crime_id, params.timezone)
        started = time.perf_counter()
        found = colocation.occasions(con, crime_id, params)
        alone = time.perf_counter() - started
        pairs.drop(con)
        started = time.perf_counter()
        analysis.report(con, crime_id, params)
        whole = time.perf_counter() - started
    return alone, whole, found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fixes", type=int, default=DEFAULT_FIXES, help="fixes per phone")
    parser.add_argument("--days", type=int, default=90)
    parser.add_argument("--occasions", type=int, default=40)
    parser.add_argument("--window", type=int, default=15, help="minutes")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--work", type=Path, default=Path("/tmp/stalkscreen-bench"))
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)

    from stalkscreen.evidence.findings import Parameters
    from stalkscreen.synth import extractions

    extraction = extractions.make(plan(args.fixes, args.days, args.occasions, args.seed))
    db = args.work / f"evidence_colocation_{args.fixes}.duckdb"
    store_seconds = build(db, extraction)
    params = Parameters(window_minutes=args.window)
    seconds, report_seconds, found = timed(db, extraction.plan.crime_id, params)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    truth = extraction.truth["occasions"]
    exact = [(o["near"], o["started_at"].isoformat(), o["ended_at"].isoformat(), o["fixes"]) for o in found] == \
        [(o["near"], o["started_at"], o["ended_at"], o["fixes"]) for o in truth]
    suspect, victim = (extraction.tables[t].num_rows for t in ("suspect_locations", "victim_locations"))
    result = {"benchmark": "evidence_colocation", "suspect_fixes": suspect, "victim_fixes": victim, "days": args.days,
              "window_minutes": args.window, "distance_m": params.distance_m, "occasions_planted": len(truth),
              "occasions_found": len(found), "found_exactly": exact, "seconds": round(seconds, 2),
              "report_seconds": round(report_seconds, 2), "target_seconds": TARGET_SECONDS,
              "store_seconds": round(store_seconds, 2), "peak_rss_mb": round(peak)}
    print(json.dumps(result))
    print(f"Co-location of {suspect:,} suspect and {victim:,} victim fixes over {args.days} days "
          f"({args.window}-minute window, {params.distance_m:.0f} m): {seconds:.2f} s (target < {TARGET_SECONDS:.0f} s), "
          f"whole report {report_seconds:.2f} s; {len(found)} occasions found of {len(truth)} planted"
          f"{' (exactly)' if exact else ' (NOT exactly)'}; peak memory {peak:,.0f} MB")


if __name__ == "__main__":
    main()
