"""The link stage on a small synthetic force: accuracy, re-runs, thin records, the pair budget."""

from __future__ import annotations

import dataclasses

import pytest

from stalkscreen.errors import StalkscreenError
from stalkscreen.evaluate import linkage
from stalkscreen.link import run as link_run

from .conftest import add_crime, add_person, copy_store, link, opened, partition, settings

pytestmark = pytest.mark.slow

UNUSABLE = ("no usable identifiers: needs a full name, a phone, an email, or one name with a date of birth")


@pytest.fixture(scope="module")
def accuracy(linked_db, force) -> dict:
    with opened(linked_db, read_only=True) as con:
        return linkage.measure(con, force / "truth")


def test_first_run_is_full_and_trains_and_stores_one_model(linked_db, linked):
    report = linked[1]
    with opened(linked_db, read_only=True) as con:
        models = con.execute("SELECT model_id FROM link_models").fetchall()
    assert (report.mode, report.trained, models) == ("full", True, [(report.model_id,)])


def test_every_person_record_is_in_exactly_one_person(linked_db):
    with opened(linked_db, read_only=True) as con:
        counts = con.execute("""SELECT (SELECT count(*) FROM person_records), (SELECT count(*) FROM people),
                                       (SELECT count(DISTINCT person_record_id) FROM people)""").fetchone()
    assert counts[0] == counts[1] == counts[2]


def test_person_id_is_the_lowest_record_id_of_its_person(linked_db):
    with opened(linked_db, read_only=True) as con:
        wrong = con.execute("SELECT count(*) FROM (SELECT person_id, min(person_record_id) AS low FROM people "
                            "GROUP BY person_id) WHERE person_id <> low").fetchone()[0]
    assert wrong == 0


def test_pairwise_precision_is_at_least_0_99_on_the_synthetic_force(accuracy):
    assert accuracy["precision"] >= 0.99, accuracy


def test_pairwise_recall_is_at_least_0_95_on_the_synthetic_force(accuracy):
    assert accuracy["recall"] >= 0.95, accuracy


def test_accuracy_counts_every_loaded_person_record(accuracy, linked_db):
    with opened(linked_db, read_only=True) as con:
        records = con.execute("SELECT count(*) FROM person_records").fetchone()[0]
    assert accuracy["records"] == records


def test_rerun_with_nothing_new_scores_no_records_and_leaves_people_identical(linked_db, tmp_path):
    db = copy_store(linked_db, tmp_path)
    with opened(db, read_only=True) as con:
        before = con.execute("SELECT person_id, person_record_id, status FROM people ORDER BY ALL").fetchall()
    report = link(db)
    with opened(db, read_only=True) as con:
        after = con.execute("SELECT person_id, person_record_id, status FROM people ORDER BY ALL").fetchall()
    assert (report.mode, report.records_scored, report.trained, after) == ("incremental", 0, False, before)


def test_rerun_with_nothing_new_keeps_every_scored_pair(linked_db, tmp_path):
    db = copy_store(linked_db, tmp_path)
    pairs = "SELECT person_record_id_l, person_record_id_r, match_probability FROM link_pairs ORDER BY ALL"
    with opened(db, read_only=True) as con:
        before = con.execute(pairs).fetchall()
    link(db)
    with opened(db, read_only=True) as con:
        assert con.execute(pairs).fetchall() == before


def test_retrain_trains_and_stores_a_second_model_and_scores_every_record(linked_db, linked, tmp_path):
    db = copy_store(linked_db, tmp_path)
    report = link(db, retrain=True)
    with opened(db, read_only=True) as con:
        models = [m for (m,) in con.execute("SELECT model_id FROM link_models ORDER BY model_id").fetchall()]
    assert (report.mode, report.trained, report.records_scored, models) == (
        "full", True, linked[1].records_scored, [linked[1].model_id, report.model_id])


def test_each_link_run_is_recorded_with_its_mode_settings_version_and_threshold(linked_db, linked):
    with opened(linked_db, read_only=True) as con:
        runs = con.execute("SELECT run_id, mode, engine, settings_version, threshold, records, people "
                           "FROM link_runs").fetchall()
    chosen, report = settings(), linked[1]
    assert runs == [(report.run_id, "full", "duckdb", chosen.version, chosen.threshold, report.records,
                     report.people)]


# --- thin and placeholder records -------------------------------------------------------------

