"""The action-plan tracker: the forces' plans compared, one force's recommendations, and the live
figures behind them."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from .conftest import sign_in

pytestmark = pytest.mark.browser


def test_an_analyst_opens_the_plan_tracker_and_one_forces_recommendations(page, steps):
    sign_in(page, "analyst", steps)
    page.get_by_role("main").get_by_role("link", name="Action plan tracker").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Action plan tracker")
    compared = page.get_by_role("heading", name="Status by force (latest version of each plan)")
    expect(compared).to_be_visible()
    expect(page.get_by_role("columnheader", name="Kent")).to_be_visible()
    steps.shot("tracker")

    force = page.get_by_label("Force")
    force.fill("Kent")
    force.press("Enter")
    expect(page).to_have_url(re.compile(r"/plans\?force=Kent"))
    mine = page.get_by_role("heading", name=re.compile(r"recommendation\(s\) of Kent$"))
    expect(mine).to_have_text(re.compile(r"^[1-9]\d* recommendation\(s\) of Kent$"))
    expect(page.get_by_role("cell", name="7.1", exact=True).first).to_be_visible()
    steps.shot("kent")

    page.get_by_role("link", name="Live figures for each recommendation").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Live figures for each recommendation")
    expect(page).to_have_url(re.compile(r"/plans/evidence\?force=Kent"))
    expect(page.locator("tbody tr").first).to_be_visible()
    steps.shot("live-figures")
