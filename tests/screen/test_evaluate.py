"""Screening accuracy against the synthetic force's truth, counted the way a reader would."""

from __future__ import annotations

import csv

import pytest

from stalkscreen.errors import StalkscreenError
from stalkscreen.evaluate import screening
from stalkscreen.reference import offences

from .conftest import opened

pytestmark = pytest.mark.slow
STALKING_CODES = offences.load().group_codes("stalking")


@pytest.fixture(scope="module")
def measured(screened_db, force) -> dict:
    with opened(screened_db, read_only=True) as con:
        return screening.measure(con, force / "truth", STALKING_CODES)


@pytest.fixture(scope="module")
def recount(screened_db, force) -> dict:
    with open(force / "truth" / "crimes.csv", newline="", encoding="utf-8") as handle:
        truth = {r["crime_id"]: r["is_stalking"] == "true" for r in csv.DictReader(handle)}
    with opened(screened_db, read_only=True) as con:
        loaded = {c for (c,) in con.execute("SELECT crime_id FROM crimes").fetchall()}
        indicated = {c for (c,) in con.execute("SELECT crime_id FROM screening_results WHERE indicated").fetchall()}
        fired = con.execute("SELECT unnest(reasons).rule, crime_id FROM screening_results").fetchall()
    counted = {c: s for c, s in truth.items() if c in loaded}
    rules: dict[str, list[bool]] = {}
    for rule, crime_id in fired:
        if crime_id in counted:
            rules.setdefault(rule, []).append(counted[crime_id])
    return {"truth": counted, "indicated": indicated & set(counted), "rules": rules}


def test_precision_and_recall_are_counted_over_crimes_in_store_and_truth(measured, recount):
    stalking = {c for c, s in recount["truth"].items() if s}
    tp = len(stalking & recount["indicated"])
    assert (measured["crimes"], measured["stalking"], measured["indicated"], measured["correct"]) == (
        len(recount["truth"]), len(stalking), len(recount["indicated"]), tp)
    assert (measured["precision"], measured["recall"]) == (round(tp / len(recount["indicated"]), 4),
                                                          round(tp / len(stalking), 4))


def test_each_rule_is_counted_on_the_crimes_where_it_fired(measured, recount):
    got = {r["rule"]: (r["fired"], r["stalking"]) for r in measured["rules"]}
    assert got == {rule: (len(v), sum(v)) for rule, v in recount["rules"].items()}


def test_the_small_force_meets_the_acceptance_figures(measured):
    assert measured["recall"] >= 0.95 and measured["precision"] >= 0.90


def test_evaluating_before_screening_says_to_screen_first(linked_db, force):
    with opened(linked_db, read_only=True) as con:
        with pytest.raises(StalkscreenError, match="no screening results in the store yet"):
            screening.measure(con, force / "truth", STALKING_CODES)
