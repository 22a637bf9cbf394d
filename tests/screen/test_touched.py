"""An incremental screen works out the structural rules again only for crimes touched since the
last run (screen/inputs.touched). Each change a force can make between runs is made here the way
it is made in use (a load, a link review decision), and the incremental result must equal a
screen of the same store from nothing."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from stalkscreen import store
from stalkscreen.link import dyads
from stalkscreen.link import review as link_review
from stalkscreen.link import settings as link_settings

from .conftest import copy_store, ingest, opened, results, results_from_nothing, screen

pytestmark = pytest.mark.slow


def _export(force: Path, folder: Path, table: str, sql: str) -> Path:
    """folder/<table>.csv: the force's own file's columns, rows chosen and changed by `sql` over `rows`."""
    folder.mkdir(exist_ok=True)
    con = duckdb.connect()
    con.execute(f"CREATE TABLE rows AS SELECT * FROM read_csv('{force / f'{table}.csv'}', all_varchar = true)")
    con.execute(f"COPY ({sql}) TO '{folder / f'{table}.csv'}' (HEADER, FORCE_QUOTE *)")
    con.close()
    return folder


def _a_course_of_conduct(db: Path) -> tuple[str, str]:
    """A crime whose result names another crime of its course of conduct: (crime, linked crime)."""
    with opened(db, read_only=True) as con:
        return con.execute("""
            SELECT crime_id, substr(item, 7) FROM (SELECT crime_id, unnest(evidence_items) AS item FROM screening_results)
            WHERE starts_with(item, 'crime:') ORDER BY crime_id, item LIMIT 1""").fetchone()


def test_nothing_changed_checks_only_the_crimes_an_order_could_bind(screened_db, tmp_path):
    db = copy_store(screened_db, tmp_path)
    report = screen(db)
    with opened(db, read_only=True) as con:
        crimes = con.execute("SELECT count(*) FROM crimes").fetchone()[0]
    assert report.crimes_rechecked < 0.2 * crimes
    assert (report.results_written, report.results_removed) == (0, 0)


def test_a_reloaded_crime_with_another_offence_reaches_its_course_of_conduct(screened_db, force, tmp_path):
    db = copy_store(screened_db, tmp_path)
    crime, linked = _a_course_of_conduct(db)
    with opened(db, read_only=True) as con:
        other = con.execute("SELECT offence_code FROM crimes WHERE offence_code <> (SELECT offence_code FROM crimes "
                            "WHERE crime_id = ?) ORDER BY crime_id LIMIT 1", [linked]).fetchone()[0]
    ingest(db, _export(force, tmp_path / "changed", "crimes",
                       f"SELECT * REPLACE ('{other}' AS offence_code) FROM rows WHERE crime_id = '{linked}'"))
    report = screen(db)
    after = results(db)
    assert report.crimes_rechecked < 0.2 * len(after)
    assert f"{other} " in str(after[crime][4])  # the evidence names the linked crime's new offence
    assert after == results_from_nothing(db, tmp_path)


def test_an_offence_added_by_itself_is_seen(screened_db, force, tmp_path):
    db = copy_store(screened_db, tmp_path)
    crime, _ = _a_course_of_conduct(db)
    ingest(db, _export(force, tmp_path / "offences", "offences",
                       f"SELECT * REPLACE ('8/65' AS offence_code, 'included' AS role) FROM rows "
                       f"WHERE crime_id = '{crime}' AND role = 'principal'"))
    screen(db)
    after = results(db)
    assert after[crime][8] == "included"  # stalking_recorded
    assert after == results_from_nothing(db, tmp_path)


def test_a_new_order_between_a_crimes_suspect_and_victim_is_a_breach(screened_db, force, tmp_path):
    db = copy_store(screened_db, tmp_path)
    crime, _ = _a_course_of_conduct(db)
    with opened(db, read_only=True) as con:
        suspect, victim, made = con.execute("""
            SELECT s.person_record_id, v.person_record_id, CAST(CAST(c.recorded_at AS DATE) - 400 AS VARCHAR)
            FROM person_records s JOIN person_records v USING (crime_id) JOIN crimes c USING (crime_id)
            WHERE crime_id = ? AND s.role = 'suspect' AND v.role = 'victim' LIMIT 1""", [crime]).fetchone()
    ingest(db, _export(force, tmp_path / "orders", "orders",
                       f"SELECT * REPLACE ('ORD-TOUCHED' AS order_id, 'restraining_order' AS order_type, "
                       f"'{suspect}' AS subject_person_record_id, '{victim}' AS protected_person_record_id, "
                       f"'{made}' AS applied_on, '{made}' AS made_on, NULL AS expires_on, 'active' AS status) "
                       f"FROM rows LIMIT 1"))
    screen(db)
    after = results(db)
    assert "rule:order.breach" in after[crime][11]
    assert after == results_from_nothing(db, tmp_path)


def test_a_link_review_decision_checks_every_crime_again(screened_db, tmp_path):
    """A decision rebuilds dyads under the last link run's id, so the run cannot tell what it moved."""
    db = copy_store(screened_db, tmp_path)
    with opened(db) as con:
        left, right = con.execute("""
            SELECT min(person_record_id), max(person_record_id) FROM people
            WHERE person_id = (SELECT suspect_person_id FROM dyads ORDER BY len(crime_ids) DESC, dyad_id LIMIT 1)""").fetchone()
        link_review.decide(con, link_settings.load(), left, right, False, "DS Test", "different dates of birth")
        crimes = con.execute("SELECT count(*) FROM crimes").fetchone()[0]
    report = screen(db)
    assert report.crimes_rechecked == crimes
    assert results(db) == results_from_nothing(db, tmp_path)


def test_a_crime_that_leaves_every_course_of_conduct_is_seen(screened_db, tmp_path):
    """Linking can find a crime's suspect to be its victim (a counter-allegation): the crime then
    belongs to no dyad, and its result, which named the dyad it left, must change."""
    db = copy_store(screened_db, tmp_path)
    with opened(db) as con:
        crime, dyad = con.execute("""
            SELECT r.crime_id, r.dyad_id FROM screening_results r JOIN person_records p USING (crime_id)
            WHERE list_contains(r.evidence_items, 'rule:conduct.dyad')
            GROUP BY ALL HAVING count(*) = 2 ORDER BY r.crime_id LIMIT 1""").fetchone()
        with store.transaction(con):
            run_id = con.execute("INSERT INTO link_runs SELECT * REPLACE (run_id + 1 AS run_id) FROM link_runs "
                                 "ORDER BY run_id DESC LIMIT 1 RETURNING run_id").fetchone()[0]
            con.execute("""UPDATE people SET person_id = (SELECT p.person_id FROM people p JOIN person_records v
                                                          USING (person_record_id) WHERE v.crime_id = $crime
                                                          AND v.role = 'victim')
                           WHERE person_record_id = (SELECT person_record_id FROM person_records
                                                     WHERE crime_id = $crime AND role = 'suspect')""",
                        {"crime": crime})
            dyads.build(con, run_id)
    screen(db)
    after = results(db)
    assert after.get(crime, (None,) * 8)[7] != dyad
    assert after == results_from_nothing(db, tmp_path)
