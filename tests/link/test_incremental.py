"""Incremental linking: load 95% of a force, link, load the other 5%, link again."""

from __future__ import annotations

import pytest

from .conftest import copy_store, ingest, link, opened, partition, same_person_pairs

pytestmark = pytest.mark.slow


def test_the_split_puts_about_5_percent_of_crimes_in_the_second_part(split, force):
    _, _, later = split
    with opened(force / "none.duckdb") as con:  # any connection will do for reading CSV
        crimes = con.execute("SELECT count(DISTINCT crime_id) FROM read_csv(?, all_varchar = true)",
                             [str(force / "crimes.csv")]).fetchone()[0]
    assert 0.03 * crimes <= len(later) <= 0.07 * crimes


def test_the_second_link_run_is_incremental_and_reuses_the_model(incremental):
    before, after = incremental["before"], incremental["after"]
    assert (before.mode, after.mode, after.trained, after.model_id) == ("full", "incremental", False, before.model_id)


def test_the_second_link_run_scores_exactly_the_usable_records_of_the_new_load(incremental, split):
    _, _, later = split
    with opened(incremental["db"], read_only=True) as con:
        new = con.execute("""SELECT count(*) FROM link_records l JOIN person_records p USING (person_record_id)
                             WHERE l.unusable_reason IS NULL AND list_contains(?, p.crime_id)""",
                          [sorted(later)]).fetchone()[0]
    assert new > 50
    assert incremental["after"].records_scored == new


def test_the_incremental_run_counts_every_record_of_both_loads(incremental):
    with opened(incremental["db"], read_only=True) as con:
        records = con.execute("SELECT count(*) FROM person_records").fetchone()[0]
    assert incremental["after"].records == records


def test_incremental_people_equal_a_full_rerun_with_the_same_model_on_the_same_store(incremental):
    assert incremental["full"].mode == "full"
    assert incremental["people"] == incremental["people_full"]


def test_new_records_join_people_from_the_first_load(incremental, split):
    _, _, later = split
    with opened(incremental["db"], read_only=True) as con:
        joined = con.execute("""SELECT count(DISTINCT p.person_record_id) FROM people p
                                JOIN person_records r USING (person_record_id)
                                WHERE list_contains(?, r.crime_id) AND p.person_id IN (
                                    SELECT q.person_id FROM people q JOIN person_records s USING (person_record_id)
                                    WHERE NOT list_contains(?, s.crime_id))""",
                             [sorted(later), sorted(later)]).fetchone()[0]
    assert joined > 20


def test_incremental_people_agree_with_one_full_link_of_a_fresh_store_on_at_least_99_percent_of_pairs(
        incremental, one_shot):
    ours, theirs = same_person_pairs(incremental["people"]), same_person_pairs(one_shot["people"])
    agreement = len(ours & theirs) / len(ours | theirs)
    assert agreement >= 0.99, (agreement, len(ours ^ theirs))


def test_incremental_people_equal_exactly_those_of_a_fresh_store_linked_once_on_this_seed(incremental, one_shot):
    assert incremental["people"] == one_shot["people"]


# --- a record whose identifiers change in a later load ------------------------------------------

@pytest.fixture(scope="module")
def changed(linked_db, tmp_path_factory) -> dict:
    """One record of a two-record person reloaded with the identifiers of an unrelated single record,
    then linked (incremental); then a full re-run on a copy."""
    folder = tmp_path_factory.mktemp("changed")
    db = copy_store(linked_db, folder, "s.duckdb")
    with opened(db, read_only=True) as con:
        moved, kept = con.execute("""SELECT max(person_record_id), min(person_record_id) FROM people
                                     WHERE person_id IN (SELECT person_id FROM people GROUP BY person_id
                                                         HAVING count(*) = 2 AND bool_and(status = 'linked'))
                                     GROUP BY person_id ORDER BY 2 LIMIT 1""").fetchone()
        target = con.execute("""SELECT p.person_record_id FROM people p JOIN person_records r USING (person_record_id)
                                WHERE p.status = 'single' AND r.forename IS NOT NULL AND r.surname IS NOT NULL
                                  AND r.dob IS NOT NULL ORDER BY p.person_record_id LIMIT 1""").fetchone()[0]
        con.execute("""COPY (SELECT m.person_record_id, m.crime_id, m.role, t.forename, t.surname, t.dob, t.sex,
                                    t.address, t.postcode, t.phone, t.email, m.relationship
                             FROM person_records m, person_records t
                             WHERE m.person_record_id = ? AND t.person_record_id = ?)
                       TO '{}' (HEADER, FORMAT csv)""".format(folder / "person_records.csv"), [moved, target])
    ingest(db, folder / "person_records.csv")
    report = link(db)
    with opened(db, read_only=True) as con:
        people = partition(con)
    full_db = copy_store(db, folder, "full.duckdb")
    link(full_db, full=True)
    with opened(full_db, read_only=True) as con:
        people_full = partition(con)
    return {"moved": moved, "kept": kept, "target": target, "report": report, "people": people,
            "people_full": people_full}


def _group(people: set[frozenset[str]], record_id: str) -> frozenset[str]:
    return next(g for g in people if record_id in g)


def test_a_record_reloaded_with_changed_identifiers_is_the_only_one_scored(changed):
    assert (changed["report"].mode, changed["report"].records_scored) == ("incremental", 1)


def test_a_record_reloaded_with_another_persons_identifiers_leaves_its_old_person_and_joins_the_other(changed):
    people = changed["people"]
    assert changed["moved"] not in _group(people, changed["kept"])
    assert _group(people, changed["moved"]) == _group(people, changed["target"])


def test_after_a_changed_record_incremental_people_equal_a_full_rerun(changed):
    assert changed["people"] == changed["people_full"]
