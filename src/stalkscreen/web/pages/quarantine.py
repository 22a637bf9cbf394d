"""The rows refused at load (as `stalkscreen quarantine`): file, line, reason and the raw text,
for the registrar who corrects the export."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import Response

from stalkscreen.ingest.spec import TABLES
from stalkscreen.web import forms, render, roles
from stalkscreen.web.context import log, reading
from stalkscreen.web.roles import Pages
from stalkscreen.web.webdb import rows

pages = Pages()
COLUMNS = ["run_id", "table_name", "file", "line", "reason", "raw"]
# The query `stalkscreen quarantine` runs (cli/ingest.py), with a limit for the page.
SQL = ("SELECT run_id, table_name, file, line, reason, raw FROM quarantine "
       "WHERE (? IS NULL OR run_id = ?) AND (? IS NULL OR table_name = ?) ORDER BY run_id, file, line LIMIT ?")


@pages.get("/quarantine", *roles.QUARANTINE_READERS)
def quarantined(request: Request) -> Response:
    values = request.query_params
    run = forms.number(values, "run", 0, 1, 10**9) or None
    table = forms.choice(values, "table", tuple(TABLES))
    limit = forms.number(values, "limit", 500, 1, 100000)
    with reading(request) as con:
        found = rows(con.execute(SQL, [run, run, table, table, limit]))
    log(request, "view", "/quarantine", detail={"run": run, "table": table, "rows": len(found)})
    return render.page(request, "quarantine.html", {"run": run, "table": table, "rows": found},
                       {"columns": COLUMNS, "tables": TABLES, "limit": limit})
