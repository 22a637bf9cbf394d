"""A person's timeline: the purpose asked first, then their records in date order and their
dyads; and an analyst refused it."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from .conftest import sign_in

pytestmark = pytest.mark.browser
PURPOSE = "DMM risk review of the victim"


def _dates(page) -> list[str]:
    return [d.strip() for d in page.locator("tbody tr td:first-child").all_inner_texts()]


def test_an_investigator_gives_a_purpose_and_sees_the_records_in_date_order(page, steps, facts):
    sign_in(page, "investigator", steps)
    page.goto(f"/people/{facts['person']}")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Why are you opening person {facts['person']}?")
    expect(page.locator("table")).to_have_count(0)  # nothing shown before the purpose
    steps.shot("purpose-asked")

    purpose = page.get_by_label("Purpose (recorded in the audit log)")
    purpose.click()
    page.keyboard.type(PURPOSE)
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text(f"Person {facts['person']}: course of conduct")
    expect(page.get_by_text(f"Purpose recorded: {PURPOSE}")).to_be_visible()
    count = page.get_by_role("heading", name=re.compile(r"record\(s\) in date order"))
    expect(count).to_have_text(re.compile(r"^([2-9]|\d\d+) record\(s\) in date order$"))
    rows = page.locator("tbody tr")
    expect(rows).to_have_count(int(count.inner_text().split()[0]))
    dates = _dates(page)
    assert all(re.match(r"\d{4}-\d\d-\d\d", d) for d in dates), dates
    assert dates == sorted(dates)
    steps.shot("timeline")

    page.get_by_role("link", name=facts["dyad"]).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(rf"^Dyad {facts['dyad']}: suspect "))
    expect(page.get_by_text(f"Purpose recorded: {PURPOSE}")).to_be_visible()
    expect(page.locator("tbody tr").first).to_be_visible()
    dates = _dates(page)
    assert dates == sorted(dates)
    steps.shot("dyad")


def test_an_analyst_is_refused_a_timeline(page, steps, facts):
    sign_in(page, "analyst", steps)
    nav = page.get_by_role("navigation", name="Main")
    expect(nav.get_by_role("link", name="Search")).to_be_visible()
    expect(nav.get_by_role("link", name="Review queue")).to_have_count(0)
    steps.shot("analyst-home")

    reply = page.goto(f"/people/{facts['person']}?purpose=curiosity")
    assert reply is not None and reply.status == 403
    expect(page.get_by_role("alert")).to_contain_text("your role (analyst) may not use this page")
    expect(page.locator("table")).to_have_count(0)
    expect(page.get_by_text(facts["person"])).to_have_count(0)
    steps.shot("refused")

    nav.get_by_role("link", name="Search").click()  # the analyst searches without names
    expect(page.get_by_role("heading", level=1)).to_have_text("Search crimes")
    expect(page.get_by_label("Words in the narrative")).to_be_visible()
    expect(page.get_by_label(re.compile(r"^Person"))).to_have_count(0)
    steps.shot("search-without-names")
