"""Orders (with one order's steps and the SPO consideration exceptions) and Victims' Code
compliance: figures for analysts and supervisors, the named victims behind them for supervisors."""

from __future__ import annotations

from stalkscreen.web import audit

MONTH = {"month": "2026-09", "as_of": "2026-10-31"}


def test_orders_list_its_twin_and_one_orders_steps(as_role, settings):
    client = as_role("supervisor")
    twin = client.get("/orders", params={"as_of": "2026-10-31", "format": "json"}).json()
    first = twin["orders"][0]["order_id"]
    assert twin["orders"] and f'href="/orders/{first}"' in client.get("/orders").text
    steps = client.get(f"/orders/{first}", params={"format": "json"}).json()["steps"]
    assert steps and all(s["order_id"] == first for s in steps)
    assert audit.entries(settings.web, action="view")[0]["what"] == f"/orders/{first}"


def test_an_order_filter_names_its_field(as_role):
    reply = as_role("investigator").get("/orders", params={"status": "lost", "format": "json"})
    assert reply.status_code == 400 and reply.json()["field"] == "status"


def test_unconsidered_cases_give_the_figure_and_the_cases(as_role):
    twin = as_role("investigator").get("/orders/unconsidered", params={"as_of": "2026-10-31", "format": "json"}).json()
    assert twin["figure"]["exceptions"] == len(twin["cases"]) and twin["figure"]["denominator"] >= len(twin["cases"])


def test_victims_figures_for_an_analyst_without_the_named_list(as_role, settings):
    client = as_role("analyst")
    twin = client.get("/victims", params={**MONTH, "format": "json"}).json()
    assert twin["month"] == "2026-09" and {f["measure"] for f in twin["figures"]} >= {"referral_rate"}
    page = client.get("/victims", params=MONTH).text
    assert "/victims/exceptions/" not in page and "Code compliance: stalking cases recorded in 2026-09" in page
    assert client.get("/victims/exceptions/referral_rate", params=MONTH).status_code == 403
    assert audit.entries(settings.web, action="view")[0]["what"] == "/victims"


def test_a_supervisor_lists_the_victims_behind_a_figure(as_role, settings):
    client = as_role("supervisor")
    figures = client.get("/victims", params={**MONTH, "format": "json"}).json()["figures"]
    measure = next(f for f in figures if f["exceptions"])
    assert f'href="/victims/exceptions/{measure["measure"]}' in client.get("/victims", params=MONTH).text
    listed = client.get(f"/victims/exceptions/{measure['measure']}", params={**MONTH, "format": "json"}).json()
    assert len(listed["exceptions"]) == measure["exceptions"]
    assert audit.entries(settings.web, action="view")[0]["what"] == f"/victims/exceptions/{measure['measure']}"


def test_a_bad_month_names_its_field(as_role):
    reply = as_role("supervisor").get("/victims", params={"month": "Sept", "format": "json"})
    assert reply.status_code == 400 and reply.json()["field"] == "month"


def test_roles_of_orders_and_victims(as_role, anonymous):
    assert as_role("analyst").get("/orders").status_code == 403
    assert as_role("investigator").get("/victims").status_code == 403
    assert as_role("registrar").get("/orders/unconsidered").status_code == 403
    assert anonymous.get("/victims?format=json").status_code == 401
