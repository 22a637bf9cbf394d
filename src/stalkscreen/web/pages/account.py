"""Signing in and out, and the home page listing what the user's role may open."""

from __future__ import annotations

import secrets

from fastapi import Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from stalkscreen.web import audit, forms, render, roles, sessions, users
from stalkscreen.web.context import settings, user
from stalkscreen.web.roles import EVERYONE, PUBLIC, Pages

pages = Pages()

MENU = (
    ("/search", "Search crimes", roles.SEARCHERS),
    ("/flags", "Screening review queue", roles.FLAG_READERS),
    ("/dmm", "Daily management meeting list", roles.DMM_READERS),
    ("/risk/due", "Risk assessments due", roles.RISK_ASSESSORS),
    ("/risk/new", "New S-DASH risk assessment", roles.RISK_ASSESSORS),
    ("/harm", "Harm ranking", roles.HARM_READERS),
    ("/orders", "Protective orders", roles.ORDER_READERS),
    ("/victims", "Victims' Code compliance", roles.FIGURE_READERS),
    ("/plans", "Action plan tracker", roles.FIGURE_READERS),
    ("/profile", "Problem profile", roles.FIGURE_READERS),
    ("/quarantine", "Rows refused at load", roles.QUARANTINE_READERS),
    ("/audit", "Audit log", roles.AUDIT_READERS),
)


def _cookie(response: Response, name: str, value: str, seconds: int, path: str = "/") -> None:
    response.set_cookie(name, value, max_age=seconds, path=path, secure=True, httponly=True, samesite="strict")


@pages.get("/", *EVERYONE)
def home(request: Request) -> Response:
    me = user(request)
    menu = [{"path": path, "title": title} for path, title, allowed in MENU if me["role"] in allowed]
    return render.page(request, "home.html", {"user": me["name"], "role": me["role"], "pages": menu})


def _sign_in_form(request: Request, status: int = 200, problem: str | None = None, next_path: str = "/") -> Response:
    token = secrets.token_urlsafe(32)
    response = render.page(request, "sign_in.html", {"csrf_token": token, "problem": problem},
                           {"next": next_path}, status=status)
    _cookie(response, roles.PRE_SESSION_COOKIE, token, 3600, path="/sign-in")
    return response


def _safe_next(value: str | None) -> str:
    # Only a path on this site: never an open redirect to another host.
    return value if value and value.startswith("/") and not value.startswith("//") and "\\" not in value else "/"


@pages.get("/sign-in", *PUBLIC)
def sign_in_form(request: Request) -> Response:
    return _sign_in_form(request, next_path=_safe_next(request.query_params.get("next")))


@pages.post("/sign-in", *PUBLIC)
async def sign_in(request: Request) -> Response:
    form, config = request.state.form, settings(request)
    name = forms.text(form, "name", required=True, max_length=100)
    password = form.get("password") or ""
    address = request.client.host if request.client else "unknown"
    wait = config.throttle.wait_seconds(name, address)
    if wait:
        await run_in_threadpool(audit.record, config.web, "sign_in_throttled", "/sign-in", detail={"name": name})
        response = render.problem(request, 429, "too many failed sign-ins", hint=f"try again in {wait} seconds")
        response.headers["Retry-After"] = str(wait)
        return response
    found = await run_in_threadpool(users.authenticate, config.web, name, password)
    if found is None:
        config.throttle.failed(name, address)
        await run_in_threadpool(audit.record, config.web, "sign_in_failed", "/sign-in", detail={"name": name})
        return _sign_in_form(request, 401, "the name or password is wrong", _safe_next(form.get("next")))
    config.throttle.succeeded(name)
    token = await run_in_threadpool(sessions.start, config.web, found["name"], config.session_hours)
    await run_in_threadpool(audit.record, config.web, "sign_in", "/sign-in", user_name=found["name"],
                            role=found["role"])
    if render.wants_json(request):
        response: Response = JSONResponse({"signed_in": found["name"], "role": found["role"]})
    else:
        response = RedirectResponse(_safe_next(form.get("next")), status_code=303)
    _cookie(response, sessions.COOKIE, token, int(config.session_hours * 3600))
    response.delete_cookie(roles.PRE_SESSION_COOKIE, path="/sign-in")
    return response


@pages.post("/sign-out", *EVERYONE)
def sign_out(request: Request) -> Response:
    me, config = user(request), settings(request)
    sessions.end(config.web, request.cookies.get(sessions.COOKIE))
    audit.record(config.web, "sign_out", "/sign-out", user_name=me["name"], role=me["role"])
    response: Response = (JSONResponse({"signed_out": me["name"]}) if render.wants_json(request)
                          else RedirectResponse("/sign-in", status_code=303))
    response.delete_cookie(sessions.COOKIE, path="/")
    return response
