"""The screen stage end to end on a small synthetic force, loaded and linked: what each result
holds, how it was scored, and that running again changes nothing."""

from __future__ import annotations

import datetime as dt
import math
import re

import pytest

from stalkscreen.reference import offences
from stalkscreen.screen import lexicon, rules

from .conftest import copy_store, opened, results, screen

pytestmark = pytest.mark.slow

PACK = rules.load()
WEIGHTS = {rule_id: rule.weight for rule_id, rule in PACK.rules.items()}


@pytest.fixture(scope="module")
def rows(screened_db) -> list[dict]:
    with opened(screened_db, read_only=True) as con:
        cursor = con.execute("""SELECT r.*, c.narrative, d.crime_ids AS dyad_crimes
                                FROM screening_results r JOIN crimes c USING (crime_id)
                                LEFT JOIN dyads d USING (dyad_id)""")
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row)) for row in cursor.fetchall()]


def _fired(row: dict) -> set[str]:
    return {r["rule"] for r in row["reasons"]}


def test_the_first_run_is_full_and_reads_every_narrative_in_scope(screened):
    report = screened[1]
    assert (report.mode, report.narratives_scanned, report.results_written) == (
        "full", report.crimes_in_scope, report.crimes_in_scope)


def test_every_crime_with_an_adjacent_or_stalking_offence_is_screened(screened_db, rows):
    catalogue = offences.load()
    wanted = catalogue.adjacent_codes() + catalogue.group_codes("stalking")
    with opened(screened_db, read_only=True) as con:
        expected = {c for (c,) in con.execute("SELECT DISTINCT crime_id FROM offences WHERE list_contains(?, offence_code)",
                                              [wanted]).fetchall()}
    assert expected and expected <= {r["crime_id"] for r in rows}


def test_crimes_outside_scope_get_no_result(screened_db):
    with opened(screened_db, read_only=True) as con:
        stray = con.execute("""
            SELECT count(*) FROM screening_results r WHERE r.crime_id IN (
                SELECT crime_id FROM crimes WHERE offence_code IN ('SSTH-01', 'SSBU-01'))
              AND NOT EXISTS (SELECT 1 FROM offences o WHERE o.crime_id = r.crime_id AND o.role = 'included')
              AND NOT EXISTS (SELECT 1 FROM dyads d WHERE list_contains(d.crime_ids, r.crime_id) AND len(d.crime_ids) >= 2)
              AND NOT list_contains(r.evidence_items, 'rule:order.breach')""").fetchone()[0]
    assert stray == 0


def test_every_crime_recorded_as_stalking_is_indicated_with_no_suggestion(rows):
    recorded = [r for r in rows if r["stalking_recorded"]]
    assert recorded and all(r["indicated"] and r["suggested_role"] is None for r in recorded)


def test_the_score_is_one_minus_the_product_of_what_each_rule_leaves(rows):
    def expected(row: dict) -> float:
        keep = math.prod(1 - WEIGHTS[r] for r in _fired(row) if r in WEIGHTS)
        return round(1 - (1 - row["narrative_score"]) * keep, 6)

    assert [r["crime_id"] for r in rows if abs(r["score"] - expected(r)) > 1.5e-6] == []  # both rounded to 6 places


def test_indicated_means_a_score_at_or_above_the_threshold(rows):
    assert all(r["indicated"] == (r["score"] >= PACK.threshold) for r in rows)


def test_every_breach_of_an_order_is_high_priority(rows):
    breaches = [r for r in rows if "order.breach" in _fired(r)]
    assert breaches and {r["priority"] for r in breaches} == {"high"}


def test_priority_follows_the_rule_pack(rows):
    def expected(row: dict) -> str:
        if "order.breach" in _fired(row) or (any(x.startswith("conduct.") for x in _fired(row))
                                             and row["score"] >= PACK.high_score):
            return "high"
        return "medium" if row["indicated"] else "low"

    assert [r["crime_id"] for r in rows if r["priority"] != expected(r)] == []


def test_every_indicated_crime_not_recorded_as_stalking_and_no_other_gets_a_suggestion(rows):
    suggested = {r["crime_id"] for r in rows if r["suggested_offence_code"] == "195/12" and r["suggested_role"]}
    assert suggested == {r["crime_id"] for r in rows if r["indicated"] and not r["stalking_recorded"]}


def test_conduct_evidence_is_other_crimes_of_the_results_dyad(rows):
    conduct = [r for r in rows if "conduct.dyad" in _fired(r)]
    bad = [r["crime_id"] for r in conduct for reason in r["reasons"] if reason["rule"] == "conduct.dyad"
           for e in reason["evidence"] if e["crime_id"] == r["crime_id"] or e["crime_id"] not in r["dyad_crimes"]]
    assert conduct and bad == []


