"""The rows refused at load (as `stalkscreen quarantine`): file, line, reason and the raw text,
for the registrar who corrects the export."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import Response

from stalkscreen.ingest import quarantine as refused
from stalkscreen.ingest.spec import TABLES
from stalkscreen.web import forms, render, roles
from stalkscreen.web.context import log, reading
from stalkscreen.web.roles import Pages

pages = Pages()


@pages.get("/quarantine", *roles.QUARANTINE_READERS)
def quarantined(request: Request) -> Response:
    values = request.query_params
    run = forms.number(values, "run", 0, 1, 10**9) or None
    table = forms.choice(values, "table", tuple(TABLES))
    limit = forms.number(values, "limit", 500, 1, 100000)
    with reading(request) as con:
        found = refused.rows(con, run, table, limit)
    log(request, "view", "/quarantine", detail={"run": run, "table": table, "rows": len(found)})
    return render.page(request, "quarantine.html", {"run": run, "table": table, "rows": found},
                       {"columns": refused.COLUMNS, "tables": TABLES, "limit": limit})
