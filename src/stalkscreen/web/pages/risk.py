"""Risk assessments (as `stalkscreen risk`): the form for a new one, recorded through the same
function as `risk record`; one assessment shown; the S-DASH assessments due and reviews overdue."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from fastapi import Request
from fastapi.responses import RedirectResponse, Response

from stalkscreen.dmm import case
from stalkscreen.errors import StalkscreenError
from stalkscreen.risk import due, instruments, record, show
from stalkscreen.web import forms, render, roles
from stalkscreen.web.context import log, reading, user, writing
from stalkscreen.web.pages import risk_form
from stalkscreen.web.roles import Pages

pages = Pages()


def _victims(request: Request, crime_id: str) -> list[dict]:
    """The crime's people to choose the victim from (an unknown crime is said at once)."""
    if not crime_id:
        return []
    with reading(request) as con:
        return case.show(con, crime_id)["people"]


def _form(request: Request, chosen, values: dict, found: list[dict] | None = None, status: int = 200) -> Response:
    errors: dict[str, list[str]] = {}
    for p in found or []:
        errors.setdefault(p["field"] or "general", []).append(p["message"])
    data = {"form": values, "problems": found or []}
    extra = {"instrument": chosen, "errors": errors, "choices": risk_form.answer_choices(),
             "levels": instruments.load().levels}
    if found and render.wants_json(request):
        first = found[0]
        return render.page(request, "risk_form.html", {"error": first["message"], "field": first["field"],
                                                       "hint": "correct the fields named and send the form again",
                                                       "problems": found}, status=status, as_json=True)
    return render.page(request, "risk_form.html", data, extra, status=status)


@pages.get("/risk/new", *roles.RISK_ASSESSORS)
def new_assessment(request: Request) -> Response:
    chosen = risk_form.instrument(instruments.load(), request.query_params)
    values = risk_form.blank(chosen, request.query_params)
    values["people"] = _victims(request, (values["crime_id"] or "").strip())
    log(request, "view", "/risk/new", detail={"crime_id": values["crime_id"] or None, "instrument": chosen.id})
    return _form(request, chosen, values)


@pages.post("/risk/new", *roles.RISK_ASSESSORS)
def record_assessment(request: Request) -> Response:
    bank, form = instruments.load(), request.state.form
    chosen = risk_form.instrument(bank, form)
    values = risk_form.sent(chosen, form)
    with tempfile.TemporaryDirectory(prefix="stalkscreen-risk-") as folder:
        path = risk_form.write_file(Path(folder), values, user(request)["name"])
        try:
            with writing(request) as con:
                report = record.run(con, path, bank)
        except StalkscreenError as exc:
            found = risk_form.problems(exc.message, path)
            log(request, "refused", "/risk/new", detail={"assessment_id": values["assessment_id"],
                                                              "problems": [p["message"] for p in found]})
            values["people"] = []
            return _form(request, chosen, values, found or [{"field": None, "message": exc.message}], 400)
    assessment_id = values["assessment_id"]
    done = report.recorded[0].score if report.recorded else None
    log(request, "change", f"/risk/{assessment_id}", detail={
        "crime_id": values["crime_id"], "instrument": f"{chosen.id} {chosen.version}",
        "recorded": bool(report.recorded), "lower_than_suggested": done.lower_than_suggested if done else None})
    if render.wants_json(request):
        return render.page(request, "risk_form.html", {"assessment_id": assessment_id, "recorded": bool(report.recorded),
                                                       "unchanged": report.unchanged}, as_json=True)
    return RedirectResponse(f"/risk/{assessment_id}", status_code=303)


@pages.get("/risk/due", *roles.RISK_ASSESSORS)
def due_list(request: Request) -> Response:
    day = forms.date(request.query_params, "date") or dt.date.today()
    bank = instruments.load()
    with reading(request) as con:
        rows = due.risk_due(con, day, bank)
    log(request, "view", "/risk/due", detail={"date": day, "rows": len(rows)})
    missing = sum(r["kind"] == "missing" for r in rows)
    return render.page(request, "risk_due.html", {"date": day, "missing": missing, "overdue": len(rows) - missing,
                                                  "due": rows}, {"sdash": bank.policy.sdash_instrument})


@pages.get("/risk/{assessment_id}", *roles.RISK_ASSESSORS)
def one_assessment(request: Request, assessment_id: str) -> Response:
    with reading(request) as con:
        found = show.show(con, instruments.load(), assessment_id.strip())
    log(request, "view", f"/risk/{assessment_id}", detail={"crime_id": found["crime_id"]})
    return render.page(request, "risk.html", {"assessment": found})
