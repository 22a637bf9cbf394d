"""A crime's digital evidence: from the crime's page to the report, the purpose asked first, then
the contact charts, the escalation and the co-location found in the extraction."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .conftest import sign_in

pytestmark = pytest.mark.browser
PURPOSE = "digital lines of enquiry for the investigation"


def test_an_investigator_opens_the_evidence_from_the_crime_page(page, steps, facts):
    crime = facts["evidence_crime"]
    sign_in(page, "investigator", steps)
    page.goto(f"/crimes/{crime}")
    page.get_by_role("link", name="extraction file(s)", exact=False).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Why are you opening the digital evidence of crime {crime}?")
    steps.shot("purpose-asked")

    purpose = page.get_by_label("Purpose (recorded in the audit log)")
    purpose.click()
    page.keyboard.type(PURPOSE)
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text(f"Digital evidence: crime {crime}")
    expect(page.get_by_text(f"Purpose recorded: {PURPOSE}")).to_be_visible()
    expect(page.locator("figure svg")).to_have_count(2)
    expect(page.get_by_role("heading", name="Co-location (1 occasion(s)", exact=False)).to_be_visible()
    expect(page.get_by_role("cell", name="2026-02-20", exact=True).first).to_be_visible()
    expect(page.get_by_role("link", name="Download the evidence pack (PDF)")).to_be_visible()
    steps.shot("evidence")
