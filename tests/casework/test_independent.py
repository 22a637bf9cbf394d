"""On a synthetic force, the Victims' Code figures equal an independent calculation written here
in SQL (DuckDB over the raw Parquet export, less the rows ground truth lists as malformed) and
numpy's business-day calendar, without the casework code; and every exception list is exactly
its figure's shortfall."""

from __future__ import annotations

import datetime as dt

import duckdb
import numpy as np
import pytest

from stalkscreen import store
from stalkscreen.casework import rules as casework_rules
from stalkscreen.casework import cases, consideration, victims
from stalkscreen.oversight import measures
from stalkscreen.reference import offences

from .conftest import AS_OF

STALKING_CODES = ["195/12", "8/65", "8/66"]  # the catalogue's stalking group (8Q), written out
MONTHS = [f"{y}-{m:02d}" for y, m in [(2025, 11), (2025, 12)] + [(2026, m) for m in range(1, 10)]]
RULES = {  # measure: (events, within, working days?), as reference/casework.yaml says
    "needs_assessment": (["vna_completed"], 5, True),
    "care_card": (["vcc_given"], 2, True),
    "referral_offered": (["referral_offered", "referral_made", "referral_declined"], 2, True),
    "update_given": (["update_given"], 28, False),
}


def raw(export, name: str) -> str:
    """The export's table as loaded: every row but those ground truth lists as malformed."""
    return f"""(SELECT * EXCLUDE (file_row_number) FROM read_parquet('{export / (name + '.parquet')}', file_row_number = true)
               WHERE file_row_number + 1 NOT IN (SELECT line FROM read_csv('{export / 'truth' / 'malformed.csv'}')
                                                 WHERE file = '{name}.parquet'))"""


@pytest.fixture(scope="module")
def cohort(export):
    """Per victim of a stalking crime recorded from 2024-12: month, recorded day, first time of each event."""
    con = duckdb.connect()
    norm = "regexp_replace(trim({}), '^0*([0-9]+)/0*([0-9]+)$', '\\1/\\2')"
    events = ", ".join(f"min(CAST(e.at AS TIMESTAMP)) FILTER (WHERE e.event = '{ev}') AS {ev}" for ev in
                       ["vna_completed", "vcc_given", "referral_offered", "referral_made", "referral_declined",
                        "update_given"])
    rows = con.execute(f"""
        WITH crimes AS (SELECT crime_id, CAST(recorded_at AS TIMESTAMP) AS recorded_at, offence_code FROM {raw(export, 'crimes')}),
        stalking AS (
            SELECT crime_id FROM crimes WHERE {norm.format('offence_code')} IN (SELECT unnest(?::VARCHAR[]))
            UNION SELECT crime_id FROM {raw(export, 'offences')} WHERE {norm.format('offence_code')} IN (SELECT unnest(?::VARCHAR[]))),
        victims AS (SELECT p.crime_id, p.person_record_id, c.recorded_at FROM {raw(export, 'person_records')} p
                    JOIN crimes c USING (crime_id) WHERE p.role = 'victim' AND p.crime_id IN (SELECT crime_id FROM stalking)
                      AND c.recorded_at >= TIMESTAMP '2024-12-01'),
        arrests AS (SELECT crime_id, min(CAST("at" AS TIMESTAMP)) AS arrest_at FROM {raw(export, 'case_events')}
                    WHERE event = 'arrest' GROUP BY crime_id)
        SELECT v.crime_id, v.person_record_id, strftime(v.recorded_at, '%Y-%m'), CAST(v.recorded_at AS DATE), {events},
               any_value(a.arrest_at),
               min(CAST(e.at AS TIMESTAMP)) FILTER (WHERE e.event = 'update_given' AND CAST(e.at AS TIMESTAMP) >= a.arrest_at)
        FROM victims v LEFT JOIN arrests a USING (crime_id) LEFT JOIN {raw(export, 'victim_care_events')} e
             ON e.crime_id = v.crime_id AND e.person_record_id = v.person_record_id
        GROUP BY v.crime_id, v.person_record_id, v.recorded_at""", [STALKING_CODES, STALKING_CODES]).fetchall()
    con.close()
    names = ["vna_completed", "vcc_given", "referral_offered", "referral_made", "referral_declined", "update_given",
             "arrest_at", "update_after_arrest"]
    return [{"month": r[2], "day": r[3], **dict(zip(names, r[4:]))} for r in rows]


def expected(cohort, month: str) -> dict:
    """numerator, denominator per measure for the month, from the cohort alone."""
    members = [v for v in cohort if v["month"] == month]
    out = {}
    for measure, (events, within, working) in RULES.items():
        on_time = due_count = 0
        for v in members:
            first = min((v[e] for e in events if v[e] is not None), default=None)
            day = np.datetime64(v["day"])
            due = np.busday_offset(day, within, roll="backward") if working else day + np.timedelta64(within, "D")
            if first is None and np.datetime64(AS_OF) <= due:
                continue  # not yet due
            due_count += 1
            on_time += int(first is not None and np.datetime64(first.date()) <= due)
        out[measure] = (on_time, due_count)
    out["arrest_update"] = arrest_update(members)
    out["referral_rate"] = (sum(v["referral_made"] is not None for v in members), len(members))
    return out


