"""`stalkscreen profile --publish`: small counts suppressed, nothing that could identify a person."""

import csv
import datetime as dt
import re

import pytest

from stalkscreen import store
from stalkscreen.oversight import profile

from profile_support import PERIOD, STALKING_IN_PERIOD
from support import query, run_cli, synthetic_store


@pytest.fixture(scope="module")
def force(tmp_path_factory):
    folder = tmp_path_factory.mktemp("publish")
    return folder, synthetic_store(folder, seed=3)


@pytest.fixture(scope="module")
def published(force):
    folder, db = force
    out = folder / "published" / "profile.html"
    con = store.connect(db, read_only=True)
    try:
        made = profile.build(con, profile.Options(*(dt.date.fromisoformat(d) for d in PERIOD), publish=True))
    finally:
        con.close()
    profile.write(made, out)
    return out


def csv_values(path):
    with open(path, newline="") as handle:
        return [v for row in csv.reader(handle) for v in row]


def test_no_crime_id_of_the_store_appears(force, published):
    ids = {r[0] for r in query(force[1], f"SELECT crime_id FROM ({STALKING_IN_PERIOD})")}
    assert [i for i in ids if i in published.read_text()] == []


def test_no_name_of_a_victim_or_suspect_appears(force, published):
    names = query(force[1], f"SELECT DISTINCT p.forename || ' ' || p.surname FROM ({STALKING_IN_PERIOD}) s "
                            f"JOIN person_records p ON p.crime_id = s.crime_id WHERE p.forename IS NOT NULL")
    page = published.read_text()
    assert [n for (n,) in names if n in page] == []


def test_no_full_postcode_appears(force, published):
    postcodes = query(force[1], f"SELECT DISTINCT postcode FROM ({STALKING_IN_PERIOD}) WHERE postcode LIKE '% %'")
    page = published.read_text()
    assert [p for (p,) in postcodes if p in page] == []


def test_no_narrative_appears(force, published):
    narratives = query(force[1], f"SELECT narrative FROM ({STALKING_IN_PERIOD}) WHERE length(narrative) > 40")
    page = published.read_text()
    assert [n for (n,) in narratives if n[:40] in page] == []


def test_the_restricted_perpetrator_annex_is_left_out(published):
    assert "Restricted:" not in published.read_text()


def test_the_published_report_is_marked_for_publication(published):
    assert "OFFICIAL: prepared for publication" in published.read_text()


def test_no_count_from_one_to_four_is_printed_in_the_chart_data(published):
    counts = [v for path in published.parent.glob("profile-*.csv") for v in csv_values(path)
              if re.fullmatch(r"[1-4]", v)]
    assert counts == []


def test_small_monthly_counts_are_shown_as_under_five(force, published):
    values = csv_values(published.with_name("profile-stalking_by_month.csv"))
    assert "<5" in values


def test_a_share_computed_from_a_suppressed_count_is_withheld(published):
    with open(published.with_name("profile-districts.csv"), newline="") as handle:
        shares = {r["share"] for r in csv.DictReader(handle) if r["crimes"] == "<5"}
    assert shares == {"–"}


def test_the_cli_publish_option_leaves_out_the_restricted_annex(force, monkeypatch, capsys):
    folder, db = force
    out = folder / "cli" / "profile.html"
    code, _, _ = run_cli(monkeypatch, capsys, "--db", db, "profile", "--from", PERIOD[0], "--to", PERIOD[1],
                         "--out", out, "--publish")
    assert (code, "Restricted:" in out.read_text()) == (0, False)


def test_without_publish_the_cli_report_has_the_restricted_annex(force, monkeypatch, capsys):
    folder, db = force
    out = folder / "internal" / "profile.html"
    code, _, _ = run_cli(monkeypatch, capsys, "--db", db, "profile", "--from", PERIOD[0], "--to", PERIOD[1],
                         "--out", out)
    assert (code, "Restricted:" in out.read_text()) == (0, True)
