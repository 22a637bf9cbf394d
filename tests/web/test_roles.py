"""Every route declares its roles; anonymous users and other roles are refused."""

from __future__ import annotations

import pytest

from stalkscreen.web.app import PAGES
from stalkscreen.web.roles import PUBLIC, Pages

from .conftest import ROLES

ROUTES = [(method, route.path, route.endpoint.roles)
          for module in PAGES for route in module.pages.router.routes for method in route.methods]
GUARDED = [r for r in ROUTES if r[2] != PUBLIC]


def _url(path: str) -> str:
    return path.replace("{crime_id}", "C1").replace("{person_id}", "P1").replace("{dyad_id}", "D1")


def _call(client, method: str, path: str, json_twin: bool = False):
    url = _url(path) + ("?format=json" if json_twin else "")
    return client.get(url) if method == "GET" else client.post(url, data={})


def test_a_route_without_roles_cannot_be_added():
    with pytest.raises(ValueError, match="allows no roles"):
        Pages().get("/open")


def test_only_sign_in_is_public():
    assert sorted((m, p) for m, p, roles in ROUTES if roles == PUBLIC) == [("GET", "/sign-in"), ("POST", "/sign-in")]


@pytest.mark.parametrize("method,path,roles", GUARDED, ids=[f"{m} {p}" for m, p, _ in GUARDED])
def test_every_route_refuses_an_anonymous_user(anonymous, method, path, roles):
    page, twin = _call(anonymous, method, path), _call(anonymous, method, path, json_twin=True)
    assert page.status_code in (303, 401) and twin.status_code == 401
    if method == "GET":
        assert page.headers["location"].startswith("/sign-in?next=")


@pytest.mark.parametrize("role", ROLES)
def test_each_role_is_refused_the_routes_it_may_not_use(as_role, role):
    client = as_role(role)
    refused = {(m, p): _call(client, m, p).status_code for m, p, roles in GUARDED if role not in roles}
    assert refused and set(refused.values()) == {403}


@pytest.mark.parametrize("role", ROLES)
def test_each_role_is_let_through_to_its_own_get_routes(as_role, role):
    client = as_role(role)
    allowed = {p: _call(client, "GET", p).status_code for m, p, roles in GUARDED if m == "GET" and role in roles}
    # 404-style faults (no crime C1) come back as 400 with a message, never as a refusal
    assert allowed and 403 not in allowed.values() and 500 not in allowed.values()


def test_a_refusal_is_recorded_in_the_audit_log(as_role, settings):
    from stalkscreen.web import audit
    as_role("analyst").get("/audit")
    assert any(e["action"] == "refused" and e["what"] == "/audit" for e in audit.entries(settings.web))