def arrest_update(members) -> tuple[int, int]:
    """Victims whose case has an arrest, updated within 1 working day of the first arrest."""
    on_time = due_count = 0
    for v in members:
        if v["arrest_at"] is None:
            continue
        due = np.busday_offset(np.datetime64(v["arrest_at"].date()), 1, roll="backward")
        first = v["update_after_arrest"]
        if first is None and np.datetime64(AS_OF) <= due:
            continue
        due_count += 1
        on_time += int(first is not None and np.datetime64(first.date()) <= due)
    return on_time, due_count


def rolling(cohort, month: str) -> tuple[int, int]:
    last = dt.date.fromisoformat(month + "-01")
    first = dt.date(last.year - 1 + (last.month == 12), last.month % 12 + 1, 1)
    members = [v for v in cohort if first <= v["day"] and v["month"] <= month]
    return sum(v["referral_made"] is not None for v in members), len(members)


@pytest.fixture(scope="module")
def reported(force_db):
    con = store.connect(force_db, read_only=True)
    try:
        return {m: {r["measure"]: r for r in victims.figures(con, casework_rules.load(), offences.load(),
                                                              victims.parse_month(m), AS_OF)} for m in MONTHS}
    finally:
        con.close()


def test_the_force_has_stalking_victims_in_every_month_tested(cohort):
    assert min(sum(v["month"] == m for v in cohort) for m in MONTHS) >= 3


@pytest.mark.parametrize("month", MONTHS)
def test_month_figures_equal_the_independent_calculation(cohort, reported, month):
    got = {k: (r["numerator"], r["denominator"]) for k, r in reported[month].items() if k != victims.ROLLING}
    assert got == expected(cohort, month)


@pytest.mark.parametrize("month", MONTHS[-3:])
def test_the_rolling_referral_rate_equals_the_independent_calculation(cohort, reported, month):
    r = reported[month][victims.ROLLING]
    assert (r["numerator"], r["denominator"]) == rolling(cohort, month)


def test_every_exception_list_is_its_figures_denominator_less_numerator(force_db, reported):
    con = store.connect(force_db, read_only=True)
    try:
        month = MONTHS[-1]
        lengths = {m: len(victims.exceptions(con, casework_rules.load(), offences.load(), victims.parse_month(month),
                                             AS_OF, m)) for m in reported[month]}
    finally:
        con.close()
    assert lengths == {m: r["denominator"] - r["numerator"] for m, r in reported[month].items()}


def test_the_spo_consideration_figure_equals_the_independent_calculation(export, force_db):
    con = duckdb.connect()
    norm = "regexp_replace(trim({}), '^0*([0-9]+)/0*([0-9]+)$', '\\1/\\2')"
    expected = con.execute(f"""
        WITH crimes AS (SELECT crime_id, CAST(recorded_at AS TIMESTAMP) AS recorded_at, offence_code FROM {raw(export, 'crimes')}),
        stalking AS (
            SELECT crime_id FROM crimes WHERE {norm.format('offence_code')} IN (SELECT unnest(?::VARCHAR[]))
            UNION SELECT crime_id FROM {raw(export, 'offences')} WHERE {norm.format('offence_code')} IN (SELECT unnest(?::VARCHAR[]))),
        due AS (SELECT crime_id FROM crimes WHERE crime_id IN (SELECT crime_id FROM stalking)
                AND recorded_at < TIMESTAMP '2026-11-01' - INTERVAL 28 DAY),
        considered AS (
            SELECT crime_id FROM {raw(export, 'case_events')} WHERE event = 'spo_considered'
            UNION SELECT p.crime_id FROM {raw(export, 'orders')} o
                  JOIN {raw(export, 'person_records')} p ON p.person_record_id = o.subject_person_record_id
                  WHERE o.order_type IN ('SPO', 'interim_SPO'))
        SELECT count(*) FILTER (WHERE crime_id IN (SELECT crime_id FROM considered)), count(*) FROM due""",
                           [STALKING_CODES, STALKING_CODES]).fetchone()
    con.close()
    con = store.connect(force_db, read_only=True)
    try:
        figure, rows = consideration.spo_exceptions(con, casework_rules.load(), offences.load(), AS_OF)
    finally:
        con.close()
    assert (figure["numerator"], figure["denominator"], len(rows)) == (*expected, expected[1] - expected[0])


def test_every_case_item_list_is_its_figures_denominator_less_numerator(force_db):
    con = store.connect(force_db, read_only=True)
    try:
        rules = casework_rules.load()
        got = {item.id: cases.missing(con, rules, offences.load(), item.id, AS_OF) for item in rules.case_items}
    finally:
        con.close()
    assert {k: len(rows) for k, (_, rows) in got.items()} == {
        k: f["denominator"] - f["numerator"] for k, (f, _) in got.items()}


@pytest.mark.parametrize("month", MONTHS[-3:])
def test_the_victims_figures_agree_with_the_plans_measures(force_db, reported, month):
    period = victims.parse_month(month)
    con = store.connect(force_db, read_only=True)
    try:
        shared = {"needs_assessment": measures.needs_assessment_rate(con, period.first, period.last),
                  "care_card": measures.care_card_rate(con, period.first, period.last),
                  "referral_rate": measures.referral_rate(con, period.first, period.last)}
    finally:
        con.close()
    got = {k: (reported[month][k]["done"], reported[month][k]["denominator"] + reported[month][k]["pending"])
           for k in shared}
    assert got == {k: (m["numerator"], m["denominator"]) for k, m in shared.items()}
