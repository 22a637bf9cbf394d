"""Reviewing flags: an accepted flag's reclassification layered over the source, a rejected flag
staying quiet until evidence the reviewer did not see arrives, and the decisions refused."""

from __future__ import annotations

import datetime as dt

import pytest

from stalkscreen.errors import StalkscreenError
from stalkscreen.reference import offences
from stalkscreen.screen import review

from .conftest import copy_store, ingest, link, opened, screen

pytestmark = pytest.mark.slow
CATALOGUE = offences.load()
NEW_CRIME = "CRNEW000001"


def _pick(con) -> dict[str, str]:
    """Three flagged crimes of three different courses of conduct, the first early enough for a
    later crime of its course of conduct to arrive before the export's end."""
    rows = con.execute("""
        SELECT r.crime_id, r.dyad_id FROM screening_results r JOIN crimes c USING (crime_id)
        WHERE r.indicated AND r.stalking_recorded IS NULL AND list_contains(r.evidence_items, 'rule:conduct.dyad')
          AND c.recorded_at < TIMESTAMP '2026-09-01'
        ORDER BY r.crime_id""").fetchall()
    chosen, dyads = [], set()
    for crime_id, dyad_id in rows:
        if dyad_id not in dyads:
            chosen.append(crime_id)
            dyads.add(dyad_id)
    return dict(zip(("rejected_then_new", "rejected", "accepted"), chosen))


def _export_a_later_crime(con, crime_id: str, folder) -> None:
    """A new crime three days after crime_id, with copies of its suspect and victim records."""
    folder.mkdir()
    con.execute(f"""COPY (SELECT '{NEW_CRIME}' AS crime_id, force, record_type, recorded_at + INTERVAL 3 DAY AS recorded_at,
                                 occurred_from + INTERVAL 3 DAY AS occurred_from, occurred_to + INTERVAL 3 DAY AS occurred_to,
                                 offence_code, offence, domestic_abuse, status, outcome, location, postcode, narrative
                          FROM crimes WHERE crime_id = '{crime_id}') TO '{folder}/crimes.csv' (HEADER)""")
    con.execute(f"""COPY (SELECT '{NEW_CRIME}' AS crime_id, offence_code, offence, role FROM offences
                          WHERE crime_id = '{crime_id}') TO '{folder}/offences.csv' (HEADER)""")
    con.execute(f"""COPY (SELECT person_record_id || 'N' AS person_record_id, '{NEW_CRIME}' AS crime_id, role, forename,
                                 surname, dob, sex, address, postcode, phone, email, relationship
                          FROM person_records WHERE crime_id = '{crime_id}' AND role IN ('suspect', 'victim'))
                  TO '{folder}/person_records.csv' (HEADER)""")


@pytest.fixture(scope="module")
def round_trip(screened_db, tmp_path_factory) -> dict:
    folder = tmp_path_factory.mktemp("review")
    db = copy_store(screened_db, folder)
    with opened(db) as con:
        picked = _pick(con)
        offences_before = con.execute("SELECT * FROM offences ORDER BY ALL").fetchall()
        accepted = review.decide(con, CATALOGUE, picked["accepted"], True, "course of conduct confirmed", "DS Ames")
        for key in ("rejected", "rejected_then_new"):
            review.decide(con, CATALOGUE, picked[key], False, "single dispute over a debt, not stalking", "DS Ames")
        after_review = {f["crime_id"]: f for f in review.flags(con)}
    screen(db)
    with opened(db) as con:
        after_rerun = {f["crime_id"]: f for f in review.flags(con)}
        _export_a_later_crime(con, picked["rejected_then_new"], folder / "later")
    ingest(db, folder / "later")
    link(db)
    screen(db)
    with opened(db, read_only=True) as con:
        return {"db": db, "picked": picked, "accepted": accepted, "after_review": after_review,
                "after_rerun": after_rerun, "after_new": {f["crime_id"]: f for f in review.flags(con)},
                "offences_before": offences_before,
                "offences_after": con.execute("SELECT * FROM offences WHERE crime_id <> ? ORDER BY ALL",
                                              [NEW_CRIME]).fetchall()}


def test_accepting_records_the_suggested_reclassification(round_trip):
    crime_id = round_trip["picked"]["accepted"]
    with opened(round_trip["db"], read_only=True) as con:
        change = con.execute("""SELECT c.crime_id, c.offence_code, c.role, c."by", r.suggested_role
                                FROM classification_changes c JOIN screening_results r USING (crime_id)""").fetchall()
    assert change == [(crime_id, "195/12", change[0][4], "DS Ames", change[0][4])]
    assert round_trip["accepted"]["change"]["offence"] == CATALOGUE.get("195/12").name


def test_accepting_never_touches_the_source_offences(round_trip):
    assert round_trip["offences_after"] == round_trip["offences_before"]


def test_offences_effective_shows_the_accepted_change_over_the_source(round_trip):
    crime_id = round_trip["picked"]["accepted"]
    with opened(round_trip["db"], read_only=True) as con:
        source = con.execute("SELECT offence_code, role FROM offences WHERE crime_id = ?", [crime_id]).fetchall()
        effective = con.execute("SELECT offence_code, role, origin FROM offences_effective WHERE crime_id = ?",
                                [crime_id]).fetchall()
        role = con.execute("SELECT role FROM classification_changes").fetchone()[0]
    kept = [(code, r, "source") for code, r in source if not (role == "principal" and r == "principal")]
    assert sorted(effective) == sorted(kept + [("195/12", role, "review")])


