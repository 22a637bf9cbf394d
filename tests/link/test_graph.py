"""Clustering scored pairs into people, with the guards against over-merging, on hand-built pairs."""

from __future__ import annotations

import dataclasses

import pytest

from stalkscreen.link import graph

from .conftest import opened, partition, settings


@pytest.fixture
def cluster(tmp_path):
    """recluster over hand-made link_records {id: dob} and link_pairs [(a, b, p)]: id -> (person, status, reason)."""

    def build(dobs: dict[str, str | None], pairs: list[tuple[str, str, float]], chosen=None,
              decisions: list[tuple[str, str, str]] = ()):
        with opened(tmp_path / "s.duckdb") as con:
            for record_id, dob in dobs.items():
                con.execute("INSERT INTO link_records (person_record_id, fingerprint, dob, link_run_id) "
                            "VALUES (?, md5(?), ?, 1)", [record_id, record_id, dob])
            for a, b, p in pairs:
                low, high = sorted([a, b])
                con.execute("INSERT INTO link_pairs VALUES (?, ?, 0.0, ?, [], [], 1, 1)", [low, high, p])
            for a, b, decision in decisions:
                low, high = sorted([a, b])
                con.execute("INSERT INTO link_decisions VALUES (?, ?, ?, 'PC Example', 'checked', "
                            "current_localtimestamp())", [low, high, decision])
            counts = graph.recluster(con, chosen or settings(), 1)
            people = {r[0]: r[1:] for r in con.execute(
                "SELECT person_record_id, person_id, status, reason FROM people").fetchall()}
            return people, partition(con), counts

    return build


def test_pairs_at_or_above_the_threshold_join_and_below_do_not(cluster):
    threshold = settings().threshold
    _, people, _ = cluster({"A": "1980-05-06", "B": "1980-05-06", "C": "1980-05-06"},
                           [("A", "B", threshold), ("B", "C", threshold - 1e-6)])
    assert people == {frozenset("AB"), frozenset("C")}


def test_links_join_transitively_into_one_person_named_by_the_lowest_record_id(cluster):
    rows, people, _ = cluster({"D": None, "B": None, "C": None, "A": None},
                              [("D", "C", 0.99), ("C", "B", 0.97), ("B", "A", 0.98)])
    assert (people, {r[0] for r in rows.values()}) == ({frozenset("ABCD")}, {"A"})


def test_a_record_with_no_links_is_a_single_person_with_no_probability(cluster, tmp_path):
    rows, _, _ = cluster({"A": None, "B": None}, [])
    with opened(tmp_path / "s.duckdb", read_only=True) as con:
        probability = con.execute("SELECT match_probability FROM people WHERE person_record_id = 'A'").fetchone()
    assert (rows["A"], probability) == (("A", "single", None), (None,))


def test_a_linked_record_carries_its_strongest_link_inside_its_person(cluster, tmp_path):
    cluster({"A": None, "B": None, "C": None}, [("A", "B", 0.97), ("B", "C", 0.999)])
    with opened(tmp_path / "s.duckdb", read_only=True) as con:
        found = dict(con.execute("SELECT person_record_id, match_probability FROM people").fetchall())
    assert found == {"A": 0.97, "B": 0.999, "C": 0.999}


def test_a_chain_whose_weak_link_joins_a_different_dob_is_split_at_that_link(cluster):
    rows, people, counts = cluster({"A": "1980-05-06", "B": "1980-05-06", "C": "1975-01-01"},
                                   [("A", "B", 0.9995), ("B", "C", 0.96)])
    assert people == {frozenset("AB"), frozenset("C")}
    assert (rows["A"][1], rows["B"][1], rows["C"][1]) == ("linked", "linked", "single")
    assert (counts["clusters_split"], counts["clusters_for_review"]) == (1, 0)


def test_a_day_month_swap_of_the_dob_is_not_a_conflict(cluster):
    rows, people, counts = cluster({"A": "1980-05-06", "B": "1980-06-05"}, [("A", "B", 0.96)])
    assert (people, rows["A"][1:], counts["clusters_split"]) == ({frozenset("AB")}, ("linked", None), 0)


