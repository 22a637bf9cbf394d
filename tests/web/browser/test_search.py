"""Searching crimes from the search page: by offence and by words in the narrative, results
updating in place (htmx) and the address keeping the search."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from .conftest import sign_in

pytestmark = pytest.mark.browser
SOME_CRIMES = re.compile(r"^[1-9]\d* crime\(s\)$")


def _open_search(page, steps, role: str = "investigator"):
    sign_in(page, role, steps)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Search").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Search crimes")
    return page.locator("#results")


def test_searching_by_offence_lists_crimes_recorded_with_it(page, steps):
    results = _open_search(page, steps)
    expect(results.get_by_role("heading")).to_have_count(0)  # nothing asked yet
    offence = page.get_by_label("Offence (group, classification, code or name)")
    offence.click()
    page.keyboard.type("stalking")
    page.get_by_label("Offence role").select_option("any")
    steps.shot("offence-typed")
    offence.press("Enter")

    expect(results.get_by_role("heading", level=2)).to_have_text(SOME_CRIMES)
    expect(page).to_have_url(re.compile(r"/search\?.*offence=stalking"))
    rows = results.locator("tbody tr")
    expect(rows.first).to_be_visible()
    why = rows.locator("td:last-child")
    for i in range(min(rows.count(), 10)):  # each row says which recorded offence matched, and how
        expect(why.nth(i)).to_contain_text(re.compile(r"stalking.*\((principal|included)\)", re.I))
    steps.shot("offence-results")

    first = rows.first.get_by_role("link")
    crime_id = first.inner_text()
    first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Crime {crime_id}")
    expect(page.get_by_role("heading", name="Narrative")).to_be_visible()
    steps.shot("crime-opened")


def test_searching_by_narrative_words_lists_crimes_whose_narrative_has_them(page, steps):
    results = _open_search(page, steps)
    words = page.get_by_label("Words in the narrative")
    words.fill("followed")
    steps.shot("words-typed")
    page.get_by_role("button", name="Search").click()

    expect(results.get_by_role("heading", level=2)).to_have_text(SOME_CRIMES)
    expect(page).to_have_url(re.compile(r"/search\?.*text=followed"))
    expect(words).to_have_value("followed")  # the form keeps what was typed
    rows = results.locator("tbody tr")
    expect(rows.first).to_be_visible()
    why = rows.locator("td:last-child")
    for i in range(min(rows.count(), 10)):
        expect(why.nth(i)).to_contain_text(re.compile(r"words: .*follow", re.I))
    steps.shot("word-results")

    # a narrower search replaces the results in place
    page.get_by_label("At most").fill("3")
    page.get_by_label("At most").press("Enter")
    expect(results.get_by_role("heading", level=2)).to_have_text("3 crime(s)")
    expect(rows).to_have_count(3)
    steps.shot("three-results")


def test_a_words_only_search_as_the_form_comes_finds_crimes(page, steps):
    results = _open_search(page, steps)
    page.get_by_label("Words in the narrative").fill("followed")
    page.get_by_role("button", name="Search").click()
    steps.shot("words-only-sent")
    expect(results.get_by_role("heading", level=2)).to_have_text(SOME_CRIMES, timeout=10_000)


def test_a_refused_search_shows_its_message_above_the_form(page, steps):
    results = _open_search(page, steps)
    page.get_by_label("Force").fill("x" * 101)  # over the 100 characters a force name may have
    page.get_by_role("button", name="Search").click()
    steps.shot("refused-search-sent")
    expect(results.get_by_role("alert")).to_contain_text("force", timeout=10_000)