def test_the_accepted_flag_stays_accepted_after_screening_again(round_trip):
    crime_id = round_trip["picked"]["accepted"]
    assert (round_trip["after_review"][crime_id]["status"], round_trip["after_rerun"][crime_id]["status"]) == (
        "accepted", "accepted")


def test_a_rejected_flag_is_not_new_when_screening_finds_nothing_new(round_trip):
    crime_id = round_trip["picked"]["rejected"]
    flag = round_trip["after_new"][crime_id]
    assert (round_trip["after_rerun"][crime_id]["status"], flag["status"], flag["new_evidence"]) == (
        "rejected", "rejected", None)


def test_a_rejected_flag_is_new_again_when_a_new_linked_crime_arrives_and_names_it(round_trip):
    crime_id = round_trip["picked"]["rejected_then_new"]
    before, after = round_trip["after_rerun"][crime_id], round_trip["after_new"][crime_id]
    assert (before["status"], after["status"], after["new_evidence"]) == ("rejected", "new", [f"crime:{NEW_CRIME}"])


def test_the_later_crime_is_itself_screened_and_flagged_through_the_course_of_conduct(round_trip):
    flag = round_trip["after_new"].get(NEW_CRIME)
    linked = [e["crime_id"] for r in flag["reasons"] if r["rule"] == "conduct.dyad" for e in r["evidence"]]
    assert round_trip["picked"]["rejected_then_new"] in linked


def test_the_review_keeps_who_when_why_and_the_evidence_seen(round_trip):
    crime_id = round_trip["picked"]["rejected"]
    with opened(round_trip["db"], read_only=True) as con:
        row = con.execute("""SELECT v.decision, v.reason, v."by", v."at" > TIMESTAMP '2020-01-01',
                                    v.evidence_items = r.evidence_items
                             FROM flag_reviews v JOIN screening_results r USING (crime_id) WHERE crime_id = ?""",
                          [crime_id]).fetchone()
    assert row == ("rejected", "single dispute over a debt, not stalking", "DS Ames", True, True)


# --- decisions refused -----------------------------------------------------------------------

@pytest.fixture(scope="module")
def reviewable(screened_db, tmp_path_factory):
    return copy_store(screened_db, tmp_path_factory.mktemp("refused"))


def _one(con, where: str) -> str:
    return con.execute(f"SELECT min(crime_id) FROM screening_results WHERE {where}").fetchone()[0]


@pytest.mark.parametrize("where, message", [
    ("false", "no crime CR-NO-SUCH in the store"),
    ("NOT indicated", "is not flagged: screening did not indicate stalking on it"),
    ("stalking_recorded = 'principal'", "already records stalking (principal offence): there is no flag to review"),
])
def test_a_decision_on_a_crime_that_is_not_a_flag_is_refused(reviewable, where, message):
    with opened(reviewable) as con:
        crime_id = _one(con, where)
        with pytest.raises(StalkscreenError, match=message.replace("(", r"\(").replace(")", r"\)")):
            review.decide(con, CATALOGUE, crime_id or "CR-NO-SUCH", True, "why", "me")


def test_a_decision_without_a_reason_is_refused(reviewable):
    with opened(reviewable) as con:
        crime_id = _one(con, "indicated AND stalking_recorded IS NULL "
                             "AND NOT list_contains(evidence_items, 'rule:conduct.ex_partner')")
        with pytest.raises(StalkscreenError, match=r"^a decision needs a reason \(--reason\)$"):
            review.decide(con, CATALOGUE, crime_id, False, "  ", "me")


def test_rejecting_an_ex_partner_flag_without_a_reason_asks_why_it_is_harassment_in_law_only(reviewable):
    with opened(reviewable) as con:
        crime_id = _one(con, "indicated AND stalking_recorded IS NULL "
                             "AND list_contains(evidence_items, 'rule:conduct.ex_partner')")
        with pytest.raises(StalkscreenError, match="why it is harassment in law only") as caught:
            review.decide(con, CATALOGUE, crime_id, False, "", "me")
    assert "April 2020" in caught.value.message


def test_a_refused_decision_stores_nothing(reviewable):
    with opened(reviewable, read_only=True) as con:
        assert con.execute("SELECT count(*) FROM flag_reviews").fetchone()[0] == 0


def test_a_later_decision_replaces_the_earlier_one(screened_db, tmp_path):
    db = copy_store(screened_db, tmp_path)
    with opened(db) as con:
        crime_id = _one(con, "indicated AND stalking_recorded IS NULL")
        review.decide(con, CATALOGUE, crime_id, True, "looked like stalking", "A")
        review.decide(con, CATALOGUE, crime_id, False, "on second look, a one-off", "B")
        status = {f["crime_id"]: f["status"] for f in review.flags(con)}[crime_id]
        effective = con.execute("SELECT count(*) FROM offences_effective WHERE origin = 'review'").fetchone()[0]
    assert (status, effective) == ("rejected", 0)


def test_the_decision_time_is_today(screened_db, tmp_path):
    db = copy_store(screened_db, tmp_path)
    with opened(db) as con:
        crime_id = _one(con, "indicated AND stalking_recorded IS NULL")
        review.decide(con, CATALOGUE, crime_id, True, "yes", "A")
        at = con.execute('SELECT "at" FROM flag_reviews').fetchone()[0]
    assert at.date() == dt.date.today()