@pytest.fixture(scope="module")
def with_thin_records(linked_db, tmp_path_factory):
    """The linked force plus hand-made records on one new crime, linked again (incremental)."""
    db = copy_store(linked_db, tmp_path_factory.mktemp("thin"))
    with opened(db) as con:
        add_crime(con, "CTHIN1")
        add_person(con, "ZZ-UNUSABLE", "CTHIN1", forename="UNKNOWN", surname="N/K", dob="1900-01-01",
                   phone="00000000000", email="none@none.com", postcode="N/K")
        for record_id, forename, surname in (("ZZ-PLACE-1", "Alicia", "Brownlow"), ("ZZ-PLACE-2", "Zachary", "Quill")):
            add_person(con, record_id, "CTHIN1", forename=forename, surname=surname, dob="1900-01-01",
                       phone="07000 000000", email="none@none.com", postcode="N/K", address="UNKNOWN")
        add_person(con, "ZZ-ONE-NAME", "CTHIN1", surname="Featherstonehaugh", dob="1988-07-14")
    report = link(db)
    return db, report


def _person(con, record_id: str) -> tuple:
    return con.execute("SELECT person_id, status, reason FROM people WHERE person_record_id = ?",
                       [record_id]).fetchone()


def test_a_record_with_no_usable_identifiers_is_its_own_person_marked_unusable_with_the_reason(with_thin_records):
    db, _ = with_thin_records
    with opened(db, read_only=True) as con:
        assert _person(con, "ZZ-UNUSABLE") == ("ZZ-UNUSABLE", "unusable", UNUSABLE)
        assert con.execute("SELECT count(*) FROM people WHERE person_id = 'ZZ-UNUSABLE'").fetchone()[0] == 1


def test_the_unusable_reason_is_also_kept_on_the_link_record(with_thin_records):
    db, _ = with_thin_records
    with opened(db, read_only=True) as con:
        assert con.execute("SELECT unusable_reason FROM link_records WHERE person_record_id = 'ZZ-UNUSABLE'"
                           ).fetchone() == (UNUSABLE,)


def test_an_unusable_record_is_never_scored(with_thin_records):
    db, _ = with_thin_records
    with opened(db, read_only=True) as con:
        assert con.execute("SELECT count(*) FROM link_pairs WHERE 'ZZ-UNUSABLE' IN "
                           "(person_record_id_l, person_record_id_r)").fetchone()[0] == 0


def test_two_records_agreeing_only_on_placeholder_dob_phone_email_and_postcode_are_not_linked(with_thin_records):
    db, _ = with_thin_records
    with opened(db, read_only=True) as con:
        people = {_person(con, r)[0] for r in ("ZZ-PLACE-1", "ZZ-PLACE-2")}
        pairs = con.execute("SELECT count(*) FROM link_pairs WHERE person_record_id_l = 'ZZ-PLACE-1' "
                            "AND person_record_id_r = 'ZZ-PLACE-2'").fetchone()[0]
    assert (people, pairs) == ({"ZZ-PLACE-1", "ZZ-PLACE-2"}, 0)


def test_a_record_with_one_name_and_a_date_of_birth_is_usable(with_thin_records):
    db, _ = with_thin_records
    with opened(db, read_only=True) as con:
        assert _person(con, "ZZ-ONE-NAME")[1:] == ("single", None)


def test_adding_records_on_one_crime_scores_only_the_usable_new_ones(with_thin_records):
    _, report = with_thin_records
    assert (report.mode, report.records_scored) == ("incremental", 3)


# --- pair budget --------------------------------------------------------------------------------

def test_over_the_pair_budget_run_refuses_with_a_message_naming_the_budget(ingested_db, tmp_path):
    db = copy_store(ingested_db, tmp_path)
    tight = dataclasses.replace(settings(), pair_budget=10)
    with opened(db) as con, pytest.raises(StalkscreenError, match=r"over the budget of 10\b") as raised:
        link_run.run(con, tight)
    assert "placeholders" in raised.value.hint


def test_over_the_pair_budget_the_store_is_unchanged(ingested_db, tmp_path):
    db = copy_store(ingested_db, tmp_path)
    tight = dataclasses.replace(settings(), pair_budget=10)
    with opened(db) as con:
        with pytest.raises(StalkscreenError):
            link_run.run(con, tight)
        counts = con.execute("""SELECT (SELECT count(*) FROM people), (SELECT count(*) FROM link_runs),
                                       (SELECT count(*) FROM link_models), (SELECT count(*) FROM link_pairs),
                                       (SELECT count(*) FROM link_records)""").fetchone()
    assert counts == (0, 0, 0, 0, 0)


def test_linking_a_store_without_person_records_is_refused(tmp_path):
    with opened(tmp_path / "s.duckdb") as con, pytest.raises(StalkscreenError, match="no person records"):
        link_run.run(con, settings())


def test_people_partition_of_the_report_matches_the_people_table(linked_db, linked):
    with opened(linked_db, read_only=True) as con:
        assert len(partition(con)) == linked[1].people
