"""What is in the export: references hold, dates are ordered and never after the end date,
and the ground truth matches the files."""

from __future__ import annotations

import datetime as dt

import duckdb
import pytest

from conftest import CRIMES, END_DATE
from synth_checks import listed, read_export


@pytest.fixture(scope="module")
def db(force_csv):
    """The good rows of the CSV export (listed malformed lines left out), in DuckDB."""
    con = duckdb.connect()
    bad = listed(force_csv / "truth" / "malformed.csv")
    export = read_export(force_csv, "csv")
    import pyarrow as pa

    for name, (rows, lines) in export.items():
        good = [r for r, line in zip(rows, lines) if (f"{name}.csv", line) not in bad]
        con.register(f"{name}_arrow", pa.Table.from_pylist(good))
        con.execute(f"CREATE TABLE {name} AS SELECT * FROM {name}_arrow")
    for name in ("people", "crimes", "campaigns"):
        con.execute(f"CREATE TABLE truth_{name} AS SELECT * FROM read_csv('{force_csv}/truth/{name}.csv', all_varchar=true)")
    return con


def one(con, sql: str):
    return con.execute(sql).fetchone()[0]


def test_every_row_referring_to_a_crime_finds_it(db):
    for table in ("offences", "person_records", "risk_assessments", "victim_care_events", "case_events"):
        assert one(db, f"SELECT count(*) FROM {table} WHERE crime_id NOT IN (SELECT crime_id FROM crimes)") == 0, table


def test_orders_and_events_refer_to_existing_person_records_and_orders(db):
    assert one(db, """SELECT count(*) FROM orders WHERE subject_person_record_id NOT IN (SELECT person_record_id FROM person_records)
                      OR protected_person_record_id NOT IN (SELECT person_record_id FROM person_records)""") == 0
    assert one(db, "SELECT count(*) FROM order_events WHERE order_id NOT IN (SELECT order_id FROM orders)") == 0


def test_every_crime_lists_its_principal_offence_once_in_offences(db):
    assert one(db, """SELECT count(*) FROM crimes c WHERE (SELECT count(*) FROM offences o WHERE o.crime_id = c.crime_id
                      AND o.role = 'principal' AND ltrim(o.offence_code, '0') = ltrim(c.offence_code, '0')) != 1""") == 0


def test_occurrence_is_ordered_before_recording(db):
    assert one(db, """SELECT count(*) FROM crimes WHERE occurred_from::TIMESTAMP > occurred_to::TIMESTAMP
                      OR occurred_to::TIMESTAMP > recorded_at::TIMESTAMP OR occurred_from::TIMESTAMP > recorded_at::TIMESTAMP""") == 0


def test_orders_are_made_after_application_and_expire_after_making(db):
    assert one(db, "SELECT count(*) FROM orders WHERE made_on::DATE < applied_on::DATE OR expires_on::DATE < made_on::DATE") == 0


def test_full_spo_lasts_at_least_two_years(db):
    assert one(db, """SELECT count(*) FROM orders WHERE order_type = 'SPO' AND expires_on IS NOT NULL
                      AND expires_on::DATE < made_on::DATE + INTERVAL 2 YEAR""") == 0


def test_order_lifecycle_events_are_in_order(db):
    assert one(db, """WITH e AS (SELECT order_id, event, "at"::TIMESTAMP AS ts FROM order_events)
        SELECT count(*) FROM e a JOIN e b USING (order_id)
        WHERE (a.event, b.event) IN (('considered','applied'), ('applied','made'), ('made','served'),
                                     ('served','notified'), ('made','expired'), ('served','breached'))
          AND a.ts > b.ts""") == 0


def test_casework_is_never_before_the_crime_was_recorded(db):
    for table, column in (("victim_care_events", "at"), ("case_events", "at"), ("risk_assessments", "completed_at")):
        assert one(db, f"""SELECT count(*) FROM {table} t JOIN crimes c USING (crime_id)
                           WHERE t."{column}"::TIMESTAMP < c.recorded_at::TIMESTAMP""") == 0, table


def test_no_date_is_after_the_end_date(db):
    end = f"TIMESTAMP '{END_DATE} 23:59'"
    for table, column in (("crimes", "recorded_at"), ("crimes", "occurred_to"), ("order_events", "at"),
                          ("victim_care_events", "at"), ("case_events", "at"), ("risk_assessments", "completed_at"),
                          ("orders", "applied_on"), ("orders", "made_on"), ("person_records", "dob")):
        assert one(db, f'SELECT count(*) FROM {table} WHERE "{column}"::TIMESTAMP > {end}') == 0, (table, column)


