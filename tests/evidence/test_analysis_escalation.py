"""Escalation (the documented test in evidence/escalation.py), new channels and new third parties."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pytest

from stalkscreen.evidence import analysis
from stalkscreen.evidence.escalation import poisson_upper_tail
from stalkscreen.evidence.findings import Parameters

from .handmade import CRIME, PEOPLE, PHONES, contacts, daily_messages, messages, new_store, party

FIRST = dt.date(2026, 1, 5)
RISE = FIRST + dt.timedelta(days=60)


def _escalations(con, **settings) -> list[dict]:
    return analysis.report(con, CRIME, Parameters(**settings)).escalations


def _series(tmp_path, counts: list[int]):
    con = new_store(tmp_path)
    contacts(con, "S1", messages(daily_messages(FIRST, counts)))
    return con


def test_the_poisson_tail_of_zero_is_certain():
    assert poisson_upper_tail(0, 2.5) == 1.0


def test_the_poisson_tail_of_one_is_one_minus_the_chance_of_none():
    assert poisson_upper_tail(1, 2.5) == pytest.approx(1 - math.exp(-2.5), rel=1e-12)


def test_the_poisson_tail_matches_the_complement_of_the_lower_sum():
    lower = sum(math.exp(-4) * 4 ** j / math.factorial(j) for j in range(15))
    assert poisson_upper_tail(15, 4.0) == pytest.approx(1 - lower, rel=1e-9)


def test_a_tiny_poisson_tail_keeps_its_precision():
    # P(X >= 100 | 1) is about e^-1 / 100!, far below what 1 - (lower sum) can show.
    assert poisson_upper_tail(100, 1.0) == pytest.approx(math.exp(-1 - math.lgamma(101)), rel=1e-2)


def test_the_poisson_tail_below_the_mean_is_one_minus_the_lower_sum():
    lower = sum(math.exp(-1000 + j * math.log(1000) - math.lgamma(j + 1)) for j in range(990))
    assert (poisson_upper_tail(990, 1000.0), poisson_upper_tail(1, 1000.0)) == (pytest.approx(1 - lower, rel=1e-9), 1.0)


def test_a_steady_series_that_rises_escalates_once_from_the_day_it_rose(tmp_path):
    con = _series(tmp_path, [4] * 60 + [15] * 20)
    found = _escalations(con)
    assert [(e["period_from"], e["peak_contacts"]) for e in found] == [(RISE, 15)]


def test_the_period_runs_until_the_baseline_has_absorbed_the_rise(tmp_path):
    # Baseline 4, sd 0: days RISE..RISE+4 pass; at RISE+5 three 15s in the baseline lift mean + 3 sd above 15.
    (period,) = _escalations(_series(tmp_path, [4] * 60 + [15] * 20))
    assert (period["period_to"], period["days"], period["escalated_days"], period["baseline_mean"]) == \
        (RISE + dt.timedelta(days=4), 5, 5, 4.0)


def test_a_steady_series_with_poisson_noise_never_escalates(tmp_path):
    # 20 seeds x 2 rates x 120 days; a lone false day (alpha 0.001 a day) needs a second to make a period.
    series = [(seed, rate, f"VN{seed}_{rate}", f"+441632960{seed:02d}{rate}") for seed in range(20) for rate in (2, 6)]
    con = new_store(tmp_path, PEOPLE + [(victim, "victim", "Noise", victim) for _, _, victim, _ in series])
    rows = []
    for seed, rate, victim, phone in series:
        party(con, phone, victim)
        counts = np.random.default_rng(seed).poisson(rate, 120).tolist()
        rows += messages(daily_messages(FIRST, [max(counts[0], 1)] + counts[1:]), party=phone)
    contacts(con, "S1", rows)
    report = analysis.report(con, CRIME)
    assert (len(report.pairs), report.escalations) == (40, [])


def test_a_rise_before_the_minimum_history_is_not_judged(tmp_path):
    con = _series(tmp_path, [4] * 10 + [15] * 4)
    assert _escalations(con) == []


def test_a_lone_escalated_day_is_no_period_by_default(tmp_path):
    con = _series(tmp_path, [4] * 40 + [20] + [4] * 20)
    assert _escalations(con) == []


def test_a_lone_escalated_day_is_a_period_when_one_day_is_enough(tmp_path):
    con = _series(tmp_path, [4] * 40 + [20] + [4] * 20)
    assert [(e["period_from"], e["days"]) for e in _escalations(con, min_escalated_days=1)] == \
        [(FIRST + dt.timedelta(days=40), 1)]


def test_escalated_days_one_quiet_day_apart_join_one_period(tmp_path):
    con = _series(tmp_path, [4] * 60 + [15, 15, 4, 15, 15] + [4] * 10)
    assert [(e["period_from"], e["period_to"], e["escalated_days"]) for e in _escalations(con)] == \
        [(RISE, RISE + dt.timedelta(days=4), 4)]


def test_with_no_merge_gap_escalated_days_must_be_consecutive_to_join(tmp_path):
    con = _series(tmp_path, [4] * 60 + [15, 15, 4, 15, 15] + [4] * 10)
    assert [(e["period_from"], e["period_to"]) for e in _escalations(con, merge_gap_days=0)] == \
        [(RISE, RISE + dt.timedelta(days=1)), (RISE + dt.timedelta(days=3), RISE + dt.timedelta(days=4))]


def test_the_peak_is_the_busiest_day_of_the_period(tmp_path):
    con = _series(tmp_path, [4] * 60 + [15, 25, 18] + [4] * 10)
    (period,) = _escalations(con)
    assert (period["peak_day"], period["peak_contacts"]) == (RISE + dt.timedelta(days=1), 25)


def test_days_below_the_minimum_count_do_not_escalate(tmp_path):
    # From a silent baseline, 2 messages a day is below min_count 3 however unlikely it is.
    con = _series(tmp_path, [1] + [0] * 40 + [2] * 5)
    assert _escalations(con, min_count=3) == []


def test_channels_first_used_in_the_early_history_are_not_new(tmp_path):
    con = new_store(tmp_path)
    contacts(con, "S1", messages(daily_messages(FIRST, [2] * 40)) + messages(
        [dt.datetime(2026, 1, 5, 20), dt.datetime(2026, 2, 4, 20), dt.datetime(2026, 2, 5, 20)], channel="whatsapp")
        + messages([dt.datetime(2026, 1, 18, 20)], channel="call"))
    found = [(r["channel"], r["first_day"], r["contacts"]) for r in analysis.report(con, CRIME).new_channels]
    assert found == []  # whatsapp was used on day 0, call on day 13: both within the first 14 days


def test_a_channel_first_used_on_day_14_or_later_is_new(tmp_path):
    con = new_store(tmp_path)
    contacts(con, "S1", messages(daily_messages(FIRST, [2] * 40))
             + messages([dt.datetime(2026, 1, 19, 20), dt.datetime(2026, 2, 1, 20)], channel="whatsapp"))
    found = [(r["pair"], r["channel"], r["first_day"], r["contacts"]) for r in analysis.report(con, CRIME).new_channels]
    assert found == [("S1 -> V1", "whatsapp", dt.date(2026, 1, 19), 2)]


def test_a_party_the_suspect_first_contacted_after_the_early_history_is_a_new_third_party(tmp_path):
    con = new_store(tmp_path)
    contacts(con, "S1", messages(daily_messages(FIRST, [2] * 40))
             + messages([dt.datetime(2026, 1, 6, 9)], party="+447700900100")
             + messages([dt.datetime(2026, 2, 1, 9), dt.datetime(2026, 2, 2, 9)], party="W1")
             + messages([dt.datetime(2026, 2, 3, 9)], direction="incoming", party="+447700900101"))
    found = [(r["owner_person_record_id"], r["party"], r["party_person"], r["first_day"], r["contacts"], r["outgoing"])
             for r in analysis.report(con, CRIME).new_third_parties]
    assert found == [("S1", PHONES["W1"], "W1", dt.date(2026, 2, 1), 2, 2),
                     ("S1", "+447700900101", None, dt.date(2026, 2, 3), 1, 0)]
