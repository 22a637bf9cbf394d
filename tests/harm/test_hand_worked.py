"""Small forces whose scores are worked out by hand, with the shipped specification:
half-life 365 days, score window 1,095 days, frequency window 365 days and weight 0.5, victim
weight 0.5, repeat weight 0.5, stalking and breach uplift 10, incidents 1 day, unknown codes 1 day.

    score = gravity × recency × frequency_factor × victimisation
          = Σ(gravity_days × 0.5^(age/365)) × (1 + 0.5 ln(1 + F)) × (1 + 0.5 ln V + 0.5 ln(1 + R))
"""

from __future__ import annotations

from math import isclose, log

import pytest

from stalkscreen import store
from stalkscreen.harm import run as harm_run

from .handmade import AS_OF, CATALOGUE, Crime, Force, accept_reclassification, crimes_of, score, scored, spec, write

REL = 1e-12


@pytest.fixture(scope="module")
def con():
    force = Force().add(
        # S1: stalking today and an ABH a year ago, both against V1.
        Crime("C1", 0, "195/12", suspects=("S1",), victims=("V1",)),
        Crime("C2", 365, "SSVI-02", suspects=("S1",), victims=("V1",)),
        # S2: harassment with stalking included (the gravest offence sets the gravity), an incident,
        # a local code the index lacks, and a theft older than the window.
        Crime("C3", 180, "SS8L-01", suspects=("S2",), victims=("V2",), included=("8/66",)),
        Crime("C4", 30, "SS8L-01", suspects=("S2",), victims=("V2",), record_type="incident"),
        Crime("C5", 1, "LOCAL-9", suspects=("S2",), victims=("V4",)),
        Crime("C6", 1200, "SSTH-01", suspects=("S2",), victims=("V3",)),
    )
    return scored(force)


def test_s1_score_by_hand(con):
    # C1: 195/12 = 10 days × uplift 10 = 100 days, age 0, weight 1        → 100
    # C2: SSVI-02 = 365 days × 1, age 365, weight 0.5                     → 182.5
    # gravity 465; weighted 282.5; recency 282.5 / 465
    # F = 1 (C2 is 365 days old, outside the 365-day frequency window): factor 1 + 0.5 ln 2
    # one victim (V1) on two crimes, so one repeat victim: 1 + 0.5 ln 1 + 0.5 ln 2
    s = score(con, "S1")
    assert s["gravity"] == 465.0
    assert isclose(s["recency"], 282.5 / 465, rel_tol=REL)
    assert s["frequency"] == 1 and isclose(s["frequency_factor"], 1 + 0.5 * log(2), rel_tol=REL)
    assert (s["victims"], s["repeat_victims"]) == (1, 1)
    assert isclose(s["victimisation"], 1 + 0.5 * log(2), rel_tol=REL)
    assert isclose(s["score"], 282.5 * (1 + 0.5 * log(2)) ** 2, rel_tol=REL)  # = 512.246...


def test_s2_score_by_hand(con):
    # C3: the included 8/66 (10 × 10 = 100) outweighs harassment SS8L-01 (10); age 180
    # C4: an incident counts 1 day; age 30.   C5: LOCAL-9 is not in the index: 1 day; age 1
    # C6: 1,200 days old, outside the 1,095-day window: not scored
    weighted = 100 * 0.5 ** (180 / 365) + 1 * 0.5 ** (30 / 365) + 1 * 0.5 ** (1 / 365)
    # F = 3 → 1 + 0.5 ln 4; victims V2 (C3, C4: a repeat) and V4 → 1 + 0.5 ln 2 + 0.5 ln 2
    s = score(con, "S2")
    assert (s["gravity"], s["crimes"], s["frequency"]) == (102.0, 3, 3)
    assert isclose(s["recency"], weighted / 102, rel_tol=REL)
    assert isclose(s["victimisation"], 1 + log(2), rel_tol=REL)
    assert isclose(s["score"], weighted * (1 + 0.5 * log(4)) * (1 + log(2)), rel_tol=REL)  # = 209.244...


