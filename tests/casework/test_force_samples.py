"""Samples on the synthetic force: surveys over a year never include a victim who declined
contact or one surveyed in an earlier month, and an audit sample is the same for its seed."""

from __future__ import annotations

import shutil

import pytest

from stalkscreen import store
from stalkscreen.casework import rules as casework_rules
from stalkscreen.casework import samples, victims
from stalkscreen.reference import offences

MONTHS = [f"2026-{m:02d}" for m in range(1, 10)]


@pytest.fixture(scope="module")
def surveyed(force_db, tmp_path_factory):
    """Nine monthly surveys of 10 on a copy of the force: [(month, person_record_id, person_key)]."""
    db = tmp_path_factory.mktemp("surveys") / "store.duckdb"
    shutil.copyfile(force_db, db)
    con, rules = store.connect(db), casework_rules.load()
    try:
        out = []
        for month in MONTHS:
            period = victims.parse_month(month)
            sample_id = samples.draw_survey(con, rules, offences.load(), 10, 1, period.first, period.last)
            out += [(month, r[0], r[1]) for r in con.execute(
                "SELECT person_record_id, person_key FROM casework_sample_members WHERE sample_id = ?",
                [sample_id]).fetchall()]
        declined = {r[0] for r in con.execute(
            "SELECT person_record_id FROM victim_care_events WHERE event = 'contact_declined'").fetchall()}
    finally:
        con.close()
    return out, declined


def test_the_force_has_victims_who_declined_contact(surveyed):
    assert len(surveyed[1]) > 0


def test_every_monthly_survey_samples_ten_victims(surveyed):
    assert [sum(m == month for m, _, _ in surveyed[0]) for month in MONTHS] == [10] * len(MONTHS)


def test_no_survey_includes_a_victim_who_declined_contact(surveyed):
    assert [p for _, p, _ in surveyed[0] if p in surveyed[1]] == []


def test_no_person_is_surveyed_twice_within_twelve_months(surveyed):
    keys = [k for _, _, k in surveyed[0]]
    assert len(keys) == len(set(keys))


def test_an_audit_sample_of_the_force_is_the_same_for_its_seed_on_two_copies(force_db, tmp_path):
    drawn = []
    for name in ("a.duckdb", "b.duckdb"):
        db = tmp_path / name
        shutil.copyfile(force_db, db)
        con = store.connect(db)
        try:
            period = victims.parse_month("2026-06")
            sample_id = samples.draw_audit(con, casework_rules.load(), offences.load(), 20, 42,
                                           period.first.replace(month=1), period.last)
            drawn.append([r[0] for r in con.execute("SELECT crime_id FROM casework_sample_members WHERE sample_id = ? "
                                                    "ORDER BY position", [sample_id]).fetchall()])
        finally:
            con.close()
    assert (len(drawn[0]), drawn[0]) == (20, drawn[1])