def test_conduct_evidence_is_in_date_order_within_the_window(rows, screened_db):
    with opened(screened_db, read_only=True) as con:
        when = dict(con.execute("SELECT crime_id, CAST(coalesce(occurred_from, recorded_at) AS DATE) FROM crimes"
                                ).fetchall())
    for r in rows:
        for reason in r["reasons"]:
            if reason["rule"] == "conduct.dyad":
                days = [when[e["crime_id"]] for e in reason["evidence"]]
                assert days == sorted(days)
                assert all(abs((d - when[r["crime_id"]]).days) <= PACK.window_days for d in days)


def test_narrative_evidence_is_the_text_at_its_offsets_at_most_three_per_rule(rows):
    spans = [(r["narrative"], e, len(reason["evidence"])) for r in rows for reason in r["reasons"]
             if reason["rule"].startswith("narrative.") for e in reason["evidence"]]
    assert spans
    assert max(n for _, _, n in spans) <= PACK.spans_per_rule
    assert [e for text, e, _ in spans if text[e["span_start"]:e["span_end"]][:200] != e["text"]] == []


def test_the_evidence_fingerprint_is_the_rules_fired_and_the_linked_crimes(rows):
    def expected(row: dict) -> list[str]:
        items = {f"rule:{x}" for x in _fired(row) if x != "classification.included_gap"}
        items |= {f"crime:{e['crime_id']}" for reason in row["reasons"] for e in reason["evidence"] if e["crime_id"]}
        return sorted(items)

    assert [r["crime_id"] for r in rows if r["evidence_items"] != expected(r)] == []


def test_the_run_is_recorded_with_the_versions_it_used(screened_db, screened):
    with opened(screened_db, read_only=True) as con:
        run = con.execute("SELECT run_id, rules_version, lexicon_version, crimes_in_scope FROM screen_runs").fetchall()
        stamped = con.execute("SELECT DISTINCT screen_run_id, rules_version, lexicon_version FROM screening_results"
                              ).fetchall()
    version = lexicon.load().version
    assert run == [(screened[1].run_id, PACK.version, version, screened[1].crimes_in_scope)]
    assert stamped == [(screened[1].run_id, PACK.version, version)]


@pytest.fixture(scope="module")
def again(screened_db, tmp_path_factory) -> dict:
    """A copy of the screened store screened again (incremental), then again with --full."""
    db = copy_store(screened_db, tmp_path_factory.mktemp("again"))
    before = results(db)
    second = screen(db)
    after_second = results(db)
    third = screen(db, full=True)
    return {"before": before, "second": second, "after_second": after_second, "third": third, "after": results(db)}


def test_screening_again_reads_no_narrative_and_writes_nothing(again):
    assert (again["second"].narratives_scanned, again["second"].results_written, again["second"].results_removed) == (
        0, 0, 0)


def test_screening_again_leaves_every_result_as_it_was(again):
    assert again["after_second"] == again["before"]


def test_a_full_rescreen_reads_every_narrative_and_gives_the_same_results(again):
    assert (again["third"].narratives_scanned, again["third"].results_written) == (again["third"].crimes_in_scope, 0)
    assert again["after"] == again["before"]


def test_since_screens_only_crimes_recorded_from_that_date(screened_db, tmp_path):
    db = copy_store(screened_db, tmp_path)
    with opened(db) as con:
        # as if every result's inputs were unknown: every crime screened is assembled and written again
        con.execute("UPDATE screening_results SET result_hash = 'stale', structure_hash = NULL")
    report = screen(db, since=dt.date(2026, 6, 1))
    with opened(db, read_only=True) as con:
        rewritten = con.execute("""SELECT min(c.recorded_at), count(*) FROM screening_results r JOIN crimes c USING (crime_id)
                                   WHERE r.screen_run_id = ?""", [report.run_id]).fetchone()
        kept = con.execute("SELECT count(*) FROM screening_results WHERE result_hash = 'stale'").fetchone()[0]
    assert rewritten[0] >= dt.datetime(2026, 6, 1) and rewritten[1] == report.results_written > 0
    assert kept == len(results(screened_db)) - rewritten[1]


def test_a_refitted_model_reads_every_narrative_again(screened_db, tmp_path):
    db = copy_store(screened_db, tmp_path)
    shipped = lexicon.shipped_path()
    (tmp_path / shipped.name).write_bytes(shipped.read_bytes())
    model = shipped.parent / "screening_model.yaml"
    text = model.read_text(encoding="utf-8")
    (tmp_path / model.name).write_text(re.sub(r"(?m)^intercept: .*$", "intercept: -3.5", text), encoding="utf-8")
    from stalkscreen.screen import run as screen_run

    with opened(db) as con:
        report = screen_run.run(con, PACK, lexicon.load(tmp_path / shipped.name), offences.load())
    assert report.narratives_scanned == report.crimes_in_scope > 0
