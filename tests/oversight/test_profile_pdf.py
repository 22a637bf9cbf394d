"""The problem profile as PDF and HTML on a synthetic force: the figures printed in the PDF (read
back with pypdf) equal those worked out with plain SQL over the store."""

import csv
import datetime as dt
import re

import pypdf
import pytest

from stalkscreen import store
from stalkscreen.oversight import national, profile

from national_support import POPULATION, RECORDED
from profile_support import PERIOD, STALKING_IN_PERIOD, expected_months
from support import query, run_cli, synthetic_store


@pytest.fixture(scope="module")
def force(tmp_path_factory):
    folder = tmp_path_factory.mktemp("profile")
    db = synthetic_store(folder)
    con = store.connect(db)
    national.import_file(con, RECORDED)
    national.import_file(con, POPULATION)
    con.close()
    return folder, db


@pytest.fixture(scope="module")
def pdf(force):
    """The PDF for a 12-month period, with the national picture for a fixture force, and its text."""
    folder, db = force
    out = folder / "report" / "profile.pdf"
    con = store.connect(db, read_only=True)
    try:
        made = profile.build(con, profile.Options(dt.date.fromisoformat(PERIOD[0]), dt.date.fromisoformat(PERIOD[1]),
                                                  force_name="Northshire", similar_forces=("Southshire",)))
    finally:
        con.close()
    profile.write(made, out)
    return out, "\n".join(page.extract_text() for page in pypdf.PdfReader(out).pages)


def lines(text):
    return {re.sub(r"\s+", " ", line).strip() for line in text.splitlines()}


def test_the_pdf_has_every_month_of_stalking_split_into_principal_and_included(force, pdf):
    _, db = force
    printed = lines(pdf[1])
    missing = [m for m in expected_months(db) if f"{m[0]} {m[1]:,} {m[2]:,} {m[3]:,}" not in printed]
    assert missing == []


def test_the_pdf_total_of_stalking_crimes_by_classification_equals_the_store(force, pdf):
    _, db = force
    principal, included, total = query(db, f"""
        SELECT count(*) FILTER (WHERE offence_code IN ('195/12', '8/65', '8/66')),
               count(*) FILTER (WHERE offence_code NOT IN ('195/12', '8/65', '8/66')), count(*)
        FROM ({STALKING_IN_PERIOD})""")[0]
    assert f"8Q Stalking {principal:,} {included:,} {total:,}" in lines(pdf[1])


def test_the_pdf_counts_ex_partner_stalking_as_the_store_does(force, pdf):
    _, db = force
    ex, total = query(db, f"""
        SELECT count(DISTINCT s.crime_id) FILTER (WHERE p.relationship = 'ex_partner'), count(DISTINCT s.crime_id)
        FROM ({STALKING_IN_PERIOD}) s LEFT JOIN person_records p ON p.crime_id = s.crime_id AND p.role = 'suspect'""")[0]
    assert f"Ex-intimate partner {ex:,} {100 * ex / total:.1f}%" in lines(pdf[1])


def test_the_pdf_charge_rate_equals_the_store(force, pdf):
    _, db = force
    charged, decided = query(db, f"""
        SELECT count(*) FILTER (WHERE outcome LIKE '1 %'), count(outcome) FROM ({STALKING_IN_PERIOD})""")[0]
    assert f"charged or summonsed {charged:,} {decided:,} {100 * charged / decided:.1f}%" in lines(pdf[1])


def test_the_pdf_victims_count_equals_victim_records_on_stalking_crimes(force, pdf):
    _, db = force
    victims = query(db, f"SELECT count(DISTINCT p.person_record_id) FROM ({STALKING_IN_PERIOD}) s "
                        f"JOIN person_records p ON p.crime_id = s.crime_id AND p.role = 'victim'")[0][0]
    assert f"victims {victims:,}" in lines(pdf[1])


def test_the_pdf_says_screening_has_not_been_run_instead_of_zero(pdf):
    assert "screening has not been run" in pdf[1]


def test_the_pdf_says_people_are_not_linked_and_counted_per_record(pdf):
    assert "people not linked yet: counted per person record" in " ".join(pdf[1].split())


def test_the_pdf_shows_the_force_stalking_rate_from_the_national_fixtures(pdf):
    # Northshire 2024/25: 100 stalking offences / 400,000 people = 0.25; all five codes 440 -> 1.10
    assert "2024/25 Northshire 100 0.25 440 1.10 4" in lines(pdf[1])


def test_the_pdf_shows_england_and_wales_without_british_transport_police(pdf):
    # 620 stalking offences / 2,000,000 = 0.31; 2,440 stalking and harassment = 1.22
    assert "2024/25 England and Wales 620 0.31 2,440 1.22 4" in " ".join(pdf[1].split())


def test_each_chart_has_its_data_as_csv_beside_the_report(force, pdf):
    out, _ = pdf
    with open(out.with_name("profile-stalking_by_month.csv"), newline="") as handle:
        rows = [(r["month"], int(r["principal"]), int(r["included_only"]), int(r["total"]))
                for r in csv.DictReader(handle) if r["total"] != "0"]
    assert rows == expected_months(force[1])


def test_the_cli_writes_html_with_every_chart_inline_and_nothing_fetched(force, monkeypatch, capsys):
    folder, db = force
    out = folder / "cli" / "profile.html"
    code, _, _ = run_cli(monkeypatch, capsys, "--db", db, "profile", "--from", PERIOD[0], "--to", PERIOD[1],
                         "--out", out, "--force-name", "Northshire")
    page = out.read_text()
    external = [u for u in re.findall(r"""(?:src|href)=["']([^"']+)""", page)]
    assert (code, page.count("<svg") >= 9, external) == (0, True, [])


def test_a_report_that_is_neither_html_nor_pdf_is_refused_before_any_work(force, monkeypatch, capsys):
    _, db = force
    code, _, err = run_cli(monkeypatch, capsys, "--db", db, "profile", "--from", PERIOD[0], "--to", PERIOD[1],
                           "--out", "profile.docx")
    assert (code, err.splitlines()[0]) == (2, "error: --out profile.docx: a profile is written as .html or .pdf")


def test_a_period_that_ends_before_it_starts_is_refused(force, monkeypatch, capsys):
    _, db = force
    code, _, err = run_cli(monkeypatch, capsys, "--db", db, "profile", "--from", "2026-01-01", "--to", "2025-01-01",
                           "--out", force[0] / "x.html")
    assert (code, err.splitlines()[0]) == (2, "error: --to 2025-01-01 is before --from 2026-01-01")