def test_crimes_span_about_three_years_before_the_end_date(db):
    first = one(db, "SELECT min(recorded_at::TIMESTAMP) FROM crimes")
    assert END_DATE - dt.timedelta(days=3 * 366) <= first.date() <= END_DATE - dt.timedelta(days=3 * 365 - 60)


def test_timestamps_are_whole_minutes_without_seconds(db):
    assert one(db, "SELECT count(*) FROM crimes WHERE length(recorded_at) != 16") == 0


def test_every_person_record_has_a_true_person(force_csv, db):
    assert one(db, "SELECT count(*) FROM person_records WHERE person_record_id NOT IN (SELECT person_record_id FROM truth_people)") == 0
    assert one(db, "SELECT count(DISTINCT person_record_id) = count(*) FROM truth_people") is True


def test_truth_lists_every_crime_exactly_once(db):
    assert one(db, "SELECT count(*) FROM crimes WHERE crime_id NOT IN (SELECT crime_id FROM truth_crimes)") == 0
    assert one(db, "SELECT count(*) FROM truth_crimes") == CRIMES


def test_share_of_stalking_crimes_is_between_8_and_15_percent(db):
    share = one(db, "SELECT avg(CASE WHEN is_stalking = 'true' THEN 1 ELSE 0 END) FROM truth_crimes")
    assert 0.08 <= share <= 0.15


def test_each_campaign_has_two_or_more_crimes_with_the_same_true_suspect_and_victim(db):
    assert one(db, """
        WITH roles AS (
            SELECT tc.campaign_id, p.crime_id,
                   max(CASE WHEN p.role = 'suspect' THEN tp.true_person_id END) AS suspect,
                   max(CASE WHEN p.role = 'victim' THEN tp.true_person_id END) AS victim
            FROM person_records p JOIN truth_people tp USING (person_record_id) JOIN truth_crimes tc USING (crime_id)
            WHERE tc.is_stalking = 'true' GROUP BY ALL),
        dyads AS (SELECT campaign_id, count(*) AS n FROM roles r JOIN truth_campaigns c USING (campaign_id)
                  WHERE r.suspect = c.suspect_true_person_id AND r.victim = c.victim_true_person_id GROUP BY ALL)
        SELECT count(*) FROM truth_campaigns c LEFT JOIN dyads d USING (campaign_id) WHERE coalesce(d.n, 0) < 2""") == 0


def test_stalking_recorded_as_included_appears_as_an_included_offence(db):
    assert one(db, """SELECT count(*) FROM truth_crimes t WHERE stalking_recorded = 'included' AND NOT EXISTS (
        SELECT 1 FROM offences o WHERE o.crime_id = t.crime_id AND o.role = 'included'
        AND o.offence_code IN ('195/12', '8/65', '8/66'))""") == 0
    assert one(db, "SELECT count(*) FROM truth_crimes WHERE stalking_recorded = 'included'") > 0


def test_hidden_stalking_crimes_carry_no_stalking_code(db):
    assert one(db, """SELECT count(*) FROM truth_crimes t JOIN offences o USING (crime_id)
        WHERE t.stalking_recorded = 'not_recorded' AND ltrim(o.offence_code, '0') IN ('195/12', '8/65', '8/66')""") == 0
    assert one(db, "SELECT count(*) FROM truth_crimes WHERE is_stalking = 'true' AND stalking_recorded = 'not_recorded'") > 0


def test_narratives_are_300_to_1000_characters(db):
    assert one(db, "SELECT count(*) FROM crimes WHERE length(narrative) NOT BETWEEN 300 AND 1000") == 0


def test_suspect_relationships_put_ex_partner_first_in_campaigns(db):
    top = one(db, "SELECT mode(relationship) FROM truth_campaigns")
    assert top == "ex_partner"


def test_some_suspects_stalk_more_than_one_victim(db):
    assert one(db, "SELECT count(*) FROM (SELECT suspect_true_person_id FROM truth_campaigns GROUP BY 1 HAVING count(DISTINCT victim_true_person_id) > 1)") > 0
