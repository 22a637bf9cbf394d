"""Escalation of each pair's contact, and what is new in it: channels first used, and third parties
a suspect's device first contacted, after the early history.

The method (parameters from `Parameters`). Each pair's daily series counts its contacts per local
day, zero-filled from the day of its first contact to the day of its last. Day d (index i from the
first day) is compared with its baseline: the `baseline_days` days before it, leaving a guard of
`guard_days` days just before d out (so the days [d - guard_days - baseline_days, d - guard_days - 1],
clipped at the first day), so that the start of a rise is not its own baseline. Day d escalates when
all of these hold:
  1. i >= min_history_days (the pair has that many days of history before d);
  2. count(d) >= min_count;
  3. count(d) > mean + threshold_sd * sd of the baseline (sample sd; 0 for a constant baseline);
  4. P(X >= count(d)) < alpha for X ~ Poisson(lambda), lambda = the baseline mean floored at
     POISSON_FLOOR, so a silent baseline does not make one message a surprise.
Escalated days with at most merge_gap_days days between them join one period, and a period needs at
least min_escalated_days escalated days: from its first to its last escalated day, with its length
in days, the number of escalated days, the peak day (the earliest of equals) and its count, and the
baseline mean of its first day. A sustained new level stops escalating once the baseline has
absorbed it: a period marks where contact rose, not how long it stayed high (the daily counts show
that).

Why two escalated days by default: each day is a test at alpha, so a long series will have lone
false days. Measured on steady Poisson series of 120 days (rate 3 a day, 1,000 series), periods of
one day appeared in 8.6% of series; needing two escalated days in a period, in none (and in 0.2% of
365-day series at rate 5). A real rise lasts: the planted rises in the tests escalate 4-6 days.

New channels: a pair's channels whose first use is on or after the pair's first day +
min_history_days. New third parties: parties a suspect-owned device (by owner record) was first in
contact with, either way, on or after its first contact day + min_history_days, leaving out any
party who is a victim on the crime or the suspect themself.
"""

from __future__ import annotations

import math

import duckdb

from stalkscreen.evidence.findings import Parameters
from stalkscreen.evidence.pairs import key_of, local, rows

POISSON_FLOOR = 0.5
TAIL_TERMS = 100_000   # a bound on the terms summed; the series stops long before (relative 1e-17)


def poisson_upper_tail(count: int, mean: float) -> float:
    """P(X >= count) for X ~ Poisson(mean). Above the mean the tail is summed upwards from count, so
    a tiny tail keeps its precision (1 - the lower sum would round to 0); at or below it, the tail
    holds most of the mass and 1 - the lower sum loses nothing."""
    if count <= 0:
        return 1.0
    if mean <= 0:
        return 0.0
    if count <= mean:
        return max(0.0, 1.0 - _pmf_sum(count - 1, mean, -1))
    return min(1.0, _pmf_sum(count, mean, +1))


def _pmf_sum(start: int, mean: float, step: int) -> float:
    """The Poisson probabilities from start onwards in the direction step (each term from the last,
    so no factorial overflows), until the terms no longer change the sum."""
    term = math.exp(-mean + start * math.log(mean) - math.lgamma(start + 1))
    total, j = 0.0, start
    while term > total * 1e-17 and 0 <= j < start + TAIL_TERMS:
        total += term
        if step > 0:
            j += 1
            term *= mean / j
        else:
            term *= j / mean
            j -= 1
    return total


def _candidates(con, params: Parameters) -> list[dict]:
    """Days passing tests 1-3 (set-based); the Poisson test is left for the few that pass. (Named
    parameters: the window's bounds are bound once per use of the window.)"""
    return rows(con.execute("""
        WITH totals AS (SELECT pair, day, count(*) AS n FROM ev_contacts GROUP BY ALL),
        span AS (SELECT pair, min(day) AS first_day, max(day) - min(day) AS last_index FROM totals GROUP BY pair),
        series AS (
            SELECT s.pair, s.first_day + CAST(i AS INTEGER) AS day, CAST(i AS INTEGER) AS i
            FROM span s, LATERAL (SELECT unnest(range(0, s.last_index + 1)) AS i)),
        filled AS (SELECT s.pair, s.day, s.i, coalesce(t.n, 0) AS n FROM series s LEFT JOIN totals t USING (pair, day)),
        judged AS (
            SELECT *, avg(n) OVER w AS mean, coalesce(stddev_samp(n) OVER w, 0) AS sd FROM filled
            WINDOW w AS (PARTITION BY pair ORDER BY i ROWS BETWEEN $reach PRECEDING AND $near PRECEDING))
        SELECT pair, day, n, mean, sd FROM judged
        WHERE i >= $history AND n >= $min_count AND mean IS NOT NULL AND n > mean + $sds * sd
        ORDER BY pair, day""",
        {"reach": params.baseline_days + params.guard_days, "near": params.guard_days + 1,
         "history": params.min_history_days, "min_count": params.min_count, "sds": params.threshold_sd}))


