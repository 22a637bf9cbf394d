"""Evidence for each recommendation and the progress update, on a small synthetic force with
Kent's and City of London's plans imported."""

import datetime as dt
import json
import re

import pytest
from pypdf import PdfReader

from stalkscreen import store
from stalkscreen.oversight import measures
from stalkscreen.oversight.plans import evidence, report, storage
from stalkscreen.oversight.plans.parse import parse_file

from plans_support import CITY, KENT
from support import run_cli, synthetic_store

STALKING = ["195/12", "8/65", "8/66"]  # written out here, not read from the catalogue, to check it
TODAY = dt.date(2025, 6, 1)


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = synthetic_store(tmp_path_factory.mktemp("force"), seed=11)
    con = store.connect(path)
    storage.run(con, KENT, "Kent", dt.date(2024, 11, 22))
    storage.run(con, CITY, "City of London", dt.date(2024, 11, 22))
    con.close()
    return path


@pytest.fixture(scope="module")
def con(db):
    con = store.connect(db, read_only=True)
    yield con
    con.close()


@pytest.fixture(scope="module")
def kent_rows(con):
    return {r["recommendation"]: r for r in evidence.evidence_rows(con, "Kent")}


@pytest.fixture(scope="module")
def pdf_text(db, tmp_path_factory):
    out = tmp_path_factory.mktemp("report") / "update.pdf"
    con = store.connect(db, read_only=True)
    report.write(con, "Kent", out, TODAY)
    con.close()
    return " ".join("\n".join(page.extract_text() for page in PdfReader(out).pages).split())


def test_the_synthetic_force_has_stalking_crimes_counted_the_same_way_as_by_hand(con):
    by_hand = con.execute("SELECT count(DISTINCT crime_id) FROM offences WHERE offence_code IN (SELECT unnest(?))",
                          [STALKING]).fetchone()[0]
    assert measures.stalking_crimes(con)["numerator"] == by_hand > 20


def test_7_1_figure_is_the_included_classification_count_and_search_finds_them_all(con, kent_rows):
    included = con.execute("SELECT count(DISTINCT crime_id) FROM offences WHERE role = 'included' AND offence_code IN "
                           "(SELECT unnest(?))", [STALKING]).fetchone()[0]
    total = measures.stalking_crimes(con)["numerator"]
    assert kent_rows["7.1"]["figure"] == f"{included} of {total} ({included / total:.1%}); search finds {included} of {included}"


def test_12_1_figure_is_risk_assessment_completion(con, kent_rows):
    expected = measures.risk_assessment_completion(con)
    assert (kent_rows["12.1"]["numerator"], kent_rows["12.1"]["denominator"]) == (expected["numerator"], expected["denominator"])


def test_13_2_figure_is_spo_consideration(con, kent_rows):
    assert (kent_rows["13.2"]["measure"], kent_rows["13.2"]["numerator"]) == (
        "spo_consideration", measures.spo_consideration(con)["numerator"])


def test_14_1_figure_is_the_needs_assessment_rate(con, kent_rows):
    expected = measures.needs_assessment_rate(con)
    assert (kent_rows["14.1"]["numerator"], kent_rows["14.1"]["denominator"], kent_rows["14.1"]["rate"]) == (
        expected["numerator"], expected["denominator"], round(expected["rate"], 4))


def test_14_5_figure_is_the_referral_rate(con, kent_rows):
    assert (kent_rows["14.5"]["measure"], kent_rows["14.5"]["numerator"]) == ("referral_rate", measures.referral_rate(con)["numerator"])


def test_23_1_says_plainly_that_screening_has_not_been_run(kent_rows):
    assert (kent_rows["23.1"]["figure"], kent_rows["23.1"]["numerator"]) == ("not available: screening has not been run", None)


def test_12_4_stated_complete_without_a_dmm_figure_is_called_a_contradiction(kent_rows):
    assert kent_rows["12.4"]["contradiction"] == (
        "stated complete, but the figure is not available: no daily management meeting list has been produced")


def test_23_1_in_progress_without_a_figure_is_not_a_contradiction(kent_rows):
    assert kent_rows["23.1"]["contradiction"] is None


def test_a_recommendation_with_no_measure_says_so(kent_rows):
    assert (kent_rows["10.1"]["measure"], kent_rows["10.1"]["figure"]) == (None, "no live figure in the store for this recommendation")


def test_evidence_without_a_force_covers_every_forces_latest_plan(con):
    assert len(evidence.evidence_rows(con, None)) == 39 + 16


def test_a_date_window_changes_the_figures_to_that_window(con):
    rows = {r["recommendation"]: r for r in evidence.evidence_rows(con, "Kent", dt.date(2026, 1, 1), dt.date(2026, 6, 30))}
    assert rows["14.1"]["denominator"] == measures.needs_assessment_rate(con, dt.date(2026, 1, 1), dt.date(2026, 6, 30))["denominator"]


# contradictions, one rule each

