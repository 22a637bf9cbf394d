"""Timelines of a person and of a dyad, and the command line over the linked store."""

from __future__ import annotations

import json

import pytest

from stalkscreen.errors import StalkscreenError
from stalkscreen.link import timeline

from .conftest import copy_store, opened

pytestmark = pytest.mark.slow


def _busiest(con) -> str:
    """The person with the most crimes (lowest id among equals)."""
    return con.execute("""SELECT p.person_id FROM people p JOIN person_records r USING (person_record_id)
                          GROUP BY p.person_id ORDER BY count(DISTINCT r.crime_id) DESC, p.person_id LIMIT 1
                       """).fetchone()[0]


@pytest.fixture(scope="module")
def busiest(linked_db) -> tuple[str, list[dict], set[str]]:
    """(person id, their timeline, the crimes of their records)."""
    with opened(linked_db, read_only=True) as con:
        person = _busiest(con)
        rows = timeline.person(con, person)
        crimes = {c for (c,) in con.execute("""SELECT DISTINCT r.crime_id FROM person_records r
                                               JOIN people p USING (person_record_id) WHERE p.person_id = ?""",
                                            [person]).fetchall()}
    return person, rows, crimes


def test_the_busiest_person_has_several_crimes(busiest):
    assert len(busiest[2]) >= 4


def test_a_person_timeline_covers_every_crime_of_their_records_once(busiest):
    _, rows, crimes = busiest
    assert sorted(r["crime_id"] for r in rows) == sorted(crimes)


def test_a_person_timeline_is_in_date_order(busiest):
    _, rows, _ = busiest
    keys = [(r["date"], r["crime_id"]) for r in rows]
    assert keys == sorted(keys)


def test_a_person_timeline_gives_each_crime_its_classification_role_and_narrative(busiest, linked_db):
    person, rows, _ = busiest
    with opened(linked_db, read_only=True) as con:
        expected = {c: (code, roles) for c, code, roles in con.execute(
            """SELECT r.crime_id, any_value(c.offence_code), string_agg(DISTINCT r.role, ', ' ORDER BY r.role)
               FROM person_records r JOIN people p USING (person_record_id) JOIN crimes c USING (crime_id)
               WHERE p.person_id = ? GROUP BY r.crime_id""", [person]).fetchall()}
    assert {r["crime_id"]: (r["offence_code"], r["role"]) for r in rows} == expected
    assert all(r["narrative"] and len(r["narrative"]) <= timeline.EXCERPT for r in rows)


def test_a_timeline_for_an_unknown_person_is_refused(linked_db):
    with opened(linked_db, read_only=True) as con, pytest.raises(StalkscreenError, match="no person NOPE"):
        timeline.person(con, "NOPE")


def test_a_dyad_timeline_covers_its_crimes_in_date_order(linked_db):
    with opened(linked_db, read_only=True) as con:
        dyad_id, crimes = con.execute("SELECT dyad_id, crime_ids FROM dyads ORDER BY len(crime_ids) DESC, dyad_id "
                                      "LIMIT 1").fetchone()
        head, rows = timeline.dyad(con, dyad_id)
    keys = [(r["date"], r["crime_id"]) for r in rows]
    assert (head["dyad_id"], sorted(r["crime_id"] for r in rows), keys) == (dyad_id, sorted(crimes), sorted(keys))


def test_a_timeline_for_an_unknown_dyad_is_refused(linked_db):
    with opened(linked_db, read_only=True) as con, pytest.raises(StalkscreenError, match="no dyad DNOPE"):
        timeline.dyad(con, "DNOPE")


def test_a_persons_dyads_are_those_where_they_are_suspect_or_victim(linked_db):
    with opened(linked_db, read_only=True) as con:
        person = con.execute("SELECT suspect_person_id FROM dyads GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1"
                             ).fetchone()[0]
        listed = {d["dyad_id"] for d in timeline.dyads_of(con, person)}
        expected = {d for (d,) in con.execute("SELECT dyad_id FROM dyads WHERE ? IN (suspect_person_id, "
                                              "victim_person_id)", [person]).fetchall()}
    assert listed == expected and listed


# --- command line -------------------------------------------------------------------------------

def test_cli_timeline_of_an_unknown_person_exits_2_with_an_error_line(cli, linked_db):
    code, _, err = cli("--db", linked_db, "timeline", "NOPE")
    assert code == 2
    assert "error: no person NOPE" in err


def test_cli_timeline_in_json_lists_the_persons_crimes(cli, linked_db, busiest):
    person, _, crimes = busiest
    code, out, _ = cli("--db", linked_db, "timeline", person, "--format", "json")
    assert (code, sorted(r["crime_id"] for r in json.loads(out))) == (0, sorted(crimes))


def test_cli_timeline_without_a_person_or_dyad_exits_2(cli, linked_db):
    code, _, err = cli("--db", linked_db, "timeline")
    assert (code, "error: give a PERSON_ID or --dyad" in err) == (2, True)


def test_cli_evaluate_with_a_missing_truth_folder_exits_2_naming_the_file(cli, linked_db):
    code, _, err = cli("--db", linked_db, "evaluate", "--truth", "/nonexistent")
    assert code == 2
    assert "error: /nonexistent/people.csv: no such file" in err


def test_cli_evaluate_in_json_reports_precision_and_recall_for_linkage(cli, linked_db, force):
    code, out, _ = cli("--db", linked_db, "evaluate", "--truth", force / "truth", "--format", "json")
    measures = json.loads(out)
    assert (code, len(measures), measures[0]["stage"]) == (0, 1, "linkage")
    assert measures[0]["precision"] >= 0.99 and measures[0]["recall"] >= 0.95


def test_cli_link_review_in_json_is_valid_json_with_pairs_and_held_clusters(cli, linked_db):
    code, out, _ = cli("--db", linked_db, "link", "review", "--format", "json", "--limit", "5")
    listing = json.loads(out)
    assert (code, len(listing), sorted(listing[0]), len(listing[0]["pairs"])) == (
        0, 1, ["clusters", "pairs"], 5)
    assert sorted(listing[0]["pairs"][0]) == ["comparisons", "left", "match_probability", "match_weight", "right"]


def test_cli_link_decide_without_who_exits_2_with_an_error_line(cli, linked_db, tmp_path):
    code, _, err = cli("--db", copy_store(linked_db, tmp_path), "link", "decide", "A", "B", "--different", "--by", " ", "--why", "x")
    assert code == 2
    assert "error: a decision needs who made it (--by) and why (--why)" in err
