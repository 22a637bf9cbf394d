"""A harm run is written whole or not at all; running again adds a run; old runs are pruned."""

from __future__ import annotations

import json

import pytest

from stalkscreen import store
from stalkscreen.harm import run as harm_run
from stalkscreen.harm import scores

from .handmade import AS_OF, CATALOGUE, Crime, Force, spec, write

FORCE = Force().add(Crime("C1", 0, "195/12", suspects=("S1",), victims=("V1",)),
                    Crime("C2", 40, "SSVI-02", suspects=("S1",), victims=("V2",)),
                    Crime("C3", 10, "SSCD-03", suspects=("S2",), victims=("V1",)))


class Killed(BaseException):
    """Stands for the process being stopped part-way (Ctrl-C, a kill)."""


@pytest.fixture
def con():
    con = store.connect(":memory:")
    write(con, FORCE)
    return con


def snapshot(con) -> list:
    return con.execute("SELECT * EXCLUDE (computed_at, harm_run_id) FROM harm_scores ORDER BY ALL").fetchall()


def test_latest_run_is_none_before_any_run(con):
    assert scores.latest_run(con) is None


def test_a_run_stopped_part_way_leaves_the_previous_run_whole(con):
    harm_run.run(con, spec(), CATALOGUE, AS_OF)
    before = (snapshot(con), con.execute("SELECT count(*) FROM harm_score_crimes").fetchone()[0])

    def stop_at_scores(step: str) -> None:
        if step == "harm: scores":
            raise Killed()

    with pytest.raises(Killed):
        harm_run.run(con, spec(), CATALOGUE, AS_OF, on_step=stop_at_scores)
    assert scores.latest_run(con) == 1
    assert (snapshot(con), con.execute("SELECT count(*) FROM harm_score_crimes").fetchone()[0]) == before
    assert con.execute("SELECT count(*) FROM harm_runs").fetchone()[0] == 1


def test_running_again_adds_a_run_with_the_same_scores(con):
    harm_run.run(con, spec(), CATALOGUE, AS_OF)
    first = snapshot(con)
    report = harm_run.run(con, spec(), CATALOGUE, AS_OF)
    assert (report.run_id, scores.latest_run(con)) == (2, 2)
    latest = con.execute("SELECT * EXCLUDE (computed_at, harm_run_id) FROM harm_scores WHERE harm_run_id = 2 "
                         "ORDER BY ALL").fetchall()
    assert latest == first


def test_only_the_latest_three_runs_keep_their_scores(con):
    for _ in range(4):
        harm_run.run(con, spec(), CATALOGUE, AS_OF)
    kept = con.execute("SELECT DISTINCT harm_run_id FROM harm_score_crimes ORDER BY 1").fetchall()
    assert kept == [(2,), (3,), (4,)]
    assert [r["harm_run_id"] for r in scores.runs(con)] == [4, 3, 2, 1]


def test_run_records_its_versions_and_parameters(con):
    harm_run.run(con, spec(), CATALOGUE, AS_OF)
    run = scores.choose_run(con)
    assert (run["as_of"], run["spec_version"], run["index_version"], run["people"], run["dyads"]) == (
        AS_OF, "2026.11-1", "2026.11-1", 2, 3)
    saved = json.loads(con.execute("SELECT spec FROM harm_runs").fetchone()[0])
    assert saved["half_life_days"] == 365.0 and saved["index"]["entries"]["195/12"]["days"] == 10.0
