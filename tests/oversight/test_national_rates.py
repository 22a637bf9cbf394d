"""Rates per 1,000 people from the small fixtures, checked against arithmetic done by hand.

Fixture 2024/25 (prc_pfa_small.csv, quarters summed; pfa_population_mid2024.csv):
    Northshire          8Q 22+24+26+28 = 100, all five codes 440;  population   400,000
    Southshire          8Q 120, all five 600;                      population   600,000
    Devon and Eastmoor  8Q 400, all five 1,400;                    population 1,000,000 (ONS: "Devon & Eastmoor")
    British Transport Police 8Q 28: no population, so not part of England and Wales.
"""

import json

import pytest

from stalkscreen import store
from stalkscreen.errors import StalkscreenError
from stalkscreen.oversight import national
from stalkscreen.oversight.national import rates

from national_support import POPULATION, RECORDED
from support import run_cli

E_AND_W = rates.Area(rates.ENGLAND_AND_WALES, None)


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("national") / "s.duckdb"
    con = store.connect(path)
    national.import_file(con, RECORDED)
    national.import_file(con, POPULATION)
    con.close()
    return path


@pytest.fixture
def con(db):
    connection = store.connect(db, read_only=True)
    yield connection
    connection.close()


def rate(found, area, year, code):
    return next(r for r in found if (r["area"], r["financial_year"], r["offence_code"]) == (area, year, code))


def test_a_force_stalking_rate_is_its_count_over_its_population(con):
    key, _ = rates.resolve_force(con, "Northshire", "--force-name")
    found = rates.rates(con, [rates.Area("Northshire", (key,))])
    assert rate(found, "Northshire", "2024/25", "8Q")["per_1000"] == pytest.approx(1000 * 100 / 400_000)


def test_england_and_wales_stalking_rate_leaves_out_british_transport_police(con):
    found = rates.rates(con, [E_AND_W])
    row = rate(found, rates.ENGLAND_AND_WALES, "2024/25", "8Q")
    assert (row["offences"], row["population"], row["per_1000"]) == (620, 2_000_000, pytest.approx(0.31))


def test_england_and_wales_stalking_and_harassment_rate_sums_the_five_codes(con):
    found = rates.rates(con, [E_AND_W])
    assert rate(found, rates.ENGLAND_AND_WALES, "2024/25", "all")["per_1000"] == pytest.approx(1000 * 2440 / 2_000_000)


def test_a_most_similar_group_is_counted_together(con):
    keys = tuple(rates.resolve_force(con, n, "--similar-force")[0] for n in ("Southshire", "Devon and Eastmoor"))
    found = rates.rates(con, [rates.Area(rates.SIMILAR_GROUP, keys)])
    assert rate(found, rates.SIMILAR_GROUP, "2024/25", "8Q")["per_1000"] == pytest.approx(1000 * 520 / 1_600_000)


def test_a_force_named_with_an_ampersand_matches_the_home_office_spelling(con):
    assert rates.resolve_force(con, "devon & eastmoor", "--force-name") == ("devon and eastmoor", "Devon and Eastmoor")


def test_an_unknown_force_suggests_the_nearest_names(con):
    with pytest.raises(StalkscreenError) as caught:
        rates.resolve_force(con, "Northshir", "--force-name")
    assert caught.value.hint.startswith("did you mean 'Northshire'")


def test_a_year_with_fewer_than_four_quarters_says_so(con):
    found = rates.rates(con, [E_AND_W])
    assert rate(found, rates.ENGLAND_AND_WALES, "2025/26", "8Q")["quarters"] == 1


def test_every_year_uses_the_nearest_imported_population(con):
    found = rates.rates(con, [E_AND_W])
    assert {r["population_year"] for r in found} == {2024}


def test_the_cli_prints_a_force_rate_as_json(db, monkeypatch, capsys):
    code, out, _ = run_cli(monkeypatch, capsys, "--db", db, "national", "rates", "--force-name", "Southshire",
                           "--year", "2024/25", "--code", "8Q", "--format", "json")
    assert {(r["area"], r["per_1000"]) for r in json.loads(out)} == {("England and Wales", 0.31), ("Southshire", 0.2)}
