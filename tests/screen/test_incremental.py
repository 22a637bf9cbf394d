"""Incremental screening: load 95% of a force, link, screen; load the other 5%, link, screen again.
The result must equal a full re-screen of the same store."""

from __future__ import annotations

import pytest

from .conftest import ingest, link, opened, results, results_from_nothing, screen, split_export

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def incremental(force, tmp_path_factory) -> dict:
    folder = tmp_path_factory.mktemp("screen_incremental")
    later = split_export(force, folder / "first", folder / "second")
    db = folder / "s.duckdb"
    ingest(db, folder / "first")
    link(db)
    first = screen(db)
    ingest(db, folder / "second")
    link(db)
    second = screen(db)
    return {"db": db, "later": later, "first": first, "second": second,
            "incremental_results": results(db), "full_results": results_from_nothing(db, folder)}


def test_the_second_part_holds_about_5_percent_of_the_crimes(incremental):
    assert 60 <= len(incremental["later"]) <= 140


def test_the_second_screen_is_incremental(incremental):
    assert (incremental["first"].mode, incremental["second"].mode) == ("full", "incremental")


def test_the_second_screen_reads_the_new_crimes_narratives_and_few_others(incremental):
    with opened(incremental["db"], read_only=True) as con:
        new_in_scope = con.execute("SELECT count(*) FROM screening_results WHERE list_contains(?, crime_id)",
                                   [sorted(incremental["later"])]).fetchone()[0]
    scanned = incremental["second"].narratives_scanned
    assert new_in_scope > 20
    assert new_in_scope <= scanned <= new_in_scope + 0.05 * incremental["second"].crimes_in_scope


def test_incremental_results_equal_a_full_screen_of_the_same_store(incremental):
    assert incremental["incremental_results"] == incremental["full_results"]


def test_earlier_crimes_whose_course_of_conduct_grew_were_rewritten(incremental):
    """A crime of the first load linked to a crime of the second now names it as evidence."""
    with opened(incremental["db"], read_only=True) as con:
        grown = con.execute("""
            SELECT count(*) FROM screening_results
            WHERE NOT list_contains(?, crime_id) AND screen_run_id = ?
              AND len(list_filter(evidence_items, x -> list_contains(?, substr(x, 7)))) > 0""",
                            [sorted(incremental["later"]), incremental["second"].run_id,
                             sorted(incremental["later"])]).fetchone()[0]
    assert grown > 10
