"""The FastAPI application: pages, static files, error pages and security headers."""

from __future__ import annotations

from importlib import resources

from fastapi import FastAPI, Request
from fastapi.responses import RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from urllib.parse import quote

from stalkscreen.errors import StalkscreenError
from stalkscreen.web import render, webdb
from stalkscreen.web.config import WebSettings
from stalkscreen.web.pages import account, auditlog, casework, dmm, evidence, flags, harm, oversight, quarantine, risk, search, timeline
from stalkscreen.web.roles import NotSignedIn, Refused
from stalkscreen.web.storeaccess import StoreBusy

PAGES = (account, search, flags, timeline, evidence, auditlog, dmm, harm, risk, casework, oversight, quarantine)
# Scripts and styles only from the app itself: a narrative that slipped through as HTML still cannot run.
POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; frame-ancestors 'none'; form-action 'self'"


def create_app(settings: WebSettings) -> FastAPI:
    app = FastAPI(title="stalkscreen", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.settings = settings
    webdb.keep_open(settings.web)
    app.mount("/static", StaticFiles(directory=str(resources.files("stalkscreen.web") / "static")), name="static")
    for module in PAGES:
        app.include_router(module.pages.router)
    _handle_errors(app)

    @app.middleware("http")
    async def headers(request: Request, call_next):
        response = await call_next(request)
        response.headers["Content-Security-Policy"] = POLICY
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "same-origin"
        if not request.url.path.startswith("/static/"):
            response.headers["Cache-Control"] = "no-store"  # personal data stays out of caches
        return response
    return app


def _handle_errors(app: FastAPI) -> None:
    @app.exception_handler(NotSignedIn)
    async def not_signed_in(request: Request, exc: NotSignedIn) -> Response:
        if request.query_params.get("format") == "json" or request.method != "GET":
            return render.problem(request, 401, "sign in first", hint="POST /sign-in, then send the session cookie")
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"/sign-in?next={quote(target, safe='')}", status_code=303)

    @app.exception_handler(Refused)
    async def refused(request: Request, exc: Refused) -> Response:
        return render.problem(request, 403, exc.message)

    @app.exception_handler(StoreBusy)
    async def busy(request: Request, exc: StoreBusy) -> Response:
        response = render.problem(request, 503, exc.message, exc.hint)
        response.headers["Retry-After"] = "30"
        return response

    @app.exception_handler(StalkscreenError)
    async def bad_value(request: Request, exc: StalkscreenError) -> Response:
        return render.problem(request, 400, exc.message, exc.hint, getattr(exc, "field", None))