def figure(numerator, available=True):
    return {"available": available, "numerator": numerator, "note": None if available else "not available: x"}


def test_complete_with_a_figure_of_0_is_a_contradiction():
    assert evidence.contradiction("complete", figure(0)) == "stated complete, but the figure is 0"


def test_not_started_with_activity_in_the_store_is_a_contradiction():
    assert evidence.contradiction("not_started", figure(12)) == "stated not started, but the store already shows 12"


def test_complete_with_a_figure_above_0_is_not_a_contradiction():
    assert evidence.contradiction("complete", figure(5)) is None


def test_search_finding_fewer_than_the_count_is_a_contradiction():
    assert evidence.contradiction("in_progress", {**figure(10), "search_finds": 8}) == "search finds only 8 of the 10 crimes"


# the progress update

def test_report_pdf_shows_each_linked_figure_equal_to_the_store(con, pdf_text):
    for number, measure in (("12.1", measures.risk_assessment_completion), ("13.1", measures.spo_consideration),
                            ("14.1", measures.needs_assessment_rate), ("14.5", measures.referral_rate)):
        section = pdf_text[pdf_text.index(f"Recommendation {number} "):]
        expected = evidence.figure_text(measure(con))
        assert section.index(f"Live figure {expected}") < section.index("Recommendation", 20), number


def test_report_pdf_shows_the_7_1_count_and_search_check(con, pdf_text):
    m = measures.included_classification(con)
    assert f"Live figure {m['numerator']} of {m['denominator']} ({m['rate']:.1%}); search finds {m['numerator']} of {m['numerator']}" in pdf_text


def test_report_pdf_says_screening_figure_is_not_available(pdf_text):
    section = pdf_text[pdf_text.index("Recommendation 23.1 "):]
    assert section.startswith("Recommendation 23.1 Status in progress (50%)")
    assert "Live figure not available: screening has not been run" in section


def test_report_pdf_lists_the_recommendations_in_the_plans_order(pdf_text):
    found = re.findall(r"Recommendation (\d+\.\d+) Status", pdf_text)
    assert found == [r.number for r in parse_file(KENT).recommendations]


def test_report_pdf_summarises_statuses_and_overdue(pdf_text):
    assert "39 recommendations: 12 complete, 27 in progress, 0 not started, 0 with no status given; 26 overdue." in pdf_text


def test_report_markdown_keeps_the_plans_headings_in_order(con, tmp_path):
    text = report.write(con, "Kent", tmp_path / "update.md", TODAY).read_text(encoding="utf-8")
    headings = re.findall(r"^## (.*)$", text, re.MULTILINE)
    assert (len(headings), headings[0][:44], headings[-1][:23]) == (15, "By 27 March 2025, where required, seek chang", "By 22 November 2025 (56")


def test_report_markdown_states_the_contradiction(con, tmp_path):
    text = report.write(con, "Kent", tmp_path / "update.md", TODAY).read_text(encoding="utf-8")
    assert "- **Does not match the status: stated complete, but the figure is not available: no daily management" in text


def test_report_html_of_city_shows_where_the_page_stopped(con, tmp_path):
    text = report.write(con, "City of London", tmp_path / "update.html", TODAY).read_text(encoding="utf-8")
    assert "<li>line 27: the last row, 28.1, has 0 of the 2 cells the header names" in text


def test_report_html_escapes_plan_text(con, tmp_path):
    text = report.write(con, "Kent", tmp_path / "update.html", TODAY).read_text(encoding="utf-8")
    assert "stalking &#39;drop-in&#39; clinics" in text


# the command line

def test_cli_evidence_json_matches_the_measures(db, con, monkeypatch, capsys):
    code, out, _ = run_cli(monkeypatch, capsys, "--db", db, "plans", "evidence", "--force", "Kent", "--format", "json")
    rows = {r["recommendation"]: r for r in json.loads(out)}
    assert (code, rows["14.1"]["numerator"]) == (0, measures.needs_assessment_rate(con)["numerator"])


def test_cli_report_writes_the_pdf(db, tmp_path, monkeypatch, capsys):
    code, _, err = run_cli(monkeypatch, capsys, "--db", db, "plans", "report", "--force", "Kent", "--out", tmp_path / "u.pdf")
    assert (code, (tmp_path / "u.pdf").read_bytes()[:5]) == (0, b"%PDF-")


def test_cli_report_needs_force_when_several_forces_have_plans(db, tmp_path, monkeypatch, capsys):
    code, _, err = run_cli(monkeypatch, capsys, "--db", db, "plans", "report", "--out", tmp_path / "u.md")
    assert (code, "hint: add --force, one of: City of London, Kent" in err) == (2, True)


def test_cli_report_with_an_unknown_extension_exits_2(db, tmp_path, monkeypatch, capsys):
    code, _, err = run_cli(monkeypatch, capsys, "--db", db, "plans", "report", "--force", "Kent", "--out", tmp_path / "u.docx")
    assert (code, "cannot tell the format from '.docx'" in err) == (2, True)
