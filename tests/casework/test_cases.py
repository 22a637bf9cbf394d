"""Open stalking cases without an investigation or multi-agency item after N days (handmade.py):
open and due on 31 Oct 2026 are C1, C2 and C3 (C6 is too recent; C7, C9-C12 are finalised)."""

from __future__ import annotations

import json

import pytest

from stalkscreen import store
from stalkscreen.casework import cases, rules as casework_rules
from stalkscreen.errors import StalkscreenError
from stalkscreen.reference import offences

from .handmade import AS_OF, build


@pytest.fixture(scope="module")
def con(tmp_path_factory):
    con = store.connect(build(tmp_path_factory.mktemp("cases") / "store.duckdb"), read_only=True)
    yield con
    con.close()


def missing(con, item, **kwargs):
    figure, rows = cases.missing(con, casework_rules.load(), offences.load(), item, AS_OF, **kwargs)
    return figure, [r["crime_id"] for r in rows]


def test_open_cases_without_an_arrest_are_listed(con):
    assert missing(con, "arrest")[1] == ["C2", "C3"]


def test_any_of_masip_marac_or_mappa_is_a_multi_agency_referral(con):
    assert missing(con, "multi_agency_referral")[1] == ["C1", "C3"]


def test_the_figure_is_the_open_cases_due_less_the_list_over_the_cases_due(con):
    figure, rows = missing(con, "arrest")
    assert (figure["numerator"], figure["denominator"], figure["exceptions"], len(rows)) == (1, 3, 2, 2)


def test_fewer_days_bring_a_recent_case_in(con):
    assert missing(con, "arrest", days=5)[1] == ["C2", "C3", "C6"]


def test_a_team_limits_the_list_to_its_cases(con):
    assert missing(con, "multi_agency_referral", team="CID")[1] == ["C1"]


def test_an_unknown_item_is_refused_naming_the_items(con):
    with pytest.raises(StalkscreenError, match="--missing 'mapa': not a case item"):
        missing(con, "mapa")


def test_the_command_lists_the_cases_as_json(tmp_path, cli):
    db = build(tmp_path / "store.duckdb")
    code, out, _ = cli("--db", db, "cases", "--missing", "victim_statement", "--as-of", "2026-10-31", "--format", "json")
    assert (code, [r["crime_id"] for r in json.loads(out)]) == (0, ["C1", "C2", "C3"])


def test_the_command_without_an_item_gives_one_figure_per_item(tmp_path, cli):
    db = build(tmp_path / "store.duckdb")
    code, out, _ = cli("--db", db, "cases", "--as-of", "2026-10-31", "--format", "json")
    assert (code, [r["measure"] for r in json.loads(out)]) == (0, [i.id for i in casework_rules.load().case_items])
