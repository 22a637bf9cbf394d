"""The RFGV harm ranking (as `stalkscreen harm`) and one score's breakdown (as `harm explain`).
An analyst sees it pseudonymised: the subject's id only, no suspect or victim ids and no links
to people or crimes; investigators and supervisors see it whole."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import Response

from stalkscreen.harm import scores
from stalkscreen.web import forms, render, roles
from stalkscreen.web.context import log, reading, user
from stalkscreen.web.roles import Pages

pages = Pages()
RANKING = ["rank", "subject_kind", "subject_id", "suspect_person_id", "victim_person_id", "score", "gravity",
           "recency", "frequency", "victimisation", "victims", "serial", "last_crime_at"]
PERSONAL = ("suspect_person_id", "victim_person_id")   # ids that lead to a named person


def _full(request: Request) -> bool:
    return user(request)["role"] != roles.ANALYST


def _pseudonymised(row: dict) -> dict:
    return {k: v for k, v in row.items() if k not in PERSONAL}


def _run_facts(run: dict, out_of_date: bool) -> dict:
    return {"harm_run_id": run["harm_run_id"], "as_of": run["as_of"], "spec_version": run["spec_version"],
            "index_version": run["index_version"], "stale": out_of_date}


@pages.get("/harm", *roles.HARM_READERS)
def ranking(request: Request) -> Response:
    values = request.query_params
    kind = forms.choice(values, "kind", scores.KINDS)
    top = forms.number(values, "top", 50, 1, 100000)
    run_id = forms.number(values, "run", 0, 1, 10**9) or None
    with reading(request) as con:
        run = scores.choose_run(con, run_id)
        rows = scores.ranking(con, run["harm_run_id"], kind, top)
        out_of_date = scores.stale(con, run)
    full = _full(request)
    rows = rows if full else [_pseudonymised(r) for r in rows]
    log(request, "view", "/harm", detail={"kind": kind, "top": top, "run": run["harm_run_id"], "rows": len(rows),
                                         "pseudonymised": not full})
    columns = [c for c in RANKING if full or c not in PERSONAL]
    return render.page(request, "harm.html", {"run": _run_facts(run, out_of_date), "kind": kind, "top": top,
                                              "scores": rows},
                       {"columns": columns, "full": full, "kinds": scores.KINDS})


@pages.get("/harm/{subject_id}", *roles.HARM_READERS)
def breakdown(request: Request, subject_id: str) -> Response:
    values = request.query_params
    kind = forms.choice(values, "kind", scores.KINDS)
    run_id = forms.number(values, "run", 0, 1, 10**9) or None
    with reading(request) as con:
        run = scores.choose_run(con, run_id)
        found = scores.explain(con, subject_id, run["harm_run_id"], kind)
    full = _full(request)
    if not full:
        found = [_pseudonymised(s) for s in found]
    log(request, "view", f"/harm/{subject_id}", detail={"kind": kind, "run": run["harm_run_id"],
                                                       "pseudonymised": not full})
    return render.page(request, "harm_subject.html", {"subject_id": subject_id, "run": _run_facts(run, False),
                                                      "scores": found},
                       {"full": full, "crime_columns": scores.CRIME_COLUMNS})
