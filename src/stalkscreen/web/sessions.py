"""Signed-in sessions: a random cookie value, stored only as its hash, with an expiry and a CSRF token."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from pathlib import Path

from stalkscreen.web import webdb

COOKIE = "stalkscreen_session"


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


def start(path: Path, user_name: str, hours: float) -> str:
    """A new session for the user; returns the cookie value."""
    token = secrets.token_urlsafe(32)
    with webdb.connect(path) as con:
        con.execute("DELETE FROM sessions WHERE expires_at < ?", [_now()])
        con.execute("INSERT INTO sessions VALUES (?, ?, ?, ?, ?)",
                    [_digest(token), user_name, secrets.token_urlsafe(32), _now(), _now() + dt.timedelta(hours=hours)])
    return token


def find(path: Path, token: str | None) -> dict | None:
    """The session's user (name, role, csrf_token), if the session is live and the user active."""
    if not token:
        return None
    with webdb.connect(path) as con:
        found = webdb.rows(con.execute("""
            SELECT u.name, u.role, s.csrf_token FROM sessions s JOIN users u ON u.name = s.user_name
            WHERE s.token_hash = ? AND s.expires_at > ? AND u.active""", [_digest(token), _now()]))
    return found[0] if found else None


def end(path: Path, token: str | None) -> None:
    if token:
        with webdb.connect(path) as con:
            con.execute("DELETE FROM sessions WHERE token_hash = ?", [_digest(token)])
