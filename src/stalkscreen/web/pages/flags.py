"""The screening review queue: flags highest priority first; one flag with its evidence spans
highlighted and its linked records; accept or reject with a reason (as `stalkscreen flags review`)."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import RedirectResponse, Response

from stalkscreen.errors import StalkscreenError
from stalkscreen.reference import offences as offence_catalogue
from stalkscreen.screen import review
from stalkscreen.web import forms, records, render, roles
from stalkscreen.web.context import log, reading, settings, user, writing
from stalkscreen.web.roles import Pages

pages = Pages()
PAGE = 50   # flags a page of the queue shows: a reviewer works down it, and "next" gives the following


@pages.get("/flags", *roles.FLAG_READERS)
def queue(request: Request) -> Response:
    status = forms.choice(request.query_params, "status", review.STATUSES)
    limit = forms.number(request.query_params, "limit", PAGE, 1, 5000)
    offset = forms.number(request.query_params, "offset", 0, 0, 10_000_000)
    with reading(request) as con:
        found = review.flags(con, status, limit, offset)
        total = review.count(con, status)
    log(request, "view", "/flags", detail={"status": status, "offset": offset, "flags": len(found)})
    return render.page(request, "flags.html", {"status": status, "total": total, "offset": offset, "limit": limit,
                                               "flags": found}, {"statuses": review.STATUSES})


def _flag_page(request: Request, crime_id: str) -> dict:
    with reading(request) as con:
        crime = records.crime(con, crime_id)
        flag = records.flag(con, crime_id)
    if flag is None:
        raise StalkscreenError(f"crime {crime_id} has no flag to review", hint="the queue lists the flags")
    return {"crime": crime, "flag": flag, "linked_crimes": records.linked_crimes(flag["reasons"])}


@pages.get("/flags/{crime_id}", *roles.FLAG_READERS)
def one_flag(request: Request, crime_id: str) -> Response:
    data = _flag_page(request, crime_id)
    log(request, "view", f"/flags/{crime_id}")
    extra = {"segments": records.segments(data["crime"]["narrative"], data["flag"]["reasons"]),
             "may_decide": user(request)["role"] in roles.FLAG_DECIDERS}
    return render.page(request, "flag.html", data, extra)


@pages.post("/flags/{crime_id}/decision", *roles.FLAG_DECIDERS)
def decide(request: Request, crime_id: str) -> Response:
    form = request.state.form
    decision = forms.choice(form, "decision", ("accept", "reject"))
    if decision is None:
        raise forms.FieldError("decision", "choose accept or reject")
    reason = forms.text(form, "reason", required=True, max_length=2000)
    catalogue = offence_catalogue.load(settings(request).offences)
    with writing(request) as con:
        done = review.decide(con, catalogue, crime_id, decision == "accept", reason, user(request)["name"])
    log(request, "change", f"/flags/{crime_id}", detail={"decision": done["decision"], "reason": reason,
                                                         "review_id": done["review_id"], "change": done["change"]})
    if render.wants_json(request):
        return render.page(request, "flag.html", done, as_json=True)
    return RedirectResponse(f"/flags/{crime_id}", status_code=303)


@pages.get("/crimes/{crime_id}", *roles.CASEWORK)
def one_crime(request: Request, crime_id: str) -> Response:
    with reading(request) as con:
        crime = records.crime(con, crime_id)
        flag = records.flag(con, crime_id)
        evidence_files = records.evidence_files(con, crime_id)
    log(request, "view", f"/crimes/{crime_id}")
    return render.page(request, "crime.html", {"crime": crime, "flagged": flag is not None,
                                               "evidence_files": evidence_files})
