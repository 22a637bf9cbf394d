"""Search crimes by offence (principal or included), narrative words, person and dates: the same
search as `stalkscreen search`. An analyst's results carry no names (pseudonymised)."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import Response

from stalkscreen.errors import StalkscreenError
from stalkscreen.reference import offences as offence_catalogue
from stalkscreen.search.query import PERSON_ROLES, ROLES, Query, index_lag, search, validate
from stalkscreen.web import forms, render, roles
from stalkscreen.web.context import log, reading, settings, user
from stalkscreen.web.forms import FieldError
from stalkscreen.web.roles import Pages

pages = Pages()
FIELDS = ("offence", "role", "text", "person", "person_role", "from", "to", "force", "limit")


def _query(values, may_name_people: bool) -> Query:
    person = forms.text(values, "person", max_length=200)
    if person and not may_name_people:
        raise FieldError("person", "your role searches without names", hint="search by offence, words or dates")
    return Query(offence=forms.text(values, "offence", max_length=200),
                 role=forms.choice(values, "role", ROLES, "any"),
                 text=forms.text(values, "text", max_length=1000), person=person,
                 person_role=forms.choice(values, "person_role", PERSON_ROLES),
                 date_from=forms.date(values, "from"), date_to=forms.date(values, "to"),
                 force=forms.text(values, "force", max_length=100),
                 limit=forms.number(values, "limit", 100, 1, 1000))


def _pseudonymised(hit: dict) -> dict:
    matched = {k: v for k, v in hit["matched"].items() if k != "person"}
    return {**hit, "matched": matched}


@pages.get("/search", *roles.SEARCHERS)
def search_page(request: Request) -> Response:
    values = request.query_params
    asked = {f: values.get(f, "") for f in FIELDS}
    may_name_people = user(request)["role"] != roles.ANALYST
    extra = {"asked": asked, "may_name_people": may_name_people, "roles": ROLES, "person_roles": PERSON_ROLES}
    if not any(values.get(f) for f in FIELDS):
        return render.page(request, "search.html", {"hits": None, "warning": None}, extra)
    try:
        query = _query(values, may_name_people)
        validate(query)
        catalogue = offence_catalogue.load(settings(request).offences)
        if query.offence:
            catalogue.resolve(query.offence)
    except StalkscreenError as exc:  # shown above the form, which keeps what was typed
        error = {"error": exc.message, "hint": exc.hint, "field": getattr(exc, "field", None)}
        return render.page(request, "search.html", error, {**extra, "hits": None}, status=400)
    with reading(request) as con:
        lagging = bool(query.text) and index_lag(con)
        hits = search(con, query, catalogue)
    if not may_name_people:
        hits = [_pseudonymised(h) for h in hits]
    log(request, "search", "/search", detail={f: v for f, v in asked.items() if v} | {"results": len(hits)})
    warning = "the narrative index looks behind the crimes; run `stalkscreen search --update-index`" if lagging else None
    return render.page(request, "search.html", {"hits": hits, "warning": warning}, extra)
