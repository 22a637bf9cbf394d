"""Narrative search over a million crimes: index build, a 5,000-crime index update, query latency.

    python benchmarks/search_1m.py [--crimes 1000000] [--store PATH] [--reuse] [--pipeline] [--compare-fts]

The store is made by SQL (narratives of 300-1,000 characters drawn from a Zipf-like vocabulary
of ~170,000 words), or with --pipeline by `stalkscreen synth --format parquet` + `stalkscreen
ingest` (which calls index.update itself). The 5,000-crime update runs in a transaction that is
rolled back, so --reuse measures the same store again. --compare-fts also times DuckDB's
PRAGMA create_fts_index (a full rebuild) and its match_bm25 on the same narratives.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from stalkscreen import store
from stalkscreen.reference import offences
from stalkscreen.search import index
from stalkscreen.search.query import Query, search

HEAD_WORDS = """
victim suspect reported police officer called phone messages message texts text sent followed
following follows follow turned outside house home work address car waiting watched watching
repeatedly again times told stop contact contacted calling calls social media instagram facebook
whatsapp snapchat ex partner boyfriend girlfriend husband wife relationship ended months weeks days
night morning evening scared frightened afraid fear alarm distress anxious threatened threat threats
kill hurt damage damaged window tyres letters gifts flowers parcel delivered doorstep neighbour
neighbours colleague workplace gym school children tracking tracker gps location account accounts
password hacked profile fake profiles photos images pictures posted online refused leave left arrived
came went walked drove parked street road town centre shop bus station train breach order
molestation restraining protection spo bail conditions arrested interviewed charged released
statement dash risk assessment high medium standard referral idva advocacy support safeguarding
monitoring loitering loitered appeared appearing unwanted persistent persistently obsessive fixated
jealous controlling the he she her him his was and to of a in on at that it with for as by
""".split()

QUERIES = [
    "followed house", "phone messages threatened", "gps tracker car", "instagram fake profile",
    "waiting outside work", "restraining order breach", "flowers doorstep", "scared frightened night",
    "watched loitering street", "following", "hacked password account", "ex partner relationship ended",
    "parcel delivered gifts", "bus station train", "threats to kill", "photos posted online",
    "turned up at the gym", "persistent unwanted contact", "fixated obsessive jealous", "bail conditions arrested",
    "tyres damaged window", "idva referral safeguarding", "neighbour colleague workplace", "snapchat whatsapp texts",
    "dash risk assessment high", "loitered outside school children", "drove parked road", "anxious distress alarm",
    "the victim reported the suspect followed her home from work and sent messages", "venthopeka",
]


def generate_sql(path: Path, crimes: int, first: int = 0, run_id: int = 1, con=None):
    """crimes rows with narratives of 300-1,000 characters; the first ~300 words are common."""
    own = con is None
    con = con or store.connect(path)
    con.execute("""
        CREATE OR REPLACE TEMP TABLE bench_vocab AS
        WITH syl AS (SELECT unnest(['ka','lo','mi','ter','an','ber','sto','ri','ven','el','mar','tho','pe',
                                    'dun','ol','ash','wi','gre','son','lin']) AS s),
        tail AS (SELECT DISTINCT a.s || b.s || c.s AS w FROM syl a, syl b, syl c
                 UNION SELECT a.s || b.s || c.s || d.s FROM syl a, syl b, syl c, syl d)
        SELECT list(w ORDER BY ord) AS words, count(*) AS v FROM (
            SELECT w, ord FROM (SELECT unnest(?) AS w, generate_subscripts(?, 1) AS ord)
            UNION ALL SELECT w, 100000 + row_number() OVER (ORDER BY hash(w)) FROM tail)
    """, [HEAD_WORDS, HEAD_WORDS])
    con.execute("""
        INSERT INTO crimes (crime_id, force, record_type, recorded_at, offence_code, offence, narrative, ingest_run_id)
        SELECT 'CR' || lpad(i::VARCHAR, 8, '0'), 'Benchshire', CASE WHEN i % 5 = 0 THEN 'incident' ELSE 'crime' END,
               TIMESTAMP '2021-01-01' + to_minutes((i * 7919 % 2000000)::BIGINT), 'SS8L-01', 'Harassment',
               left(array_to_string(list_transform(range(len // 4),
                    j -> words[1 + floor(v * pow(random(), 7))::INT]), ' ') || '.', len), ?
        FROM (SELECT i, 300 + floor(random() * 701)::INT AS len FROM range(?, ?) t(i)), bench_vocab
    """, [run_id, first, first + crimes])
    if own:
        con.close()


PEOPLE_QUERIES = ["Smyth", "Jane Smith", "O'Brien", "zoe renee", "Kowalsky", "Mohammed Khan"]


def add_people(con) -> None:
    """Two or three person records per crime, for stores made without the pipeline."""
    con.execute("""
        INSERT INTO person_records (person_record_id, crime_id, role, forename, surname, ingest_run_id)
        SELECT 'PR' || c.crime_id || '-' || k, c.crime_id, ['victim', 'suspect', 'witness'][k],
               ['Jane', 'John', 'Zoë', 'Mohammed', 'Siobhán', 'Anna', 'Lee', 'Priya'][1 + (hash(c.crime_id || k) % 8)::INT],
               ['Smith', 'Jones', 'Renée', 'Khan', 'O''Brien', 'Kowalski', 'Li', 'Taylor', 'Brown', 'Patel']
                   [1 + (hash(k || c.crime_id) % 10)::INT] || CASE WHEN hash(c.crime_id) % 7 = 0 THEN 'son' ELSE '' END,
               1
        FROM crimes c, range(1, 4) r(k) WHERE k < 3 OR hash(c.crime_id) % 2 = 0
    """)


def generate_pipeline(path: Path, crimes: int) -> None:
    """The real pipeline: synth parquet, then ingest (which updates the search index)."""
    out = Path(tempfile.mkdtemp(prefix="search_1m_"))
    cli = [sys.executable, "-m", "stalkscreen.cli.main", "--db", str(path)]
    subprocess.run(cli + ["synth", "--crimes", str(crimes), "--seed", "1", "--out", str(out), "--format", "parquet"], check=True)
    subprocess.run(cli + ["ingest", str(out)], check=True)


def timed(fn):
    started = time.perf_counter()
    result = fn()
    return result, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--crimes", type=int, default=1_000_000)
    parser.add_argument("--store", type=Path, default=Path(tempfile.gettempdir()) / "stalkscreen_search_1m.duckdb")
    parser.add_argument("--reuse", action="store_true", help="use the store if it exists")
    parser.add_argument("--pipeline", action="store_true", help="make the store with synth + ingest")
    parser.add_argument("--compare-fts", action="store_true", help="also time DuckDB's fts extension (slow)")
    args = parser.parse_args()

    figures: dict = {"benchmark": "search_1m", "crimes": args.crimes, "machine": f"{platform.machine()} {platform.node()}"}
    if not (args.reuse and args.store.exists()):
        args.store.unlink(missing_ok=True)
        if args.pipeline:
            _, figures["synth_and_ingest_s"] = timed(lambda: generate_pipeline(args.store, args.crimes))
        else:
            _, figures["generate_s"] = timed(lambda: generate_sql(args.store, args.crimes))
    con = store.connect(args.store)
    with store.transaction(con):
        built, figures["index_build_s"] = timed(lambda: index.update(con))
    figures["index_build_crimes"] = built
    figures["threads"] = con.execute("SELECT current_setting('threads')").fetchone()[0]
    figures["load_average_1m"] = os.getloadavg()[0]
    figures["index_build_steps_s"] = {k: round(v, 2) for k, v in index.last_timings.items()}
    figures["postings"] = con.execute("SELECT count(*) FROM search_postings").fetchone()[0]
    figures["words"] = con.execute("SELECT count(*) FROM search_words").fetchone()[0]

    # 5,000 new crimes on the big store, then 1,000 changed ones; both rolled back afterwards.
    con.execute("BEGIN")
    generate_sql(args.store, 5_000, first=10**7, run_id=10**6, con=con)
    added, figures["update_5000_new_s"] = timed(lambda: index.update(con))
    figures["update_5000_new_steps_s"] = {k: round(v, 3) for k, v in index.last_timings.items()}
    con.execute("UPDATE crimes SET narrative = 'Changed: ' || narrative, ingest_run_id = 1000001 "
                "WHERE crime_id IN (SELECT crime_id FROM crimes ORDER BY hash(crime_id) LIMIT 1000)")
    changed, figures["update_1000_changed_s"] = timed(lambda: index.update(con))
    figures["update_1000_changed_steps_s"] = {k: round(v, 3) for k, v in index.last_timings.items()}
    con.execute("ROLLBACK")
    assert (added, changed) == (5_000, 1_000), (added, changed)
    con.close()

    con = store.connect(args.store)
    if not con.execute("SELECT count(*) FROM person_records").fetchone()[0]:
        add_people(con)
    figures["person_records"] = con.execute("SELECT count(*) FROM person_records").fetchone()[0]
    con.close()

    con = store.connect(args.store, read_only=True)
    catalogue = offences.load()
    latencies = []
    for text in QUERIES:
        hits, seconds = timed(lambda: search(con, Query(text=text, limit=100), catalogue))
        latencies.append(seconds)
    latencies.sort()
    figures["queries"] = len(QUERIES)
    figures["query_median_ms"] = round(statistics.median(latencies) * 1000, 1)
    figures["query_p95_ms"] = round(latencies[int(0.95 * (len(latencies) - 1))] * 1000, 1)
    figures["query_max_ms"] = round(latencies[-1] * 1000, 1)
    _, seconds = timed(lambda: search(con, Query(text="followed house", offence="harassment",
                                                   date_from=__import__("datetime").date(2022, 1, 1)), catalogue))
    figures["query_text_offence_date_ms"] = round(seconds * 1000, 1)
    person_latencies = []
    for name in PEOPLE_QUERIES:
        _, seconds = timed(lambda: search(con, Query(person=name), catalogue))
        person_latencies.append(seconds)
    figures["person_query_median_ms"] = round(statistics.median(person_latencies) * 1000, 1)
    con.close()

    if args.compare_fts:
        figures.update(compare_fts(args.store))
        figures["fts_over_ours_query_median"] = round(figures["fts_query_median_ms"] / figures["query_median_ms"], 2)
    figures["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    print(json.dumps(figures))
    print(f"search over {args.crimes:,} crimes: index build {figures['index_build_s']:.1f} s, "
          f"update 5,000 new {figures['update_5000_new_s']:.2f} s, 1,000 changed {figures['update_1000_changed_s']:.2f} s, "
          f"query median {figures['query_median_ms']} ms, p95 {figures['query_p95_ms']} ms over {len(QUERIES)} queries, "
          f"person search median {figures['person_query_median_ms']} ms over {figures['person_records']:,} person records, "
          f"peak memory {figures['peak_rss_mb']} MB")


def compare_fts(path: Path) -> dict:
    """DuckDB's fts extension on the same narratives: a full rebuild, then match_bm25 queries."""
    con = store.connect(path)
    index.load_stemmer(con)
    _, build = timed(lambda: con.execute(
        "PRAGMA create_fts_index('crimes', 'crime_id', 'narrative', stemmer='english', stopwords='english', "
        "strip_accents=1, lower=1, overwrite=1)"))
    latencies = []
    for text in QUERIES:
        _, seconds = timed(lambda: con.execute(
            "SELECT crime_id, score FROM (SELECT crime_id, fts_main_crimes.match_bm25(crime_id, ?) AS score FROM crimes) "
            "WHERE score IS NOT NULL ORDER BY score DESC LIMIT 100", [text]).fetchall())
        latencies.append(seconds)
    con.execute("PRAGMA drop_fts_index('crimes')")
    con.close()
    return {"fts_build_s": round(build, 1), "fts_query_median_ms": round(statistics.median(latencies) * 1000, 1),
            "fts_peak_rss_mb_so_far": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024}


if __name__ == "__main__":
    main()
