"""Clerical decisions: stored, applied at once, and respected by every later run."""

from __future__ import annotations

import pytest

from stalkscreen.errors import StalkscreenError
from stalkscreen.link import review

from .conftest import copy_store, link, opened, settings

pytestmark = pytest.mark.slow


def _person_of(con, record_id: str) -> str:
    return con.execute("SELECT person_id FROM people WHERE person_record_id = ?", [record_id]).fetchone()[0]


def _linked_pair_alone(con) -> tuple[str, str]:
    """A pair joined above the threshold that makes up a person of exactly two records."""
    return con.execute("""
        SELECT p.person_record_id_l, p.person_record_id_r FROM link_pairs p
        JOIN people a ON a.person_record_id = p.person_record_id_l
        WHERE p.match_probability >= ? AND a.person_id IN (
            SELECT person_id FROM people GROUP BY person_id HAVING count(*) = 2)
        ORDER BY p.match_probability, p.person_record_id_l LIMIT 1""", [settings().threshold]).fetchone()


@pytest.fixture(scope="module")
def kept_apart(linked_db, tmp_path_factory) -> dict:
    """A linked pair decided different, then the store linked again (incremental), then --full."""
    db = copy_store(linked_db, tmp_path_factory.mktemp("apart"))
    out = {}
    with opened(db) as con:
        left, right = _linked_pair_alone(con)
        out["before"] = (_person_of(con, left), _person_of(con, right))
        review.decide(con, settings(), right, left, same=False, by="DS Example", why="different fathers named")
        out["decided"] = (_person_of(con, left), _person_of(con, right))
    out["incremental"] = link(db)
    with opened(db, read_only=True) as con:
        out["after_incremental"] = (_person_of(con, left), _person_of(con, right))
    out["full"] = link(db, full=True)
    with opened(db, read_only=True) as con:
        out["after_full"] = (_person_of(con, left), _person_of(con, right))
        out["stored"] = con.execute('SELECT person_record_id_l, person_record_id_r, decision, "by", why '
                                    "FROM link_decisions").fetchall()
    out["pair"] = (left, right)
    return out


def test_the_chosen_pair_starts_as_one_person(kept_apart):
    first, second = kept_apart["before"]
    assert first == second


def test_deciding_a_linked_pair_different_splits_them_at_once(kept_apart):
    first, second = kept_apart["decided"]
    assert first != second


def test_a_different_decision_is_stored_once_with_the_lower_id_on_the_left_and_who_and_why(kept_apart):
    left, right = kept_apart["pair"]
    assert kept_apart["stored"] == [(left, right, "different", "DS Example", "different fathers named")]


def test_a_later_incremental_link_run_keeps_a_pair_decided_different_apart(kept_apart):
    assert kept_apart["incremental"].mode == "incremental"
    first, second = kept_apart["after_incremental"]
    assert first != second


def test_a_later_full_link_run_keeps_a_pair_decided_different_apart(kept_apart):
    assert kept_apart["full"].mode == "full"
    first, second = kept_apart["after_full"]
    assert first != second


def _split_true_person(con, truth_folder) -> tuple[str, str]:
    """Two records of one true person that linkage left in different people, with the same date of birth."""
    con.execute("CREATE OR REPLACE TEMP TABLE truth AS SELECT * FROM read_csv(?, all_varchar = true)",
                [str(truth_folder / "people.csv")])
    return con.execute("""
        SELECT a.person_record_id, b.person_record_id
        FROM truth ta JOIN truth tb ON ta.true_person_id = tb.true_person_id AND ta.person_record_id < tb.person_record_id
        JOIN people a ON a.person_record_id = ta.person_record_id
        JOIN people b ON b.person_record_id = tb.person_record_id
        JOIN link_records ra ON ra.person_record_id = a.person_record_id
        JOIN link_records rb ON rb.person_record_id = b.person_record_id
        WHERE a.person_id <> b.person_id AND a.status = 'single' AND b.status = 'single'
          AND ra.dob = rb.dob AND ra.unusable_reason IS NULL AND rb.unusable_reason IS NULL
        ORDER BY 1, 2 LIMIT 1""").fetchone()


def test_deciding_two_records_of_different_people_the_same_joins_them(linked_db, force, tmp_path):
    db = copy_store(linked_db, tmp_path)
    with opened(db) as con:
        left, right = _split_true_person(con, force / "truth")
        assert _person_of(con, left) != _person_of(con, right)
        review.decide(con, settings(), left, right, same=True, by="PC Example", why="same phone in both narratives")
        assert _person_of(con, left) == _person_of(con, right) == min(left, right)
        statuses = con.execute("SELECT DISTINCT status FROM people WHERE person_record_id IN (?, ?)",
                               [left, right]).fetchall()
    assert statuses == [("linked",)]


def test_a_pair_decided_same_stays_joined_after_a_full_link_run(linked_db, force, tmp_path):
    db = copy_store(linked_db, tmp_path)
    with opened(db) as con:
        left, right = _split_true_person(con, force / "truth")
        review.decide(con, settings(), left, right, same=True, by="PC Example", why="same phone in both narratives")
    link(db, full=True)
    with opened(db, read_only=True) as con:
        assert _person_of(con, left) == _person_of(con, right)


def test_a_decided_pair_is_no_longer_offered_for_review(linked_db, tmp_path):
    db = copy_store(linked_db, tmp_path)
    with opened(db) as con:
        first = review.pairs(con, settings(), 1)[0]
        review.decide(con, settings(), first["left"], first["right"], same=True, by="PC Example", why="checked")
        offered = {(p["left"], p["right"]) for p in review.pairs(con, settings(), 1000)}
    assert (first["left"], first["right"]) not in offered


@pytest.fixture(scope="module")
def writable(linked_db, tmp_path_factory):
    """A copy of the linked store that refused decisions may try (and fail) to change."""
    return copy_store(linked_db, tmp_path_factory.mktemp("refusals"))


def _decisions(con) -> int:
    return con.execute("SELECT count(*) FROM link_decisions").fetchone()[0]


@pytest.mark.parametrize("by, why", [("", "a reason"), ("PC Example", ""), ("   ", "a reason"), ("PC Example", "  ")])
def test_a_decision_without_who_or_why_is_refused_and_nothing_stored(writable, by, why):
    with opened(writable) as con:
        left, right = _linked_pair_alone(con)
        with pytest.raises(StalkscreenError, match=r"--by.*--why"):
            review.decide(con, settings(), left, right, same=False, by=by, why=why)
        assert _decisions(con) == 0


def test_a_decision_on_an_unknown_record_id_is_refused_naming_it_and_nothing_stored(writable):
    with opened(writable) as con:
        left, _ = _linked_pair_alone(con)
        with pytest.raises(StalkscreenError, match="no linked person record NOPE-1"):
            review.decide(con, settings(), left, "NOPE-1", same=True, by="PC Example", why="a reason")
        assert _decisions(con) == 0


def test_a_decision_on_a_record_and_itself_is_refused(writable):
    with opened(writable) as con:
        left, _ = _linked_pair_alone(con)
        with pytest.raises(StalkscreenError, match="itself"):
            review.decide(con, settings(), left, left, same=True, by="PC Example", why="a reason")
