"""`stalkscreen screen`, `flags`, `flags review` and `evaluate` as a user runs them."""

from __future__ import annotations

import csv
import io
import json

import pytest

from stalkscreen.screen import lexicon

from .conftest import copy_store, opened

pytestmark = pytest.mark.slow

JSON_FIELDS = {"crime_id", "indicated", "score", "priority", "status", "new_evidence", "recorded_as",
               "suggested_offence_code", "suggested_role", "dyad_id", "reasons", "decision", "review_reason",
               "reviewed_by", "reviewed_at", "screened_at"}


def _flagged(db) -> list[str]:
    with opened(db, read_only=True) as con:
        return [c for (c,) in con.execute("SELECT crime_id FROM screening_results WHERE indicated AND "
                                          "stalking_recorded IS NULL ORDER BY crime_id").fetchall()]


def test_screen_prints_what_it_did_and_exits_0(cli, linked_db, tmp_path):
    db = copy_store(linked_db, tmp_path)
    code, _, err = cli("--db", db, "screen")
    assert code == 0
    assert "screen run 1 (full, duckdb, rules " in err and "see `stalkscreen flags`" in err


def test_screen_before_link_exits_2_with_the_hint(cli, force, tmp_path):
    db = tmp_path / "s.duckdb"
    assert cli("--db", db, "ingest", force)[0] == 0
    code, _, err = cli("--db", db, "screen")
    assert code == 2
    assert "hint: run `stalkscreen link`, then `stalkscreen screen`" in err


def test_screen_with_a_bad_since_date_exits_2_naming_the_option(cli, screened_db):
    code, _, err = cli("--db", screened_db, "screen", "--since", "last week")
    assert (code, "error: --since 'last week' is not a date" in err) == (2, True)


def test_screen_with_a_faulty_rule_pack_exits_2_naming_file_and_line(cli, screened_db, tmp_path):
    pack = tmp_path / "force.yaml"
    pack.write_text('version: "1"\nsettings:\n  windw_days: 90\n', encoding="utf-8")
    code, _, err = cli("--db", screened_db, "screen", "--rules", pack)
    assert code == 2
    assert f"error: {pack}:3: unknown field `windw_days`" in err


def test_flags_in_json_lists_every_flag_with_the_briefs_fields(cli, screened_db):
    code, out, _ = cli("--db", screened_db, "flags", "--format", "json")
    listed = json.loads(out)
    assert code == 0
    assert sorted(f["crime_id"] for f in listed) == _flagged(screened_db)
    assert set(listed[0]) == JSON_FIELDS
    assert set(listed[0]["reasons"][0]) == {"rule", "rule_version", "weight", "evidence"}


def test_flags_lists_high_priority_first_then_by_score(cli, screened_db):
    listed = json.loads(cli("--db", screened_db, "flags", "--format", "json")[1])
    order = [({"high": 0, "medium": 1, "low": 2}[f["priority"]], -f["score"]) for f in listed]
    assert order == sorted(order)


def test_flags_in_csv_has_one_row_per_flag_and_a_header(cli, screened_db):
    code, out, _ = cli("--db", screened_db, "flags", "--format", "csv", "--limit", "7")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert (code, len(rows), list(rows[0])) == (0, 7, ["crime_id", "status", "priority", "score", "recorded_as",
                                                      "suggestion", "rules", "linked_crimes", "dyad_id",
                                                      "new_evidence"])


def test_flags_as_a_table_shows_the_title(cli, screened_db):
    code, out, _ = cli("--db", screened_db, "flags", "--limit", "3")
    assert code == 0 and "flags (decide with `stalkscreen flags review`)" in out


def test_flags_before_any_screening_exits_2(cli, linked_db):
    code, _, err = cli("--db", linked_db, "flags")
    assert (code, "error: no screening results in the store yet" in err) == (2, True)


def test_review_accept_then_flags_by_status(cli, screened_db, tmp_path):
    db = copy_store(screened_db, tmp_path)
    crime_id = _flagged(db)[0]
    code, _, err = cli("--db", db, "flags", "review", crime_id, "--accept", "--reason", "pattern confirmed",
                       "--by", "DC Reid")
    assert code == 0 and f"accepted flag on {crime_id} (review 1): recorded 195/12" in err
    accepted = json.loads(cli("--db", db, "flags", "--status", "accepted", "--format", "json")[1])
    new = json.loads(cli("--db", db, "flags", "--status", "new", "--format", "json")[1])
    assert [f["crime_id"] for f in accepted] == [crime_id]
    assert crime_id not in {f["crime_id"] for f in new} and len(new) == len(_flagged(db)) - 1


