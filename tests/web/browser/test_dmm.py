"""The daily management meeting list for a chosen day, its print view and its PDF agenda."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from .conftest import ARTIFACTS, sign_in

pytestmark = pytest.mark.browser
MONDAY = "2026-11-02"  # the list for a Monday looks back over the weekend
SECTIONS = 5


def test_a_supervisor_opens_the_dmm_list_for_a_day_and_prints_it(page, steps):
    sign_in(page, "supervisor", steps)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="DMM list").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(r"^Daily management meeting: "))
    steps.shot("todays-list")

    page.get_by_label("Meeting day").fill(MONDAY)
    page.get_by_role("button", name="Show").click()
    expect(page).to_have_url(re.compile(rf"/dmm\?date={MONDAY}"))
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Daily management meeting: Monday {MONDAY}")
    expect(page.get_by_text(re.compile(r"Look-back .*72 hours.*line\(s\)"))).to_be_visible()
    sections = page.locator("section.dmm-section")
    expect(sections).to_have_count(SECTIONS)
    for i in range(SECTIONS):  # each section says how many lines it has (or n/a) and shows its table
        expect(sections.nth(i).get_by_role("heading", level=2)).to_have_text(re.compile(r"\((\d+|n/a)\)$"))
        expect(sections.nth(i).locator("table")).to_be_visible()
    expect(page.get_by_role("button", name="Record this day's list")).to_be_visible()  # the chair may
    steps.shot("list-for-monday")

    # the print view: the page as printed, without navigation or the sign-out button
    page.emulate_media(media="print")
    expect(page.get_by_role("navigation", name="Main")).to_be_hidden()
    expect(page.get_by_role("button", name="Sign out")).to_be_hidden()
    expect(page.get_by_role("contentinfo")).to_be_hidden()
    expect(sections.first.locator("table")).to_be_visible()
    steps.shot("print-view")
    printed = ARTIFACTS / f"{steps.test_name}-print.pdf"
    page.pdf(path=printed, format="A4")
    assert printed.read_bytes().startswith(b"%PDF")
    page.emulate_media(media="screen")

    with page.expect_download(timeout=120_000) as download:  # the agenda is made on the server: slower
        page.get_by_role("link", name="PDF agenda").click()
    agenda = ARTIFACTS / f"{steps.test_name}-agenda.pdf"
    download.value.save_as(agenda)
    assert download.value.suggested_filename == f"dmm-{MONDAY}.pdf"
    assert agenda.read_bytes().startswith(b"%PDF")


def test_an_investigator_reads_the_list_but_may_not_record_it(page, steps):
    sign_in(page, "investigator", steps)
    page.goto(f"/dmm?date={MONDAY}")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Daily management meeting: Monday {MONDAY}")
    expect(page.locator("section.dmm-section")).to_have_count(SECTIONS)
    expect(page.get_by_role("button", name="Record this day's list")).to_have_count(0)
    steps.shot("list-read-only")


def test_the_print_view_leaves_out_the_pages_forms(page, steps):
    sign_in(page, "supervisor")
    page.goto(f"/dmm?date={MONDAY}")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Daily management meeting: Monday {MONDAY}")
    page.emulate_media(media="print")
    steps.shot("print-view")
    expect(page.get_by_role("button", name="Show")).to_be_hidden(timeout=5_000)
    expect(page.get_by_role("button", name="Record this day's list")).to_be_hidden(timeout=5_000)
