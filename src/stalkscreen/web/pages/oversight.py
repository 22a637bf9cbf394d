"""Aggregates for analysts and supervisors: the action-plan tracker (as `stalkscreen plans
status`, `compare` and `evidence`) and the problem profile (as `stalkscreen profile`), which is
slow to make, so it is made on a POST and sent as a file to open or save."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from fastapi import Request
from fastapi.responses import Response

from stalkscreen.oversight.plans import evidence, status
from stalkscreen.reference import offences as offence_catalogue
from stalkscreen.web import forms, render, roles
from stalkscreen.web.context import log, reading, settings, user
from stalkscreen.web.roles import Pages

pages = Pages()


@pages.get("/plans", *roles.FIGURE_READERS)
def plan_status(request: Request) -> Response:
    force = forms.text(request.query_params, "force", max_length=100)
    today = dt.date.today()
    with reading(request) as con:
        rows = status.status_rows(con, force, today)
        matrix, forces = status.compare(con, today)
    log(request, "view", "/plans", detail={"force": force})
    return render.page(request, "plans.html", {"force": force, "status": rows, "compare": matrix, "forces": forces},
                       {"columns": status.STATUS_COLUMNS})


@pages.get("/plans/evidence", *roles.FIGURE_READERS)
def plan_evidence(request: Request) -> Response:
    values = request.query_params
    force = forms.text(values, "force", max_length=100)
    start, end = forms.date(values, "from"), forms.date(values, "to")
    catalogue = offence_catalogue.load(settings(request).offences)
    with reading(request) as con:
        rows = evidence.evidence_rows(con, force, start, end, catalogue)
    log(request, "view", "/plans/evidence", detail={"force": force, "from": start, "to": end})
    return render.page(request, "plans_evidence.html", {"force": force, "from": start, "to": end, "evidence": rows},
                       {"columns": evidence.COLUMNS, "asked": {"from": start or "", "to": end or ""}})


def _may_see_people(request: Request) -> bool:
    return user(request)["role"] != roles.ANALYST   # an analyst's profile is always the publishable one


@pages.get("/profile", *roles.FIGURE_READERS)
def profile_form(request: Request) -> Response:
    today = dt.date.today()
    asked = {"from": (today.replace(day=1) - dt.timedelta(days=365)).replace(day=1), "to": today}
    return render.page(request, "profile.html", {"asked": asked, "may_see_people": _may_see_people(request)})


def _sections(made) -> list[dict]:
    return [{"title": s.title, "notes": s.notes,
             "tables": [{"name": t.name, "title": t.title, "columns": t.columns, "rows": t.rows} for t in s.tables]}
            for s in made.sections]


@pages.post("/profile", *roles.FIGURE_READERS)
def make_profile(request: Request) -> Response:
    from stalkscreen.oversight import profile  # Altair is slow to import; only this page needs it

    form = request.state.form
    start, end = forms.date(form, "from"), forms.date(form, "to")
    for name, value in (("from", start), ("to", end)):
        if value is None:
            raise forms.FieldError(name, "is required", hint="write dates as YYYY-MM-DD")
    publish = not _may_see_people(request) or forms.choice(form, "publish", ("yes", "no"), "yes") == "yes"
    options = profile.Options(start, end, publish=publish, force_name=forms.text(form, "force_name", max_length=100))
    with reading(request) as con:
        made = profile.build(con, options, offence_catalogue.load(settings(request).offences))
    log(request, "view", "/profile", detail={"from": start, "to": end, "publish": publish})
    if render.wants_json(request):
        return render.page(request, "profile.html", {"title": made.title, "from": start, "to": end,
                                                     "publish": publish, "sections": _sections(made)}, as_json=True)
    with tempfile.TemporaryDirectory(prefix="stalkscreen-profile-") as folder:
        out = profile.write(made, Path(folder) / f"profile-{start}-{end}.html")[0]
        page = out.read_text(encoding="utf-8")
    # a download: the report carries its own styles, which this site's policy would block in place
    return Response(page, media_type="text/html; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="profile-{start}-{end}.html"'})
