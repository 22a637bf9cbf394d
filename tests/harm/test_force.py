"""The harm commands on a small synthetic force, as a user runs them."""

from __future__ import annotations

import json
from math import isclose

from support import opened

from stalkscreen.harm import scores


def run_harm(cli, db) -> None:
    code, out, err = cli("--db", db, "harm", "run", "--as-of", "2026-10-31")
    assert code == 0, err


def test_every_score_is_its_four_components_and_its_crimes_sum(cli, force_copy):
    run_harm(cli, force_copy)
    with opened(force_copy, read_only=True) as con:
        rows = con.execute("""SELECT s.score, s.gravity * s.recency * s.frequency_factor * s.victimisation,
                                     sum(c.contribution)
                              FROM harm_scores s JOIN harm_score_crimes c USING (harm_run_id, subject_kind, subject_id)
                              GROUP BY s.harm_run_id, s.subject_kind, s.subject_id, s.score, s.gravity, s.recency,
                                       s.frequency_factor, s.victimisation""").fetchall()
    assert rows and all(isclose(a, b, rel_tol=1e-9) and isclose(a, c, rel_tol=1e-9) for a, b, c in rows)


def test_ranks_run_from_one_without_gaps_per_kind(cli, force_copy):
    run_harm(cli, force_copy)
    with opened(force_copy, read_only=True) as con:
        found = con.execute("""SELECT subject_kind, min(rank), max(rank), count(*), count(DISTINCT rank)
                               FROM harm_scores GROUP BY 1 ORDER BY 1""").fetchall()
        people = con.execute("SELECT count(DISTINCT person_id) FROM people JOIN person_records USING (person_record_id)"
                             " WHERE role = 'suspect'").fetchone()[0]
    assert [f[0] for f in found] == ["dyad", "person"]
    assert all(lo == 1 and hi == n == distinct for _, lo, hi, n, distinct in found)
    assert found[1][3] <= people


def test_top_lists_n_of_each_kind_highest_first(cli, force_copy):
    run_harm(cli, force_copy)
    code, out, err = cli("--db", force_copy, "harm", "--top", "3", "--format", "json")
    rows = json.loads(out)
    assert code == 0 and [(r["subject_kind"], r["rank"]) for r in rows] == [
        ("person", 1), ("person", 2), ("person", 3), ("dyad", 1), ("dyad", 2), ("dyad", 3)]
    assert rows[0]["score"] >= rows[1]["score"] >= rows[2]["score"]


def test_explain_shows_the_crimes_weights_and_version(cli, force_copy):
    run_harm(cli, force_copy)
    with opened(force_copy, read_only=True) as con:
        top = scores.ranking(con, scores.latest_run(con), "person", 1)[0]
    code, out, err = cli("--db", force_copy, "harm", "explain", top["subject_id"], "--format", "json")
    shown = json.loads(out)[0]
    assert code == 0 and shown["spec_version"] == "2026.11-1" and shown["parameters"]["half_life_days"] == 365.0
    assert len(shown["crimes_detail"]) == shown["crimes"]
    assert isclose(sum(c["contribution"] for c in shown["crimes_detail"]), shown["score"], rel_tol=1e-9)
    code, out, err = cli("--db", force_copy, "harm", "explain", top["subject_id"])
    assert code == 0 and f"score {top['score']:.4f} = gravity" in err


def test_listing_warns_when_the_store_changed_since_the_run(cli, force_copy):
    run_harm(cli, force_copy)
    with opened(force_copy) as con:
        con.execute("UPDATE crimes SET ingest_run_id = ingest_run_id + 1 WHERE crime_id = (SELECT min(crime_id) FROM crimes)")
    code, out, err = cli("--db", force_copy, "harm", "--top", "1", "--format", "csv")
    assert code == 0 and "`stalkscreen harm run` to refresh" in err
