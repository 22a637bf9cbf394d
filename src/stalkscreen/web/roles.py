"""Who may use which page. A route names the roles it allows; `Pages` refuses to add one that
does not, so a forgotten declaration fails at start-up rather than opening a page to everyone."""

from __future__ import annotations

import hmac
from typing import Callable

from fastapi import APIRouter, Depends, Request
from starlette.concurrency import run_in_threadpool

from stalkscreen.web import audit, sessions

ANALYST, INVESTIGATOR, SUPERVISOR, REGISTRAR, AUDITOR, ADMIN = (
    "analyst", "investigator", "supervisor", "registrar", "auditor", "admin")
EVERYONE = (ANALYST, INVESTIGATOR, SUPERVISOR, REGISTRAR, AUDITOR, ADMIN)
CASEWORK = (INVESTIGATOR, SUPERVISOR, REGISTRAR)   # may see named people and narratives
PUBLIC = ("public",)                               # sign-in itself: no user needed
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "X-CSRF-Token"
PRE_SESSION_COOKIE = "stalkscreen_form"  # the sign-in form's CSRF token, before there is a session


class NotSignedIn(Exception):
    pass


class Refused(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _same_token(sent: str | None, expected: str | None) -> None:
    if not sent or not expected or not hmac.compare_digest(str(sent), expected):
        raise Refused("the form's security token is missing or out of date; reload the page and try again")


def _gate(roles: tuple[str, ...], method: str) -> Callable:
    async def check(request: Request) -> None:
        settings = request.app.state.settings
        token = request.cookies.get(sessions.COOKIE)
        user = await run_in_threadpool(sessions.find, settings.web, token) if roles != PUBLIC else None
        request.state.user = user
        request.state.form = await request.form() if method == "POST" else {}
        if roles == PUBLIC:
            if method == "POST":
                _same_token(request.state.form.get(CSRF_FIELD), request.cookies.get(PRE_SESSION_COOKIE))
            return
        if user is None:
            raise NotSignedIn()
        if user["role"] not in roles:
            await run_in_threadpool(audit.record, settings.web, "refused", request.url.path,
                                    user_name=user["name"], role=user["role"], detail={"method": method})
            raise Refused(f"your role ({user['role']}) may not use this page")
        if method == "POST":
            _same_token(request.headers.get(CSRF_HEADER) or request.state.form.get(CSRF_FIELD), user["csrf_token"])
    return check


class Pages:
    """An APIRouter whose routes must each declare their roles."""

    def __init__(self) -> None:
        self.router = APIRouter()

    def route(self, method: str, path: str, roles: tuple[str, ...]) -> Callable:
        if not roles:
            raise ValueError(f"{method} {path} allows no roles")  # default deny, loudly

        def register(endpoint: Callable) -> Callable:
            endpoint.roles = roles
            self.router.add_api_route(path, endpoint, methods=[method], dependencies=[Depends(_gate(roles, method))],
                                      include_in_schema=False)
            return endpoint
        return register

    def get(self, path: str, *roles: str) -> Callable:
        return self.route("GET", path, roles)

    def post(self, path: str, *roles: str) -> Callable:
        return self.route("POST", path, roles)


# The roles of each page, in one place so the home page's menu and the routes agree.
SEARCHERS = (ANALYST, INVESTIGATOR, SUPERVISOR, REGISTRAR)   # an analyst sees no names (pseudonymised)
FLAG_READERS = CASEWORK
FLAG_DECIDERS = (SUPERVISOR, REGISTRAR)
TIMELINE_READERS = CASEWORK
AUDIT_READERS = (AUDITOR,)
DMM_READERS = (INVESTIGATOR, SUPERVISOR)
DMM_CHAIRS = (SUPERVISOR,)                                   # recording the day's list is the chair's act
HARM_READERS = (ANALYST, INVESTIGATOR, SUPERVISOR)           # an analyst sees subject ids only
RISK_ASSESSORS = (INVESTIGATOR, SUPERVISOR)
ORDER_READERS = (INVESTIGATOR, SUPERVISOR)
FIGURE_READERS = (ANALYST, SUPERVISOR)                       # aggregates: Victims' Code figures, plans, profile
VICTIM_EXCEPTION_READERS = (SUPERVISOR,)                     # the named victims behind a figure
QUARANTINE_READERS = (REGISTRAR,)
