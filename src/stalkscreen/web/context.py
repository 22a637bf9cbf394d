"""What a page handler needs from its request: the settings, the user, the store, the audit log."""

from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator

import duckdb
from fastapi import Request

from stalkscreen.web import audit, storeaccess
from stalkscreen.web.config import WebSettings


def settings(request: Request) -> WebSettings:
    return request.app.state.settings


def user(request: Request) -> dict:
    return request.state.user


def log(request: Request, action: str, what: str, purpose: str | None = None, detail: dict | None = None) -> None:
    """An audit entry for the signed-in user (a view, a search, a change)."""
    who = user(request)
    audit.record(settings(request).web, action, what, user_name=who["name"], role=who["role"], purpose=purpose,
                 detail=detail)


@contextmanager
def reading(request: Request) -> Iterator[duckdb.DuckDBPyConnection]:
    with storeaccess.reading(settings(request).store, settings(request).busy_wait) as con:
        yield con


@contextmanager
def writing(request: Request) -> Iterator[duckdb.DuckDBPyConnection]:
    with storeaccess.writing(settings(request).store, settings(request).busy_wait) as con:
        yield con
