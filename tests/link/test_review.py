"""Clerical review: the pairs nearest the threshold, field by field, with each comparison's weight."""

from __future__ import annotations

import json
import math

import pytest

from stalkscreen.link import review

from .conftest import opened, settings

pytestmark = pytest.mark.slow

SIDE_BY_SIDE = {"forename": "forename", "surname": "surname", "dob": "dob", "phone": "phone", "email": "email",
                "sex": "sex"}


@pytest.fixture(scope="module")
def offered(linked_db) -> tuple[list[dict], list[str], dict[str, dict]]:
    """(pairs offered, the model's comparison names, the person records of those pairs by id)."""
    with opened(linked_db, read_only=True) as con:
        pairs = review.pairs(con, settings(), 1000)
        model = json.loads(con.execute("SELECT model_json FROM link_models").fetchone()[0])
        ids = sorted({p[side] for p in pairs for side in ("left", "right")})
        cursor = con.execute("SELECT * FROM person_records WHERE list_contains(?, person_record_id)", [ids])
        names = [d[0] for d in cursor.description]
        records = {row[0]: dict(zip(names, row)) for row in cursor.fetchall()}
    return pairs, [c["output_column_name"] for c in model["comparisons"]], records


def _logit(p: float) -> float:
    return math.log(p / (1 - p))


def _exact(con) -> dict[tuple[str, str], float]:
    return {(l, r): p for l, r, p in con.execute(
        "SELECT person_record_id_l, person_record_id_r, match_probability FROM link_pairs").fetchall()}


def test_review_offers_some_pairs_on_the_synthetic_force(offered):
    assert len(offered[0]) >= 10


def test_every_pair_offered_lies_within_review_from_and_review_to(offered, linked_db):
    chosen = settings()
    with opened(linked_db, read_only=True) as con:
        exact = _exact(con)
    assert all(chosen.review_from <= exact[p["left"], p["right"]] <= chosen.review_to for p in offered[0])


def test_review_offers_every_undecided_pair_in_the_band(offered, linked_db):
    chosen = settings()
    with opened(linked_db, read_only=True) as con:
        in_band = con.execute("SELECT count(*) FROM link_pairs WHERE match_probability BETWEEN ? AND ?",
                              [chosen.review_from, chosen.review_to]).fetchone()[0]
    assert len(offered[0]) == in_band


def test_pairs_are_ordered_by_closeness_to_the_threshold_on_the_log_odds_scale(offered, linked_db):
    with opened(linked_db, read_only=True) as con:
        exact = _exact(con)
    centre = _logit(settings().threshold)
    distances = [abs(_logit(exact[p["left"], p["right"]]) - centre) for p in offered[0]]
    assert distances == sorted(distances)


def test_each_pair_has_one_entry_per_model_comparison_in_model_order(offered):
    pairs, comparisons, _ = offered
    assert {tuple(c["comparison"] for c in p["comparisons"]) for p in pairs} == {tuple(comparisons)}


def test_each_comparison_shows_both_records_values_side_by_side(offered):
    pairs, _, records = offered
    wrong = []
    for p in pairs:
        for c in p["comparisons"]:
            column = SIDE_BY_SIDE.get(c["comparison"])
            if column is None:
                continue
            expected = [str(records[p[side]][column] or "") for side in ("left", "right")]
            if [c["left"], c["right"]] != expected:
                wrong.append((p["left"], p["right"], c))
    assert wrong == []


def test_the_address_comparison_shows_address_and_postcode(offered):
    pairs, _, records = offered
    first = pairs[0]
    address = next(c for c in first["comparisons"] if c["comparison"] == "address")
    left = records[first["left"]]
    assert address["left"] == f"{left['address'] or ''} / {left['postcode'] or ''}"


def test_each_comparison_has_a_level_label_and_a_numeric_weight(offered):
    entries = [c for p in offered[0] for c in p["comparisons"]]
    assert all(isinstance(c["level"], str) and c["level"] and isinstance(c["weight"], float) for c in entries)


def test_the_comparison_weights_add_up_to_the_pair_weight_less_the_prior(offered, linked_db):
    with opened(linked_db, read_only=True) as con:
        prior = json.loads(con.execute("SELECT model_json FROM link_models").fetchone()[0])[
            "probability_two_random_records_match"]
    prior_weight = math.log2(prior / (1 - prior))
    gaps = [abs(sum(c["weight"] for c in p["comparisons"]) + prior_weight - p["match_weight"]) for p in offered[0]]
    assert max(gaps) < 0.1


def test_level_labels_count_down_from_the_strongest_level_with_minus_one_for_missing(linked_db):
    with opened(linked_db, read_only=True) as con:
        model = json.loads(con.execute("SELECT model_json FROM link_models").fetchone()[0])
    labels = review.level_labels(model)
    dob = labels[[c["output_column_name"] for c in model["comparisons"]].index("dob")]
    assert dob == {-1: "missing on one side", 3: "Exact match on dob", 2: "Day and month swapped",
                   1: "Same year only", 0: "All other comparisons"}