def test_search_by_offence_finds_an_accepted_reclassification(cli, screened_db, tmp_path):
    db = copy_store(screened_db, tmp_path)
    crime_id = _flagged(db)[0]
    before = {h["crime_id"] for h in json.loads(cli("--db", db, "search", "--offence", "195/12", "--limit", "100000",
                                                    "--format", "json")[1])}
    cli("--db", db, "flags", "review", crime_id, "--accept", "--reason", "pattern confirmed", "--by", "DC Reid")
    after = {h["crime_id"] for h in json.loads(cli("--db", db, "search", "--offence", "195/12", "--limit", "100000",
                                                   "--format", "json")[1])}
    assert after - before == {crime_id}


@pytest.mark.parametrize("args, message", [
    (["--accept", "--reject"], "error: say --accept or --reject (one of them)"),
    ([], "error: say --accept or --reject (one of them)"),
    (["--accept", "--by", "me"], "error: a decision needs a reason (--reason)"),
    (["--accept", "--reason", "ok"], "error: a decision needs who made it (--by)"),
])
def test_review_with_a_wrong_choice_of_options_exits_2(cli, screened_db, args, message):
    code, _, err = cli("--db", screened_db, "flags", "review", _flagged(screened_db)[0], *args)
    assert (code, message in err) == (2, True)


def test_review_of_an_unknown_crime_exits_2(cli, screened_db):
    code, _, err = cli("--db", screened_db, "flags", "review", "CR-NOPE", "--reject", "--reason", "x", "--by", "me")
    assert (code, "error: no crime CR-NOPE in the store" in err) == (2, True)


def test_rejecting_an_ex_partner_flag_reminds_of_the_april_2020_rule(cli, screened_db, tmp_path):
    db = copy_store(screened_db, tmp_path)
    with opened(db, read_only=True) as con:
        crime_id = con.execute("SELECT min(crime_id) FROM screening_results WHERE indicated AND stalking_recorded IS NULL"
                               " AND list_contains(evidence_items, 'rule:conduct.ex_partner')").fetchone()[0]
    code, _, err = cli("--db", db, "flags", "review", crime_id, "--reject", "--by", "me")
    assert (code, "harassment in law only" in err) == (2, True)
    code, _, err = cli("--db", db, "flags", "review", crime_id, "--reject", "--by", "me",
                       "--reason", "one argument at a handover, no fixation; harassment in law only")
    assert (code, "note: an ex-partner course of conduct must be recorded as stalking" in err) == (0, True)


def test_evaluate_reports_linkage_and_screening_with_a_row_per_rule(cli, screened_db, force):
    code, out, _ = cli("--db", screened_db, "evaluate", "--truth", force / "truth", "--format", "json")
    stages = json.loads(out)
    assert (code, [s["stage"] for s in stages]) == (0, ["linkage", "screening"])
    with opened(screened_db, read_only=True) as con:
        fired = {r for (r,) in con.execute("SELECT DISTINCT unnest(reasons).rule FROM screening_results").fetchall()}
    assert {r["rule"] for r in stages[1]["rules"]} == fired


def test_evaluate_in_csv_is_long_stage_scope_measure_value(cli, screened_db, force):
    code, out, _ = cli("--db", screened_db, "evaluate", "--truth", force / "truth", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert (code, list(rows[0])) == (0, ["stage", "scope", "measure", "value"])
    assert {"linkage", "screening"} == {r["stage"] for r in rows}
    assert any(r["scope"] == "conduct.dyad" and r["measure"] == "precision" for r in rows)


def test_evaluate_narratives_measures_the_lexicon_on_a_labelled_file(cli, tmp_path):
    texts = ["Susp has followed IP home from work every day for three weeks and turned up at her door again.",
             "IP reports a single argument with a neighbour over parking. No further contact.",
             "He keeps sending her messages on Facebook and waits outside her work every night.",
             "Shoplifter took two bottles of gin and left the store."]
    labelled = tmp_path / "labelled.csv"
    with open(labelled, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "label", "category", "text"])
        for i, (label, text) in enumerate(zip(["stalking", "not", "stalking", "not"], texts)):
            writer.writerow([i, label, "stalking" if label == "stalking" else "hard_negative", text])
    said = [v.indicated for v in lexicon.screen_texts(lexicon.load(), texts)]
    tp = sum(said[i] for i in (0, 2))
    code, out, _ = cli("evaluate", "--narratives", labelled, "--format", "json")
    report = json.loads(out)[0]
    assert code == 0
    assert (report["stage"], report["narratives"], report["stalking"], report["indicated"], report["correct"]) == (
        "narratives", 4, 2, sum(said), tp)


def test_evaluate_narratives_with_a_bad_label_names_the_line(cli, tmp_path):
    labelled = tmp_path / "labelled.csv"
    labelled.write_text("id,label,text\n1,stalking,a\n2,maybe,b\n", encoding="utf-8")
    code, _, err = cli("evaluate", "--narratives", labelled)
    assert (code, f"error: {labelled}:3: label 'maybe' is not `stalking` or `not`" in err) == (2, True)


def test_evaluate_with_nothing_to_evaluate_against_exits_2(cli, screened_db):
    code, _, err = cli("--db", screened_db, "evaluate")
    assert (code, "error: say what to evaluate against" in err) == (2, True)
