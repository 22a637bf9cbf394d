"""The digital evidence page of a crime: purpose asked and audited, the JSON twin carries the
report's tables, the pack downloads as PDF, and the crime page links to it."""

from __future__ import annotations

import pytest

from stalkscreen.web import audit

from support import add_extraction, opened

PURPOSE = {"purpose": "investigation: digital lines of enquiry"}


@pytest.fixture
def evidence_crime(settings) -> str:
    with opened(settings.store) as con:
        return add_extraction(con, "+447700900911", "+447700900912")


def test_the_evidence_page_asks_for_a_purpose_first(as_role, evidence_crime):
    page = as_role("investigator").get(f"/crimes/{evidence_crime}/evidence")
    assert page.status_code == 200 and 'name="purpose"' in page.text and "<svg" not in page.text


def test_the_evidence_page_shows_the_charts_and_audits_the_purpose(as_role, settings, evidence_crime):
    page = as_role("investigator").get(f"/crimes/{evidence_crime}/evidence", params=PURPOSE)
    assert page.status_code == 200 and page.text.count("<svg") == 2 and "Co-location (1 occasion(s)" in page.text
    entry = audit.entries(settings.web, action="view")[0]
    assert entry["what"] == f"/crimes/{evidence_crime}/evidence" and entry["purpose"] == PURPOSE["purpose"]


def test_the_json_twin_carries_the_escalation_and_the_occasion(as_role, evidence_crime):
    twin = as_role("supervisor").get(f"/crimes/{evidence_crime}/evidence", params={**PURPOSE, "format": "json"}).json()
    assert [e["period_from"] for e in twin["escalations"]] == ["2026-02-20"]
    assert [o["started_at"] for o in twin["colocations"]] == ["2026-02-01T20:00:00"]


def test_the_pack_downloads_as_pdf(as_role, evidence_crime):
    reply = as_role("investigator").get(f"/crimes/{evidence_crime}/evidence.pdf", params=PURPOSE)
    assert reply.status_code == 200 and reply.headers["content-type"] == "application/pdf"
    assert reply.content.startswith(b"%PDF")


def test_an_analyst_is_refused_the_evidence(as_role, evidence_crime):
    assert as_role("analyst").get(f"/crimes/{evidence_crime}/evidence", params=PURPOSE).status_code == 403


def test_the_crime_page_links_to_its_evidence(as_role, evidence_crime):
    page = as_role("investigator").get(f"/crimes/{evidence_crime}")
    assert f'href="/crimes/{evidence_crime}/evidence"' in page.text


def test_a_crime_without_evidence_says_how_to_import(as_role, settings):
    with opened(settings.store, read_only=True) as con:
        crime_id = con.execute("SELECT min(crime_id) FROM crimes").fetchone()[0]
    reply = as_role("investigator").get(f"/crimes/{crime_id}/evidence", params={**PURPOSE, "format": "json"})
    assert reply.status_code == 400 and "no imported digital evidence" in reply.json()["error"]