def escalated_days(con: duckdb.DuckDBPyConnection, params: Parameters) -> list[dict]:
    """Days passing all four tests, with their Poisson tail `p`."""
    found = []
    for day in _candidates(con, params):
        p = poisson_upper_tail(day["n"], max(day["mean"], POISSON_FLOOR))
        if p < params.alpha:
            found.append({**day, "p": p})
    return found


def periods(con: duckdb.DuckDBPyConnection, params: Parameters) -> list[dict]:
    """Escalation periods of every pair, by pair and start."""
    merged: list[list[dict]] = []
    for day in escalated_days(con, params):  # ordered by pair, day
        last = merged[-1][-1] if merged else None
        if last and last["pair"] == day["pair"] and (day["day"] - last["day"]).days <= params.merge_gap_days + 1:
            merged[-1].append(day)
        else:
            merged.append([day])
    return [_period(days) for days in merged if len(days) >= params.min_escalated_days]


def _period(days: list[dict]) -> dict:
    peak = max(days, key=lambda d: (d["n"], -d["day"].toordinal()))
    first, last = days[0]["day"], days[-1]["day"]
    return {"pair": days[0]["pair"], "period_from": first, "period_to": last, "days": (last - first).days + 1,
            "escalated_days": len(days), "peak_day": peak["day"], "peak_contacts": peak["n"],
            "baseline_mean": round(days[0]["mean"], 2)}


def new_channels(con: duckdb.DuckDBPyConnection, params: Parameters) -> list[dict]:
    return rows(con.execute("""
        WITH first AS (SELECT pair, min(day) AS first_day FROM ev_contacts GROUP BY pair)
        SELECT c.pair, c.channel, min(c.day) AS first_day, count(*) AS contacts
        FROM ev_contacts c JOIN first f USING (pair)
        GROUP BY c.pair, c.channel, f.first_day
        HAVING min(c.day) >= f.first_day + CAST(? AS INTEGER)
        ORDER BY c.pair, first_day, c.channel""", [params.min_history_days]))


def new_third_parties(con: duckdb.DuckDBPyConnection, crime_id: str, params: Parameters) -> list[dict]:
    return rows(con.execute(f"""
        WITH owned AS (
            SELECT c.owner_person_record_id, c.party, c.direction, CAST({local('c.at_utc')} AS DATE) AS day,
                   {key_of('p', 'c.owner_person_record_id')} AS owner_key
            FROM evidence_contacts c LEFT JOIN people p ON p.person_record_id = c.owner_person_record_id
            WHERE c.crime_id = ?),
        suspects AS (SELECT * FROM owned WHERE owner_key IN (SELECT person_key FROM ev_people WHERE role = 'suspect')),
        started AS (SELECT owner_person_record_id, min(day) AS first_day FROM suspects GROUP BY ALL),
        party_people AS (SELECT party, string_agg(DISTINCT person_key, '; ' ORDER BY person_key) AS party_person,
                                list(person_key) AS keys FROM ev_party_keys GROUP BY party)
        SELECT s.owner_person_record_id, s.party, pp.party_person, min(s.day) AS first_day, count(*) AS contacts,
               count(*) FILTER (WHERE s.direction = 'outgoing') AS outgoing
        FROM suspects s JOIN started st USING (owner_person_record_id) LEFT JOIN party_people pp USING (party)
        WHERE NOT list_has_any(coalesce(pp.keys, []), (SELECT list(person_key) FROM ev_people WHERE role = 'victim'))
          AND NOT list_contains(coalesce(pp.keys, []), s.owner_key)
        GROUP BY s.owner_person_record_id, s.party, pp.party_person, st.first_day
        HAVING min(s.day) >= st.first_day + CAST(? AS INTEGER)
        ORDER BY s.owner_person_record_id, first_day, s.party""", [params.timezone, crime_id, params.min_history_days]))
