"""Suspect-victim dyads built from linked people."""

from __future__ import annotations

import pytest

from .conftest import opened

pytestmark = pytest.mark.slow


def _campaigns(con, truth) -> None:
    """Temp campaign_crimes(campaign_id, crime_id, suspect, victim) from the force's truth files."""
    con.execute("""
        CREATE OR REPLACE TEMP TABLE campaign_crimes AS
        SELECT c.campaign_id, c.crime_id, k.suspect_true_person_id AS suspect, k.victim_true_person_id AS victim
        FROM read_csv(?, all_varchar = true) c JOIN read_csv(?, all_varchar = true) k USING (campaign_id)
        WHERE c.campaign_id IS NOT NULL AND c.crime_id IN (SELECT crime_id FROM crimes)""",
                [str(truth / "crimes.csv"), str(truth / "campaigns.csv")])


def test_the_synthetic_force_has_dyads(linked_db, linked):
    with opened(linked_db, read_only=True) as con:
        count = con.execute("SELECT count(*) FROM dyads").fetchone()[0]
    assert count == linked[1].dyads > 100


def test_every_dyad_crime_has_a_suspect_record_of_its_suspect_and_a_victim_record_of_its_victim(linked_db):
    with opened(linked_db, read_only=True) as con:
        broken = con.execute("""
            WITH held AS (SELECT dyad_id, suspect_person_id, victim_person_id, unnest(crime_ids) AS crime_id FROM dyads)
            SELECT count(*) FROM held h
            WHERE NOT EXISTS (SELECT 1 FROM person_records r JOIN people p USING (person_record_id)
                              WHERE r.crime_id = h.crime_id AND r.role = 'suspect' AND p.person_id = h.suspect_person_id)
               OR NOT EXISTS (SELECT 1 FROM person_records r JOIN people p USING (person_record_id)
                              WHERE r.crime_id = h.crime_id AND r.role = 'victim' AND p.person_id = h.victim_person_id)
        """).fetchone()[0]
    assert broken == 0


def test_every_suspect_victim_record_pair_on_a_crime_is_in_a_dyad(linked_db):
    with opened(linked_db, read_only=True) as con:
        missing = con.execute("""
            SELECT count(*) FROM person_records s JOIN person_records v ON v.crime_id = s.crime_id
            JOIN people sp ON sp.person_record_id = s.person_record_id
            JOIN people vp ON vp.person_record_id = v.person_record_id
            WHERE s.role = 'suspect' AND v.role = 'victim' AND sp.person_id <> vp.person_id
              AND NOT EXISTS (SELECT 1 FROM dyads d WHERE d.suspect_person_id = sp.person_id
                              AND d.victim_person_id = vp.person_id AND list_contains(d.crime_ids, s.crime_id))
        """).fetchone()[0]
    assert missing == 0


def test_dyad_counts_and_dates_agree_with_its_crimes(linked_db):
    with opened(linked_db, read_only=True) as con:
        wrong = con.execute("""
            WITH held AS (SELECT dyad_id, crimes, incidents, first_date, last_date, unnest(crime_ids) AS crime_id
                          FROM dyads),
            facts AS (SELECT h.dyad_id, any_value(h.crimes) AS crimes, any_value(h.incidents) AS incidents,
                             any_value(h.first_date) AS first_date, any_value(h.last_date) AS last_date,
                             count(*) FILTER (WHERE c.record_type = 'crime') AS n_crimes,
                             count(*) FILTER (WHERE c.record_type = 'incident') AS n_incidents,
                             min(CAST(coalesce(c.occurred_from, c.recorded_at) AS DATE)) AS first,
                             max(CAST(coalesce(c.occurred_from, c.recorded_at) AS DATE)) AS last
                      FROM held h JOIN crimes c USING (crime_id) GROUP BY h.dyad_id)
            SELECT count(*) FROM facts
            WHERE crimes <> n_crimes OR incidents <> n_incidents OR first_date <> first OR last_date <> last
        """).fetchone()[0]
    assert wrong == 0


def test_dyad_ids_are_unique(linked_db):
    with opened(linked_db, read_only=True) as con:
        assert con.execute("SELECT count(*) - count(DISTINCT dyad_id) FROM dyads").fetchone()[0] == 0


def test_the_largest_synthetic_campaign_appears_as_one_dyad_holding_at_least_two_of_its_crimes(linked_db, force):
    with opened(linked_db, read_only=True) as con:
        _campaigns(con, force / "truth")
        campaign, crimes = con.execute("SELECT campaign_id, count(*) FROM campaign_crimes GROUP BY campaign_id "
                                       "ORDER BY 2 DESC, 1 LIMIT 1").fetchone()
        held = con.execute("""SELECT max(len(list_intersect(d.crime_ids, (SELECT list(crime_id) FROM campaign_crimes
                                                                          WHERE campaign_id = ?))))
                              FROM dyads d""", [campaign]).fetchone()[0]
    assert crimes >= 5
    assert held >= 2


def test_every_campaign_of_three_or_more_crimes_has_a_dyad_holding_at_least_two_of_them(linked_db, force):
    with opened(linked_db, read_only=True) as con:
        _campaigns(con, force / "truth")
        missed = con.execute("""
            WITH big AS (SELECT campaign_id, list(crime_id) AS crimes FROM campaign_crimes GROUP BY campaign_id
                         HAVING count(*) >= 3)
            SELECT list(campaign_id) FROM big
            WHERE NOT EXISTS (SELECT 1 FROM dyads d WHERE len(list_intersect(d.crime_ids, big.crimes)) >= 2)
        """).fetchone()[0]
    assert missed is None


def test_the_dyad_of_the_largest_campaign_pairs_its_true_suspect_with_its_true_victim(linked_db, force):
    with opened(linked_db, read_only=True) as con:
        _campaigns(con, force / "truth")
        con.execute("CREATE OR REPLACE TEMP TABLE truth AS SELECT * FROM read_csv(?, all_varchar = true)",
                    [str(force / "truth" / "people.csv")])
        found = con.execute("""
            WITH campaign AS (SELECT campaign_id, any_value(suspect) AS suspect, any_value(victim) AS victim,
                                     list(crime_id) AS crimes FROM campaign_crimes GROUP BY campaign_id
                              ORDER BY count(*) DESC, campaign_id LIMIT 1),
            best AS (SELECT d.* FROM dyads d, campaign k
                     ORDER BY len(list_intersect(d.crime_ids, k.crimes)) DESC, d.dyad_id LIMIT 1)
            SELECT (SELECT list(DISTINCT t.true_person_id) FROM people p JOIN truth t USING (person_record_id)
                    WHERE p.person_id = b.suspect_person_id),
                   (SELECT list(DISTINCT t.true_person_id) FROM people p JOIN truth t USING (person_record_id)
                    WHERE p.person_id = b.victim_person_id),
                   k.suspect, k.victim
            FROM best b, campaign k""").fetchone()
    assert (found[0], found[1]) == ([found[2]], [found[3]])
