"""Protective orders with their statutory findings (as `stalkscreen orders`), the stalking cases
without an SPO consideration (`orders unconsidered`), and Victims' Code compliance (as
`stalkscreen victims`): the figures for analysts and supervisors, the named victims behind a
figure for supervisors only."""

from __future__ import annotations

import datetime as dt

from fastapi import Request
from fastapi.responses import Response

from stalkscreen.casework import consideration, orders, victims
from stalkscreen.casework import rules as casework_rules
from stalkscreen.errors import StalkscreenError
from stalkscreen.reference import offences as offence_catalogue
from stalkscreen.web import forms, render, roles
from stalkscreen.web.context import log, reading, settings
from stalkscreen.web.roles import Pages

pages = Pages()
ORDER_COLUMNS = ["order_id", "order_type", "crime_id", "status", "made_on", "expires_on", "days_to_expiry",
                 "breaches", "findings"]
FILTERS = (*orders.STATUSES, "breached")


def _as_of(values) -> dt.date:
    return forms.date(values, "as_of") or dt.date.today()


def _month(values, as_of: dt.date) -> victims.Period:
    last_full = (as_of.replace(day=1) - dt.timedelta(days=1)).strftime("%Y-%m")
    text = forms.text(values, "month", max_length=7) or last_full
    try:
        return victims.parse_month(text)
    except StalkscreenError:  # the package names its CLI option; the form names its field
        raise forms.FieldError("month", f"'{text}' is not a month", hint="write the month as YYYY-MM, e.g. 2026-09") from None


@pages.get("/orders", *roles.ORDER_READERS)
def order_list(request: Request) -> Response:
    values = request.query_params
    status = forms.choice(values, "status", FILTERS)
    within = forms.number(values, "expiring_within", -1, 0, 3650)
    kind = forms.text(values, "type", max_length=40)
    as_of = _as_of(values)
    with reading(request) as con:
        rows = orders.list_orders(con, casework_rules.load(), as_of, status, None if within < 0 else within, kind)
    log(request, "view", "/orders", detail={"status": status, "type": kind, "orders": len(rows)})
    return render.page(request, "orders.html", {"as_of": as_of, "orders": rows},
                       {"columns": ORDER_COLUMNS, "filters": FILTERS, "asked": {"status": status or "", "type": kind or "",
                                                                               "within": "" if within < 0 else within}})


@pages.get("/orders/unconsidered", *roles.ORDER_READERS)
def unconsidered(request: Request) -> Response:
    values = request.query_params
    as_of = _as_of(values)
    days = forms.number(values, "days", -1, 0, 3650)
    catalogue = offence_catalogue.load(settings(request).offences)
    with reading(request) as con:
        figure, rows = consideration.spo_exceptions(con, casework_rules.load(), catalogue, as_of,
                                                    None if days < 0 else days, forms.date(values, "from"),
                                                    forms.date(values, "to"))
    log(request, "view", "/orders/unconsidered", detail={"as_of": as_of, "cases": len(rows)})
    return render.page(request, "unconsidered.html", {"figure": figure, "cases": rows},
                       {"columns": consideration.COLUMNS})


@pages.get("/orders/{order_id}", *roles.ORDER_READERS)
def order_steps(request: Request, order_id: str) -> Response:
    with reading(request) as con:
        found = orders.steps(con, order_id)
    log(request, "view", f"/orders/{order_id}")
    return render.page(request, "order.html", {"order_id": order_id, "steps": found})


@pages.get("/victims", *roles.FIGURE_READERS)
def victims_figures(request: Request) -> Response:
    values = request.query_params
    as_of = _as_of(values)
    period = _month(values, as_of)
    by_team = forms.choice(values, "by_team", ("yes", "no"), "no") == "yes"
    rules = casework_rules.load()
    with reading(request) as con:
        rows = victims.figures(con, rules, offence_catalogue.load(settings(request).offences), period, as_of, by_team)
    log(request, "view", "/victims", detail={"month": period.month, "by_team": by_team})
    return render.page(request, "victims.html", {"month": period.month, "as_of": as_of, "rules": rules.version,
                                                 "figures": rows},
                       {"may_list": request.state.user["role"] in roles.VICTIM_EXCEPTION_READERS, "by_team": by_team})


@pages.get("/victims/exceptions/{measure}", *roles.VICTIM_EXCEPTION_READERS)
def victims_exceptions(request: Request, measure: str) -> Response:
    values = request.query_params
    as_of = _as_of(values)
    period = _month(values, as_of)
    team = forms.text(values, "team", max_length=100)
    with reading(request) as con:
        rows = victims.exceptions(con, casework_rules.load(), offence_catalogue.load(settings(request).offences),
                                  period, as_of, measure, team)
    log(request, "view", f"/victims/exceptions/{measure}", detail={"month": period.month, "team": team,
                                                                  "victims": len(rows)})
    return render.page(request, "victims_exceptions.html", {"measure": measure, "month": period.month,
                                                            "as_of": as_of, "team": team, "exceptions": rows},
                       {"columns": victims.EXCEPTION_COLUMNS})
