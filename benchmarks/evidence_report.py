"""Benchmark: the evidence analysis of one crime whose suspect's phone holds 1,000,000 contact records.

    python benchmarks/evidence_report.py [--contacts N] [--days D] [--pair-rate R] [--work DIR] [--seed S]

A synthetic extraction (stalkscreen.synth.extractions) of the suspect's phone over D days (365 by
default): daily contact with the victim, R a day (3 by default; --pair-rate 1500 makes most of the
records the pair's), five times that from two-thirds of the way through, and enough
contacts with third parties to make N records; the victim's phone holds the pair's contacts again,
and each phone has 24 location fixes a day. It is written straight into the evidence tables of a
fresh store (WORK/evidence_report_N.duckdb) through Arrow, so the figure does not depend on the
importer, and `evidence.analysis.report` is timed over it (pairs, daily counts, core times,
escalation, new channels and third parties, co-location), then the evidence pack written from it
(HTML with its charts, PDF, every table as CSV, the manifest) into WORK/evidence_pack. Target: the
two together under 10 s. Prints one JSON line and one readable line.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import resource
import time
from pathlib import Path

DEFAULT_CONTACTS = 1_000_000
TARGET_SECONDS = 10.0
POOL = 500


def plan(contacts: int, days: int, seed: int, rate: float):
    from stalkscreen.synth.extractions import Occasion, Plan

    start = dt.date(2025, 11, 1)
    escalation = start + dt.timedelta(days=days * 2 // 3)
    pair = days * 2 // 3 * rate + (days - days * 2 // 3) * rate * 5
    per_day = max(0.0, (contacts - pair - POOL - 8) / days)
    occasions = tuple(Occasion(dt.datetime.combine(start + dt.timedelta(days=d), dt.time(19)), 30,
                               "home" if d % 2 else "device") for d in range(20, days, max(days // 6, 1)))
    return Plan("EV-BENCH", "+447700900002", "+447700900001", (51.5074, -0.1278), (51.55, -0.05), seed=seed,
                start=start, days=days, escalation=escalation, base_rate=rate, escalated_rate=rate * 5,
                third_parties_per_day=per_day, third_party_pool=POOL, fixes_per_day=24, occasions=occasions)


def build(db: Path, extraction) -> float:
    from stalkscreen import store
    from stalkscreen.synth import extractions

    db.unlink(missing_ok=True)
    started = time.perf_counter()
    with store.connect(db) as con:
        con.execute("INSERT INTO crimes (crime_id, record_type, recorded_at, offence_code, offence, ingest_run_id) "
                    "VALUES (?, 'crime', '2026-06-01 10:00', '8/65', 'stalking', 1)", [extraction.plan.crime_id])
        con.execute("INSERT INTO person_records (person_record_id, crime_id, role, forename, surname, ingest_run_id) "
                    "VALUES ('EV-S1', ?, 'suspect', 'Sam', 'Stone', 1), ('EV-V1', ?, 'victim', 'Vera', 'Vale', 1)",
                    [extraction.plan.crime_id] * 2)
        extractions.write_store(con, extraction, "EV-S1", "EV-V1")
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contacts", type=int, default=DEFAULT_CONTACTS)
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--pair-rate", type=float, default=3.0, help="contacts a day with the victim before escalation")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--work", type=Path, default=Path("/tmp/stalkscreen-bench"))
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)

    from stalkscreen import store
    from stalkscreen.evidence import analysis, pack
    from stalkscreen.synth import extractions

    started = time.perf_counter()
    extraction = extractions.make(plan(args.contacts, args.days, args.seed, args.pair_rate))
    make_seconds = time.perf_counter() - started
    db = args.work / f"evidence_report_{args.contacts}.duckdb"
    store_seconds = build(db, extraction)
    records = extraction.tables["suspect_contacts"].num_rows + extraction.tables["victim_contacts"].num_rows

    started = time.perf_counter()
    with store.connect(db, read_only=True) as con:
        found = analysis.report(con, extraction.plan.crime_id)
    analysis_seconds = time.perf_counter() - started
    written = pack.write(found, args.work / "evidence_pack")
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    truth = extraction.truth
    result = {"benchmark": "evidence_report", "contact_records": records,
              "suspect_contacts": extraction.tables["suspect_contacts"].num_rows,
              "pair_contacts": truth["pair_contacts"], "days": args.days, "seed": args.seed,
              "pairs": len(found.pairs), "escalations": len(found.escalations),
              "escalation_found_on_planted_date": [e["period_from"].isoformat() for e in found.escalations]
              == [truth["escalation"]],
              "occasions": len(found.colocations), "occasions_planted": len(truth["occasions"]),
              "make_seconds": round(make_seconds, 2), "store_seconds": round(store_seconds, 2),
              "analysis_seconds": round(analysis_seconds, 2), "pack_seconds": round(seconds - analysis_seconds, 2),
              "pack_files": len(written), "seconds": round(seconds, 2), "target_seconds": TARGET_SECONDS,
              "records_per_second": round(records / seconds), "peak_rss_mb": round(peak)}
    print(json.dumps(result))
    print(f"Evidence report over {records:,} contact records ({truth['pair_contacts']:,} between the pair, "
          f"{args.days} days): {seconds:.2f} s (target < {TARGET_SECONDS:.0f} s): analysis {analysis_seconds:.2f} s, "
          f"pack (HTML, PDF, CSV) {seconds - analysis_seconds:.2f} s; "
          f"{len(found.escalations)} escalation period(s), {len(found.colocations)} of {len(truth['occasions'])} "
          f"planted occasions found; extraction made in {make_seconds:.2f} s and stored in {store_seconds:.2f} s; "
          f"peak memory {peak:,.0f} MB")


if __name__ == "__main__":
    main()
