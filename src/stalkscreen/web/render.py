"""One answer, two forms: an HTML page, or its JSON twin when the URL says `?format=json`."""

from __future__ import annotations

from importlib import resources

from fastapi import Request
from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse, Response
from fastapi.templating import Jinja2Templates

from stalkscreen.errors import StalkscreenError

templates = Jinja2Templates(directory=str(resources.files("stalkscreen.web") / "templates"))


def wants_json(request: Request) -> bool:
    fmt = request.query_params.get("format")
    if fmt not in (None, "", "html", "json"):
        raise StalkscreenError(f"format '{fmt}' is not known", hint="use format=json, or leave it out for the page")
    return fmt == "json"


def page(request: Request, template: str, data: dict, extra: dict | None = None, status: int = 200,
         as_json: bool | None = None) -> Response:
    """data is the answer (the JSON twin is exactly it); extra is only for the page's layout."""
    if as_json if as_json is not None else wants_json(request):
        return JSONResponse(jsonable_encoder(data), status_code=status)
    user = getattr(request.state, "user", None)
    context = {**data, **(extra or {}), "me": user, "session_csrf": user["csrf_token"] if user else None}
    return templates.TemplateResponse(request, template, context, status_code=status)


def problem(request: Request, status: int, message: str, hint: str | None = None, field: str | None = None) -> Response:
    data = {"error": message, "hint": hint, "field": field}
    try:
        json_twin = wants_json(request)
    except StalkscreenError:
        json_twin = False
    return page(request, "problem.html", data, {"problem": data}, status=status, as_json=json_twin)
