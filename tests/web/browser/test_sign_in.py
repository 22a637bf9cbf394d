"""Signing in through the form, and a wrong password turned away with a message."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from .conftest import PASSWORD, user_name

pytestmark = pytest.mark.browser


def test_a_user_signs_in_and_sees_the_pages_their_role_may_open(page, steps):
    page.goto("/flags")  # a page that needs a user: the app sends the browser to sign in first
    expect(page).to_have_url(re.compile(r"/sign-in\?next="))
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    steps.shot("asked-to-sign-in")

    page.get_by_label("User name").click()
    page.keyboard.type(user_name("registrar"))
    page.keyboard.press("Tab")
    expect(page.get_by_label("Password")).to_be_focused()
    page.keyboard.type(PASSWORD)
    steps.shot("form-filled")
    page.keyboard.press("Enter")

    # back where the user was going, signed in
    expect(page.get_by_role("heading", level=1)).to_have_text("Screening review queue")
    expect(page.get_by_text(f"{user_name('registrar')} (registrar)")).to_be_visible()
    steps.shot("signed-in-at-the-page-asked-for")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Home").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Welcome, {user_name('registrar')}")
    menu = page.get_by_role("main").get_by_role("link")
    expect(menu.filter(has_text="Search crimes")).to_be_visible()
    expect(menu.filter(has_text="Screening review queue")).to_be_visible()
    expect(menu.filter(has_text="Audit log")).to_have_count(0)
    steps.shot("home")

    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/sign-in"))  # the session has ended
    steps.shot("signed-out")


def test_a_wrong_password_shows_an_error_and_does_not_sign_in(page, steps):
    page.goto("/sign-in")
    page.get_by_label("User name").fill(user_name("investigator"))
    page.get_by_label("Password").fill("not the password")
    steps.shot("wrong-password-typed")
    page.get_by_role("button", name="Sign in").click()

    expect(page.get_by_role("alert")).to_have_text("the name or password is wrong")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    expect(page.get_by_label("Password")).to_have_value("")
    expect(page.get_by_role("button", name="Sign out")).to_have_count(0)
    steps.shot("error-shown")

    page.goto("/")  # still not signed in
    expect(page).to_have_url(re.compile(r"/sign-in"))
