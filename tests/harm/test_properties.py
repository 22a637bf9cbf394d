"""Properties of the score over generated forces: adding a crime never lowers a person's score,
and a more recent crime weighs more than an older identical one."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from .handmade import Crime, Force, crimes_of, score, scored

CODES = ["195/12", "8/66", "SS8L-01", "SSBR-02", "SSVI-01", "SSVI-02", "SSCD-03", "125/12", "SSSX-01", "LOCAL-9"]
VICTIMS = ["V1", "V2", "V3", "V4"]
AGES = st.integers(min_value=0, max_value=1300)  # beyond the 1,095-day window too

crime = st.builds(lambda age, code, victims, kind: (age, code, tuple(victims), kind),
                  AGES, st.sampled_from(CODES), st.lists(st.sampled_from(VICTIMS), max_size=2, unique=True),
                  st.sampled_from(["crime", "incident"]))


def force_of(items) -> Force:
    return Force().add(*[Crime(f"K{i}", age, code, suspects=("S",), victims=victims, record_type=kind)
                         for i, (age, code, victims, kind) in enumerate(items)])


def person_score(items) -> float:
    found = score(scored(force_of(items)), "S") if items else None
    return found["score"] if found else 0.0


@settings(max_examples=30, deadline=None)
@given(st.lists(crime, max_size=6), crime)
def test_adding_a_crime_never_lowers_a_persons_score(base, extra):
    before = person_score(base)
    after = person_score([*base, extra])
    assert after >= before * (1 - 1e-12)


@settings(max_examples=30, deadline=None)
@given(st.integers(min_value=0, max_value=1093), st.integers(min_value=1, max_value=1094),
       st.sampled_from(CODES), st.sampled_from(["crime", "incident"]))
def test_a_more_recent_crime_weighs_more_than_an_older_identical_one(recent, gap, code, kind):
    older = min(recent + gap, 1094)  # both inside the 1,095-day window, older > recent
    force = Force().add(Crime("NEW", recent, code, suspects=("A",), victims=("VA",), record_type=kind),
                        Crime("OLD", older, code, suspects=("B",), victims=("VB",), record_type=kind),
                        Crime("N2", recent, code, suspects=("C",), victims=("VC",), record_type=kind),
                        Crime("O2", older, code, suspects=("C",), victims=("VC",), record_type=kind))
    con = scored(force)
    # between two people, each with one crime; and within one person's breakdown
    assert score(con, "A")["score"] > score(con, "B")["score"]
    mine = crimes_of(con, "C")
    assert mine["N2"]["contribution"] > mine["O2"]["contribution"]
