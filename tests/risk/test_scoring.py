"""Level rules: the count of "yes" answers, the level it suggests, and the lower-than-suggested flag."""

from __future__ import annotations

import pytest

from stalkscreen.risk import scoring


def _dash_score(bank, yes: int, level: str = "standard") -> scoring.Score:
    dash = bank.instruments[("DASH", "2009")]
    answers = {f"q{i}": "yes" if i <= yes else "no" for i in range(1, 25)}
    return scoring.score(dash, answers, level, bank.levels)


@pytest.mark.parametrize("yes, suggested", [(0, "standard"), (1, "standard"), (9, "standard"), (10, "medium"),
                                            (13, "medium"), (14, "high"), (24, "high")])
def test_dash_suggested_level_follows_the_count_of_yes(bank, yes, suggested):
    assert _dash_score(bank, yes).suggested_level == suggested


def test_dash_counts_yes_no_and_not_known_separately(bank):
    dash = bank.instruments[("DASH", "2009")]
    answers = {f"q{i}": "yes" if i <= 5 else "not_known" if i <= 8 else "no" for i in range(1, 25)}
    s = scoring.score(dash, answers, "standard", bank.levels)
    assert (s.yes, s.not_known, s.no) == (5, 3, 16)


def test_assessor_below_the_suggestion_is_flagged(bank):
    assert _dash_score(bank, 14, "medium").lower_than_suggested is True


def test_assessor_at_the_suggestion_is_not_flagged(bank):
    assert _dash_score(bank, 14, "high").lower_than_suggested is False


def test_assessor_above_the_suggestion_is_not_flagged(bank):
    assert _dash_score(bank, 3, "high").lower_than_suggested is False


def test_sdash_suggests_no_level_however_many_yes(bank):
    sdash = bank.instruments[("S-DASH", "2009")]
    s = scoring.score(sdash, {i.id: "yes" for i in sdash.items}, "standard", bank.levels)
    assert (s.yes, s.suggested_level, s.lower_than_suggested) == (11, None, False)


@pytest.mark.parametrize("written, meant", [("Yes", "yes"), (" NO ", "no"), ("not known", "not_known"),
                                            ("Not_Known", "not_known"), ("not-known", "not_known")])
def test_answers_are_read_in_any_case_and_spelling_of_not_known(written, meant):
    assert scoring.normalise_answer(written) == meant


@pytest.mark.parametrize("written", [True, 1, "maybe", "y", None])
def test_anything_else_is_not_an_answer(written):
    assert scoring.normalise_answer(written) is None
