"""Signing in and out: argon2 passwords, secure cookies with expiry, CSRF, rate limits."""

from __future__ import annotations

from fastapi.testclient import TestClient

from stalkscreen.web import users
from stalkscreen.web.sessions import COOKIE

from .conftest import PASSWORD, csrf_from, sign_in


def _attempt(client: TestClient, name: str, password: str):
    form = client.get("/sign-in")
    return client.post("/sign-in", data={"name": name, "password": password, "csrf_token": csrf_from(form.text)})


def test_a_password_is_stored_only_as_an_argon2_hash(settings):
    users.add(settings.web, "ann", "analyst", PASSWORD)
    from stalkscreen.web import webdb
    with webdb.connect(settings.web) as con:
        stored = con.execute("SELECT password_hash FROM users WHERE name = 'ann'").fetchone()[0]
    assert stored.startswith("$argon2id$") and PASSWORD not in stored


def test_the_session_cookie_is_secure_http_only_and_expires(app, settings):
    users.add(settings.web, "ann", "analyst", PASSWORD)
    client = TestClient(app, base_url="https://testserver", follow_redirects=False)
    reply = _attempt(client, "ann", PASSWORD)
    cookie = next(c for c in reply.headers.get_list("set-cookie") if c.startswith(COOKIE + "="))
    assert reply.status_code == 303
    assert "Secure" in cookie and "HttpOnly" in cookie and "Max-Age=28800" in cookie and "SameSite=strict" in cookie


def test_a_wrong_password_is_refused(app, settings):
    users.add(settings.web, "ann", "analyst", PASSWORD)
    reply = _attempt(TestClient(app, base_url="https://testserver"), "ann", "wrong password here")
    assert reply.status_code == 401 and "the name or password is wrong" in reply.text


def test_sign_in_is_rate_limited_after_five_failures(app, settings):
    users.add(settings.web, "ann", "analyst", PASSWORD)
    client = TestClient(app, base_url="https://testserver")
    statuses = [_attempt(client, "ann", "wrong password here").status_code for _ in range(6)]
    right = _attempt(client, "ann", PASSWORD)
    assert statuses == [401] * 5 + [429] and right.status_code == 429 and "Retry-After" in right.headers


def test_the_sign_in_form_without_its_csrf_token_is_refused(app, settings):
    users.add(settings.web, "ann", "analyst", PASSWORD)
    client = TestClient(app, base_url="https://testserver")
    client.get("/sign-in")
    reply = client.post("/sign-in", data={"name": "ann", "password": PASSWORD})
    assert reply.status_code == 403


def test_a_disabled_user_is_signed_out_and_cannot_sign_in(app, settings):
    users.add(settings.web, "ann", "analyst", PASSWORD)
    client = sign_in(app, "ann")
    users.disable(settings.web, "ann")
    assert client.get("/").status_code == 303
    assert _attempt(TestClient(app, base_url="https://testserver"), "ann", PASSWORD).status_code == 401


def test_signing_out_ends_the_session(app, settings):
    users.add(settings.web, "ann", "analyst", PASSWORD)
    client = sign_in(app, "ann")
    token = client.cookies.get(COOKIE)
    assert client.post("/sign-out", data={"csrf_token": csrf_from(client.get("/").text)}).status_code == 303
    assert TestClient(app, base_url="https://testserver", cookies={COOKIE: token},
                      follow_redirects=False).get("/").status_code == 303


def test_a_next_address_on_another_host_is_ignored(app, settings):
    users.add(settings.web, "ann", "analyst", PASSWORD)
    client = TestClient(app, base_url="https://testserver", follow_redirects=False)
    form = client.get("/sign-in")
    reply = client.post("/sign-in", data={"name": "ann", "password": PASSWORD, "next": "//evil.example/x",
                                          "csrf_token": csrf_from(form.text)})
    assert reply.headers["location"] == "/"


def test_a_short_password_is_refused_naming_the_rule(settings):
    import pytest
    from stalkscreen.errors import StalkscreenError
    with pytest.raises(StalkscreenError, match="at least 12"):
        users.add(settings.web, "ann", "analyst", "short")
