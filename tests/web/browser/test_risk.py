"""Recording an S-DASH assessment through the form: every item answered, the assessor's level
chosen, and the result page with the count of answers and the levels."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from .conftest import sign_in, user_name

pytestmark = pytest.mark.browser


def test_an_investigator_records_an_sdash_and_sees_the_count_and_level(page, steps, facts):
    sign_in(page, "investigator", steps)
    page.get_by_role("main").get_by_role("link", name="New S-DASH risk assessment").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(r"^New .*\(S-DASH "))
    steps.shot("blank-form")

    page.get_by_label("Crime", exact=True).fill(facts["crime"])
    expect(page.get_by_label("Completed at")).not_to_have_value("")  # the form starts at now
    items = page.locator("fieldset[id^='item-']")
    expect(items.first).to_be_visible()
    total = items.count()
    assert total >= 10, f"S-DASH has {total} items here"
    expected = {"yes": 0, "no": 0, "not_known": 0}
    for i in range(total):
        item = items.nth(i)
        answer = "yes" if i < total // 2 else "no" if i < total - 1 else "not_known"
        expected[answer] += 1
        if answer == "yes":
            item.get_by_label("yes", exact=True).click()
        elif answer == "no":
            item.get_by_label("no", exact=True).check()
        else:  # by keyboard: focus the group's first choice, arrow to the last, which selects it
            item.get_by_label("yes", exact=True).focus()
            page.keyboard.press("ArrowRight")
            page.keyboard.press("ArrowRight")
            expect(item.get_by_label("not known", exact=True)).to_be_checked()
        if i == 0:
            item.get_by_label("Comment").fill("very frightened; has moved to her sister's")
    page.get_by_role("group", name="Your graded level (required)").get_by_label("high", exact=True).check()
    steps.shot("form-filled")
    page.get_by_role("button", name="Record the assessment").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(r"^Risk assessment RA-WEB-"))
    facts_list = page.locator("dl.facts")
    expect(facts_list).to_contain_text(f"{expected['yes']} yes, {expected['no']} no, "
                                       f"{expected['not_known']} not known")
    expect(facts_list).to_contain_text(re.compile(r"Assessor's level\s*high"))
    expect(facts_list).to_contain_text(re.compile(r"Suggested level\s*\S"))
    expect(facts_list).to_contain_text(f"by {user_name('investigator')}")
    expect(facts_list.get_by_role("link", name=facts["crime"])).to_be_visible()
    expect(page.locator("tbody tr")).to_have_count(total)
    expect(page.locator("tbody tr").first).to_contain_text("very frightened; has moved to her sister's")
    steps.shot("assessment-recorded")


def test_a_form_with_an_item_unanswered_records_nothing_and_names_it(page, steps, facts):
    sign_in(page, "supervisor", steps)
    page.goto("/risk/new")
    page.get_by_label("Crime", exact=True).fill(facts["crime"])
    items = page.locator("fieldset[id^='item-']")
    expect(items.first).to_be_visible()
    for i in range(1, items.count()):  # the first item left unanswered
        items.nth(i).get_by_label("no", exact=True).check()
    page.get_by_role("group", name="Your graded level (required)").get_by_label("standard", exact=True).check()
    page.get_by_role("button", name="Record the assessment").click()

    expect(page.get_by_role("alert")).to_contain_text("Nothing was recorded")
    expect(items.first).to_have_class(re.compile(r"has-error"))
    expect(items.first.locator(".field-error")).to_be_visible()
    expect(items.nth(1).get_by_label("no", exact=True)).to_be_checked()  # the answers given are kept
    steps.shot("refused-with-the-item-named")
