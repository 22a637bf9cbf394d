"""Helpers for the action-plan tests: the seed plans, a synthetic force's store, the CLI in-process."""

from __future__ import annotations

from pathlib import Path


FIXTURES = Path(__file__).parents[1] / "fixtures" / "plans"
KENT = FIXTURES / "kent_action_plan.txt"
CITY = FIXTURES / "city_of_london_action_plan.txt"


def record_screening(con, results: list[tuple[str, bool, str | None]], decisions: list[tuple[str, str]] = ()) -> None:
    """A screen run's rows, written straight into the stage's tables: (crime_id, indicated,
    stalking_recorded) per result and (crime_id, accepted|rejected) per review."""
    con.execute("INSERT INTO screen_runs (run_id, started_at, mode, engine, rules_version, rules_fingerprint, "
                "lexicon_version, offences_version) VALUES (1, now(), 'full', 'duckdb', 'v', 'f', 'v', 'v')")
    con.executemany("""INSERT INTO screening_results (crime_id, indicated, score, priority, reasons, stalking_recorded,
                           narrative_score, narrative_indicated, evidence_items, crime_ingest_run_id, narrative_key,
                           result_hash, rules_version, lexicon_version, screen_run_id, screened_at)
                       VALUES (?, ?, 0.9, 'medium', [], ?, 0, false, [], 1, 'k', 'h', 'v', 'v', 1, now())""",
                    [list(r) for r in results])
    for crime_id, decision in decisions:
        con.execute("INSERT INTO flag_reviews VALUES (nextval('flag_review_seq'), ?, ?, 'checked', 'DS Test', now(), "
                    "[], 0.9, 1)", [crime_id, decision])
