"""A person's or a suspect-victim dyad's course of conduct in date order (as `stalkscreen timeline`).
The page asks why it is being opened; the reason goes into the audit log with the view."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import Response

from stalkscreen.link import timeline
from stalkscreen.web import forms, render, roles
from stalkscreen.web.context import log, reading
from stalkscreen.web.roles import Pages

pages = Pages()
PURPOSE_HINT = "say why you are opening this record, e.g. 'DMM 3 March: risk review of victim'"


def purpose_of(request: Request) -> str | None:
    purpose = forms.text(request.query_params, "purpose", max_length=300)
    if purpose is None and render.wants_json(request):
        raise forms.FieldError("purpose", "is required to view a person's records", hint=PURPOSE_HINT)
    return purpose


@pages.get("/people/{person_id}", *roles.TIMELINE_READERS)
def person(request: Request, person_id: str) -> Response:
    purpose = purpose_of(request)
    if purpose is None:
        return render.page(request, "purpose.html", {}, {"what": f"person {person_id}", "hint": PURPOSE_HINT})
    with reading(request) as con:
        entries = timeline.person(con, person_id)
        dyads = timeline.dyads_of(con, person_id)
    log(request, "view", f"/people/{person_id}", purpose=purpose)
    return render.page(request, "person.html", {"person_id": person_id, "timeline": entries, "dyads": dyads},
                       {"purpose": purpose})


@pages.get("/dyads/{dyad_id}", *roles.TIMELINE_READERS)
def dyad(request: Request, dyad_id: str) -> Response:
    purpose = purpose_of(request)
    if purpose is None:
        return render.page(request, "purpose.html", {}, {"what": f"dyad {dyad_id}", "hint": PURPOSE_HINT})
    with reading(request) as con:
        head, entries = timeline.dyad(con, dyad_id)
    log(request, "view", f"/dyads/{dyad_id}", purpose=purpose)
    return render.page(request, "dyad.html", {"dyad": head, "timeline": entries}, {"purpose": purpose})