def test_breakdown_names_the_offence_weights_and_basis(con):
    rows = crimes_of(con, "S2")
    assert set(rows) == {"C3", "C4", "C5"}
    assert (rows["C3"]["offence_code"], rows["C3"]["cchi_days"], rows["C3"]["uplift"], rows["C3"]["gravity_days"],
            rows["C3"]["gravity_basis"]) == ("8/66", 10.0, 10.0, 100.0, "estimate")
    assert (rows["C4"]["gravity_days"], rows["C4"]["gravity_basis"], rows["C4"]["cchi_days"]) == (1.0, "incident", None)
    assert (rows["C5"]["gravity_days"], rows["C5"]["gravity_basis"]) == (1.0, "default")
    assert isclose(rows["C3"]["weight_recency"], 0.5 ** (180 / 365), rel_tol=REL)


def test_contributions_add_up_to_the_score(con):
    for subject in ("S1", "S2"):
        total = sum(r["contribution"] for r in crimes_of(con, subject).values())
        assert isclose(total, score(con, subject)["score"], rel_tol=1e-12)


def test_dyad_scores_its_own_crimes_with_one_victim(con):
    # S2>V2 has C3 and C4 only: weighted 100 × 0.5^(180/365) + 0.5^(30/365); F = 2;
    # one victim on two crimes: 1 + 0.5 ln 1 + 0.5 ln 2
    weighted = 100 * 0.5 ** (180 / 365) + 0.5 ** (30 / 365)
    d = score(con, "S2>V2", "dyad")
    assert (d["suspect_person_id"], d["victim_person_id"], d["crimes"]) == ("S2", "V2", 2)
    assert isclose(d["score"], weighted * (1 + 0.5 * log(3)) * (1 + 0.5 * log(2)), rel_tol=REL)


def test_ranks_are_per_kind_highest_first(con):
    ranks = con.execute("SELECT subject_kind, subject_id, rank FROM harm_scores ORDER BY subject_kind, rank").fetchall()
    # persons: S1 512.2 > S2 209.2; dyads: S1>V1 (512.2, as S1) > S2>V2 (150.2) > S2>V4 (1 day, age 1: 1.34)
    assert ranks == [("dyad", "S1>V1", 1), ("dyad", "S2>V2", 2), ("dyad", "S2>V4", 3),
                     ("person", "S1", 1), ("person", "S2", 2)]


def test_serial_needs_two_victims_on_two_records_within_three_years():
    force = Force().add(
        Crime("A1", 1000, "SSCD-03", suspects=("A",), victims=("V1",)),   # 1,000 days: inside 1,095
        Crime("A2", 10, "SSCD-03", suspects=("A",), victims=("V2",)),
        Crime("B1", 1100, "SSCD-03", suspects=("B",), victims=("V3",)),   # 1,100 days: outside
        Crime("B2", 10, "SSCD-03", suspects=("B",), victims=("V4",)),
        Crime("C1", 10, "SSCD-03", suspects=("C",), victims=("V5", "V6")),  # two victims, one record
        Crime("D1", 20, "SSCD-03", suspects=("D",), victims=("V7",)),       # the same victim twice
        Crime("D2", 10, "SSCD-03", suspects=("D",), victims=("V7",)),
    )
    con = scored(force)
    serial = {p: (score(con, p)["serial"], score(con, p)["serial_victims"]) for p in "ABCD"}
    assert serial == {"A": (True, 2), "B": (False, 1), "C": (False, 2), "D": (False, 1)}
    assert score(con, "A>V2", "dyad")["serial"] is True  # a dyad carries its suspect's marker


def test_accepted_reclassification_sets_the_gravity():
    # The source says s127 (10 days); an accepted flag records 8/65 stalking as principal: 10 × 10.
    con = store.connect(":memory:")
    write(con, Force().add(Crime("R1", 0, "SSCA-01", suspects=("S",), victims=("V",))))
    accept_reclassification(con, "R1", "8/65")
    harm_run.run(con, spec(), CATALOGUE, AS_OF)
    row = crimes_of(con, "S")["R1"]
    assert (row["offence_code"], row["gravity_days"], row["gravity_basis"]) == ("8/65", 100.0, "estimate")
