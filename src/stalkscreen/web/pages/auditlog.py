"""The audit log, newest first, and whether its hash chain holds (auditors only)."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import Response

from stalkscreen.web import audit, forms, render, roles
from stalkscreen.web.context import log, settings
from stalkscreen.web.roles import Pages

pages = Pages()


@pages.get("/audit", *roles.AUDIT_READERS)
def audit_log(request: Request) -> Response:
    values = request.query_params
    who = forms.text(values, "user", max_length=100)
    action = forms.text(values, "action", max_length=40)
    limit = forms.number(values, "limit", 200, 1, 10000)
    found = audit.entries(settings(request).web, who, action, limit)
    verdict = audit.verify(settings(request).web)
    log(request, "view", "/audit", detail={"user": who, "action": action})
    chain = {"intact": verdict.intact, "entries": verdict.entries, "broken_at": verdict.broken_at,
             "problem": verdict.problem, "last_hash": verdict.last_hash}
    return render.page(request, "audit.html", {"chain": chain, "entries": found},
                       {"asked": {"user": who or "", "action": action or "", "limit": limit}})
