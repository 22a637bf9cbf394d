"""The daily management meeting list for a day (as `stalkscreen dmm`): shown and printable, its
PDF agenda, and recording the day's list in dmm_lists, which only the chair (a supervisor) does."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from fastapi import Request
from fastapi.responses import RedirectResponse, Response
from starlette.background import BackgroundTask
from starlette.responses import FileResponse

from stalkscreen.casework import rules as casework_rules
from stalkscreen.dmm import agenda, produce
from stalkscreen.dmm import rules as dmm_rules
from stalkscreen.dmm.model import SECTIONS, TITLES, DmmList
from stalkscreen.dmm.window import sits_on
from stalkscreen.reference import offences as offence_catalogue
from stalkscreen.web import forms, render, roles
from stalkscreen.web.context import log, reading, settings, user, writing
from stalkscreen.web.roles import Pages

pages = Pages()


def _day(values, rules) -> dt.date:
    """The day asked for, or the latest day on or before today the meeting sits."""
    day = forms.date(values, "date")
    if day is not None:
        return day
    day = dt.date.today()
    for _ in range(rules.max_lookback_days + 7):
        if sits_on(rules, day):
            return day
        day -= dt.timedelta(days=1)
    return dt.date.today()  # no sitting found: look_back will say why


def _make(request: Request, values, record: bool = False) -> DmmList:
    rules, casework = dmm_rules.load(), casework_rules.load()
    catalogue = offence_catalogue.load(settings(request).offences)
    day = _day(values, rules)
    if record:
        with writing(request) as con:
            return produce.run(con, day, rules, casework, catalogue)
    with reading(request) as con:  # producing without recording only makes a temp table
        return produce.produce(con, day, rules, casework, catalogue)


def _answer(made: DmmList) -> dict:
    return {**made.summary(), "sections": {s: made.sections.get(s, []) for s in SECTIONS}}


@pages.get("/dmm", *roles.DMM_READERS)
def dmm_list(request: Request) -> Response:
    made = _make(request, request.query_params)
    day = made.window.day
    log(request, "view", "/dmm", detail={"date": day, "lines": made.total()})
    extra = {"titles": TITLES, "order": SECTIONS, "window": made.window.describe(), "weekday": f"{day:%A}",
             "may_record": user(request)["role"] in roles.DMM_CHAIRS}
    return render.page(request, "dmm.html", _answer(made), extra)


@pages.get("/dmm.pdf", *roles.DMM_READERS)
def dmm_pdf(request: Request) -> Response:
    render.wants_json(request)  # an unknown format is refused as on every page
    made = _make(request, request.query_params)
    folder = Path(tempfile.mkdtemp(prefix="stalkscreen-dmm-"))
    out = agenda.write_pdf(made, folder / f"dmm-{made.window.day}.pdf")
    log(request, "view", "/dmm.pdf", detail={"date": made.window.day, "lines": made.total()})
    # the agenda holds personal data: the file is removed once sent
    return FileResponse(out, media_type="application/pdf", filename=out.name,
                        background=BackgroundTask(_remove, folder))


def _remove(folder: Path) -> None:
    for child in folder.iterdir():
        child.unlink()
    folder.rmdir()


@pages.post("/dmm", *roles.DMM_CHAIRS)
def record_list(request: Request) -> Response:
    made = _make(request, request.state.form, record=True)
    day = made.window.day
    log(request, "change", "/dmm", detail={"recorded": day, "lines": made.total(), "counts": made.counts()})
    if render.wants_json(request):
        return render.page(request, "dmm.html", {**_answer(made), "recorded": True}, as_json=True)
    return RedirectResponse(f"/dmm?date={day}", status_code=303)