def test_one_dob_missing_is_not_a_conflict(cluster):
    _, people, counts = cluster({"A": "1980-05-06", "B": None}, [("A", "B", 0.96)])
    assert (people, counts["clusters_split"]) == ({frozenset("AB")}, 0)


def test_a_conflicting_dob_cluster_linked_above_the_last_split_threshold_is_kept_and_marked_review(cluster):
    strongest = max(settings().split_thresholds)
    rows, people, counts = cluster({"A": "1980-05-06", "B": "1975-01-01"}, [("A", "B", strongest + 1e-7)])
    assert people == {frozenset("AB")}
    assert (rows["A"][1:], rows["B"][1:]) == (("review", "2 different dates of birth"),
                                              ("review", "2 different dates of birth"))
    assert (counts["clusters_split"], counts["clusters_for_review"]) == (1, 1)


def test_only_the_conflicted_part_is_marked_review_after_a_split(cluster):
    strongest = max(settings().split_thresholds)
    rows, people, _ = cluster({"A": "1980-05-06", "B": "1975-01-01", "C": "1975-01-01"},
                              [("A", "B", strongest + 1e-7), ("B", "C", 0.97)])
    assert people == {frozenset("AB"), frozenset("C")}
    assert [rows[r][1] for r in "ABC"] == ["review", "review", "single"]


def _small(max_cluster_size: int):
    return dataclasses.replace(settings(), max_cluster_size=max_cluster_size)


def test_a_cluster_over_max_size_is_split_at_its_weakest_links(cluster):
    ids = {r: "1980-05-06" for r in "ABCDE"}
    chain = [("A", "B", 0.995), ("B", "C", 0.9995), ("C", "D", 0.99995), ("D", "E", 0.999995)]
    rows, people, counts = cluster(ids, chain, _small(3))
    assert people == {frozenset("A"), frozenset("B"), frozenset("CDE")}
    assert ([rows[r][1] for r in "ABCDE"], counts["clusters_for_review"]) == (
        ["single", "single", "linked", "linked", "linked"], 0)


def test_a_cluster_over_max_size_that_cannot_be_split_is_kept_and_marked_review_with_its_size(cluster):
    ids = {r: "1980-05-06" for r in "ABCDE"}
    chain = [("A", "B", 1.0), ("B", "C", 1.0), ("C", "D", 1.0), ("D", "E", 1.0)]
    rows, people, counts = cluster(ids, chain, _small(3))
    assert people == {frozenset("ABCDE")}
    assert {rows[r][1:] for r in "ABCDE"} == {("review", "5 records, more than the 3 allowed")}
    assert counts["clusters_for_review"] == 1


def test_a_pair_decided_different_is_not_an_edge(cluster):
    _, people, _ = cluster({"A": None, "B": None}, [("A", "B", 0.999999)], decisions=[("B", "A", "different")])
    assert people == {frozenset("A"), frozenset("B")}


def test_records_decided_different_but_joined_through_a_third_are_split_at_the_weaker_link(cluster):
    _, people, _ = cluster({"A": None, "B": None, "C": None}, [("A", "C", 0.9999), ("B", "C", 0.96)],
                           decisions=[("A", "B", "different")])
    assert people == {frozenset("AC"), frozenset("B")}


def test_a_pair_decided_same_is_joined_without_any_scored_pair(cluster):
    rows, people, _ = cluster({"A": "1980-05-06", "B": None}, [], decisions=[("A", "B", "same")])
    assert (people, rows["B"][:2]) == ({frozenset("AB")}, ("A", "linked"))


def test_an_unusable_record_is_its_own_person_with_its_reason(tmp_path):
    with opened(tmp_path / "s.duckdb") as con:
        con.execute("INSERT INTO link_records (person_record_id, fingerprint, unusable_reason, link_run_id) "
                    "VALUES ('A', 'x', 'no usable identifiers', 1)")
        graph.recluster(con, settings(), 1)
        assert con.execute("SELECT person_id, status, reason FROM people").fetchall() == [
            ("A", "unusable", "no usable identifiers")]
