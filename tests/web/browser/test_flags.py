"""Reviewing a flag as a supervisor or registrar would: the queue, one flag with its evidence
highlighted, an acceptance with a reason, and the flag gone from the queue of new flags."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from .conftest import sign_in, user_name

pytestmark = pytest.mark.browser


def _new_flags(page):
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Review queue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Screening review queue")
    page.get_by_label("Status").select_option("new")
    page.get_by_role("button", name="Show").click()
    expect(page).to_have_url(re.compile(r"/flags\?status=new"))
    heading = page.get_by_role("heading", level=2)
    expect(heading).to_have_text(re.compile(r"^(Flags \d+ to \d+ of [\d,]+|No flags)$"))
    text = heading.inner_text()
    return 0 if text == "No flags" else int(text.split()[-1].replace(",", ""))


def test_a_registrar_accepts_a_flag_with_a_reason_and_it_leaves_the_queue(page, steps):
    sign_in(page, "registrar", steps)
    before = _new_flags(page)
    assert before > 0, "screening flagged nothing in the synthetic force"
    steps.shot("queue")

    link = page.locator("tbody tr").first.get_by_role("link")
    crime_id = link.inner_text()
    link.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Flag on crime {crime_id}")
    marks = page.locator("p.narrative mark")
    expect(marks.first).to_be_visible()
    assert all(m.strip() for m in marks.all_inner_texts())
    expect(page.get_by_text("Highlighted: the words screening took as evidence.")).to_be_visible()
    expect(page.get_by_role("heading", name="Why it was flagged")).to_be_visible()
    steps.shot("flag-with-evidence")

    page.get_by_label("Accept: record the suggested classification").check()
    reason = page.get_by_label(re.compile(r"^Reason"))
    reason.click()
    page.keyboard.type("repeated unwanted contact and following: a course of conduct")
    steps.shot("decision-filled")
    page.get_by_role("button", name="Record the decision").click()

    decided = page.locator("dl.facts")
    expect(decided).to_contain_text(f"accepted by {user_name('registrar')}")
    expect(decided).to_contain_text("repeated unwanted contact and following: a course of conduct")
    steps.shot("decision-recorded")

    after = _new_flags(page)
    assert after == before - 1
    expect(page.get_by_role("link", name=crime_id, exact=True)).to_have_count(0)
    steps.shot("queue-without-it")


def test_an_investigator_reads_a_flag_but_is_not_offered_the_decision(page, steps):
    sign_in(page, "investigator", steps)
    _new_flags(page)
    page.locator("tbody tr").first.get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(r"^Flag on crime "))
    expect(page.locator("p.narrative mark").first).to_be_visible()
    expect(page.get_by_role("button", name="Record the decision")).to_have_count(0)
    steps.shot("flag-read-only")
