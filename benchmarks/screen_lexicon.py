"""Benchmark: the narrative lexicon (hits_sql + verdict_sql) on 1,000,000 narratives, against a
plain Python `re` loop applying the same patterns and cues.

    python benchmarks/screen_lexicon.py [--narratives N] [--work DIR] [--slice 50000]

The narratives are those of a 50,000-crime synthetic force (`stalkscreen synth --seed 7`, made
once as WORK/export_50000_seed7; 300 to 1,000 characters each), repeated with new crime ids up to
N. DuckDB screens them all (its default threads); the Python loop screens the first --slice of
them, and the comparison is per narrative. Both give the same hits (checked on the slice).
Prints one JSON line and a readable line.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import subprocess
import sys
import time
from pathlib import Path

SOURCE_CRIMES = 50_000


def make_export(work: Path) -> Path:
    export = work / f"export_{SOURCE_CRIMES}_seed7"
    if not (export / "crimes.parquet").exists():
        subprocess.run([sys.executable, "-m", "stalkscreen.cli.main", "synth", "--crimes", str(SOURCE_CRIMES),
                        "--seed", "7", "--out", str(export), "--format", "parquet"], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return export


def python_hits(lex, texts: list[str]) -> set[tuple[int, str, int, int]]:
    """The same reading in plain Python: per pass and group, one union cuts each narrative (first
    rule in file order wins), then the clause around each hit is tested against the cues."""
    from stalkscreen.screen import lexicon_sql

    def compiled(patterns) -> re.Pattern:
        return re.compile(lexicon_sql._alternatives(tuple(patterns)), re.IGNORECASE)

    plan = lexicon_sql._plan(lex)
    unions = [(number, compiled(p for r in rules for p in r.patterns),
               [(r.rule, compiled(r.patterns)) for r in rules]) for number, _, rules in plan]
    breaks = "|".join(lex.scan.clause_breaks)
    before_cut, after_cut = re.compile(f"(?s)^.*(?:{breaks})"), re.compile(f"(?s)(?:{breaks}).*$")
    pseudo = compiled(p for c in lex.cues if c.scope == "ignore" for p in c.patterns)
    cues = {}
    for number, kind in ((1, "behaviours"), (2, "signals")):
        for side, scopes in (("before", ("before", "clause")), ("after", ("clause",))):
            cues[number, side] = compiled(p for c in lex.cues if c.scope in scopes and c.applies_to in ("all", kind)
                                          for p in c.patterns)
    context, out = lex.scan.context_chars, set()
    for row, narrative in enumerate(texts):
        text = narrative[:lex.scan.max_chars]
        taken: dict[int, list[tuple[int, int]]] = {}  # pass -> spans of earlier groups' hits
        for number, union, rules in unions:
            found = list(union.finditer(text))
            earlier = taken.setdefault(number, [])
            kept = [m for m in found if not any(s < m.end() and m.start() < e for s, e in earlier)]
            earlier += [m.span() for m in found]
            for match in kept:
                start, end = match.span()
                before = pseudo.sub(" ", before_cut.sub("", text[max(0, start - context):start], count=1))
                after = pseudo.sub(" ", after_cut.sub("", text[end:end + context], count=1))
                if cues[number, "before"].search(before) or cues[number, "after"].search(after):
                    continue
                rule = next(name for name, pattern in rules if pattern.fullmatch(match.group()))
                out.add((row, rule, start, end))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--narratives", type=int, default=1_000_000)
    parser.add_argument("--slice", type=int, default=50_000, help="narratives the Python loop screens")
    parser.add_argument("--work", type=Path, default=Path("/tmp/stalkscreen-bench"))
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    export = make_export(args.work)

    import duckdb

    from stalkscreen.screen import lexicon

    lex = lexicon.load()
    con = duckdb.connect()
    copies = -(-args.narratives // SOURCE_CRIMES)
    con.execute(f"""CREATE TABLE narratives AS
        SELECT crime_id || '-' || copy AS crime_id, narrative
        FROM read_parquet('{export}/crimes.parquet'), range({copies}) r(copy)
        LIMIT {args.narratives}""")
    count, chars = con.execute("SELECT count(*), sum(length(narrative)) FROM narratives").fetchone()
    load = os.getloadavg()[0]

    cpu = resource.getrusage(resource.RUSAGE_SELF)
    start = time.perf_counter()
    con.execute(f"CREATE TABLE hits AS {lexicon.hits_sql(lex, 'narratives')}")
    found = time.perf_counter()
    con.execute(f"CREATE TABLE verdicts AS {lexicon.verdict_sql(lex, 'hits')}")
    seconds = time.perf_counter() - start
    used = resource.getrusage(resource.RUSAGE_SELF)
    cpu_seconds = used.ru_utime + used.ru_stime - cpu.ru_utime - cpu.ru_stime  # all threads: shows a busy machine
    peak = used.ru_maxrss / 1024
    hits, indicated = con.execute("SELECT (SELECT count(*) FROM hits), count(*) FILTER (WHERE narrative_indicated) "
                                  "FROM verdicts").fetchone()

    # the baseline: the first --slice narratives (by row order of the source), in plain Python
    sample = con.execute(f"SELECT crime_id, coalesce(narrative, '') FROM narratives LIMIT {args.slice}").fetchall()
    before = time.perf_counter()
    plain = python_hits(lex, [text for _, text in sample])
    python_seconds = time.perf_counter() - before
    ids = {crime_id: row for row, (crime_id, _) in enumerate(sample)}
    con.execute("CREATE TEMP TABLE sample_ids AS SELECT unnest(?::VARCHAR[]) AS crime_id", [list(ids)])
    ours = {(ids[c], rule, s, e) for c, rule, s, e in con.execute(
        "SELECT crime_id, rule, span_start, span_end FROM hits JOIN sample_ids USING (crime_id)").fetchall()}

    per_sql = seconds / count
    per_python = python_seconds / len(sample)
    threads = con.execute("SELECT current_setting('threads')").fetchone()[0]
    result = {"benchmark": "screen_lexicon", "narratives": count, "characters": chars,
              "source": f"{SOURCE_CRIMES:,} synthetic narratives (seed 7) repeated", "threads": threads,
              "load_before": round(load, 2), "seconds": round(seconds, 2), "hits_seconds": round(found - start, 2),
              "cpu_seconds": round(cpu_seconds, 2), "rows_per_second": round(count / seconds), "hits": hits,
              "indicated": indicated, "peak_rss_mb": round(peak), "python_slice": len(sample),
              "python_seconds": round(python_seconds, 2),
              "python_over_sql_per_narrative": round(per_python / per_sql, 1), "same_hits_on_slice": plain == ours}
    print(json.dumps(result))
    print(f"narrative lexicon on {count:,} narratives ({chars / 1e6:,.0f} M characters) in {seconds:.1f} s "
          f"({cpu_seconds:.1f} s of CPU on {threads} threads; {count / seconds:,.0f} narratives/s; {hits:,} hits, "
          f"{indicated:,} indicated); peak memory {peak:,.0f} MB; plain Python re on {len(sample):,}: "
          f"{python_seconds:.1f} s, {per_python / per_sql:.1f}x slower per narrative (same hits: {plain == ours}); "
          f"load average before {load:.2f}")


if __name__ == "__main__":
    main()
