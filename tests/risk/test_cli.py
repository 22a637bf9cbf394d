"""The `stalkscreen risk` commands as a user runs them."""

from __future__ import annotations

import json

from .conftest import dash, write_json


def test_record_then_show_prints_answers_count_levels_and_the_flag(cli, db, tmp_path):
    path = write_json(tmp_path, dash("NEW1", yes=14, level="medium", completed_at="2026-10-30T10:00"))
    code, _, err = cli("--db", db, "risk", "record", path)
    assert (code, "recorded NEW1: DASH 2009, 14 yes, suggested high, assessor medium [LOWER THAN SUGGESTED]" in err) == (
        0, True)
    code, out, err = cli("--db", db, "risk", "show", "NEW1")
    assert (code, "Has (name of abuser(s)) ever used weapons" in out,
            "flag: the assessor's level (medium) is lower than the level the answers suggest (high)" in err) == (
        0, True, True)


def test_show_as_json_gives_the_header_and_every_item(cli, db, tmp_path):
    cli("--db", db, "risk", "record", write_json(tmp_path, dash("NEW1", yes=10)))
    code, out, _ = cli("--db", db, "risk", "show", "NEW1", "--format", "json")
    shown = json.loads(out)[0]
    assert (code, shown["yes_count"], shown["suggested_level"], shown["assessor_level"], shown["lower_than_suggested"],
            len(shown["items"])) == (0, 10, "medium", "standard", True, 24)


def test_show_scores_an_assessment_loaded_from_the_export(cli, db):
    code, out, _ = cli("--db", db, "risk", "show", "RA6", "--format", "json")
    shown = json.loads(out)[0]
    assert (code, shown["origin"], shown["yes_count"], shown["suggested_level"], shown["items"][7]["answer"]) == (
        0, "ingested", 1, "standard", "yes")


def test_show_of_an_unknown_id_is_an_error_not_a_traceback(cli, db):
    code, _, err = cli("--db", db, "risk", "show", "NOPE")
    assert (code, err.splitlines()[0]) == (2, "error: no risk assessment 'NOPE' in the store")


def test_a_refused_file_exits_2_and_names_the_item(cli, db, tmp_path):
    data = dash("NEW1")
    del data["answers"]["q24"]
    code, _, err = cli("--db", db, "risk", "record", write_json(tmp_path, data))
    assert (code, "item 24 `q24`" in err, "nothing was recorded" in err) == (2, True, True)


def test_due_as_json_lists_each_reason(cli, db):
    code, out, _ = cli("--db", db, "risk", "due", "--date", "2026-10-31", "--format", "json")
    rows = json.loads(out)
    assert (code, [(r["crime_id"], r["kind"], r["due_since"]) for r in rows]) == (0, [
        ("R3", "missing", "2026-09-20"), ("R6", "missing", "2026-10-05"), ("R8", "missing", "2026-10-12"),
        ("R4", "review_overdue", "2026-09-29")])


def test_due_with_a_bad_date_names_the_option(cli, db):
    code, _, err = cli("--db", db, "risk", "due", "--date", "31/10/2026")
    assert (code, err.splitlines()[0]) == (2, "error: --date '31/10/2026' is not a date")
