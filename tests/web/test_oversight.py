"""The plan tracker (status, comparison, evidence), the problem profile made on a POST, and the
quarantine of rows refused at load."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from stalkscreen.oversight.plans import storage
from stalkscreen.web import audit

from support import opened

from .conftest import csrf_from

PLAN = Path(__file__).parent.parent / "fixtures" / "plans" / "kent_action_plan.txt"


def test_the_plan_tracker_shows_status_comparison_and_evidence(as_role, settings):
    with opened(settings.store) as con:
        storage.run(con, PLAN, "Kent", dt.date(2026, 10, 1))
    client = as_role("analyst")
    twin = client.get("/plans", params={"format": "json"}).json()
    assert twin["forces"] == ["Kent"] and twin["status"] and len(twin["compare"]) == len(twin["status"])
    assert twin["status"][0]["recommendation"] in client.get("/plans").text
    evidence = client.get("/plans/evidence", params={"force": "Kent", "format": "json"}).json()["evidence"]
    assert evidence and {e["force"] for e in evidence} == {"Kent"}
    assert audit.entries(settings.web, action="view")[0]["what"] == "/plans/evidence"


def test_the_profile_is_made_on_a_post_and_sent_as_a_file(as_role, settings):
    client = as_role("analyst")
    form = client.get("/profile")
    assert form.status_code == 200 and 'name="publish"' not in form.text  # an analyst's is always publishable
    reply = client.post("/profile", data={"from": "2025-10-01", "to": "2026-09-30", "csrf_token": csrf_from(form.text)})
    assert reply.status_code == 200 and reply.headers["content-disposition"].startswith("attachment;")
    assert "<html" in reply.text.lower() and "<svg" in reply.text
    entry = audit.entries(settings.web, action="view")[0]
    assert entry["what"] == "/profile" and '"publish": true' in entry["detail"]


def test_the_profile_twin_and_its_refusals(as_role):
    client = as_role("supervisor")
    token = csrf_from(client.get("/profile").text)
    missing = client.post("/profile?format=json", data={"from": "2026-01-01"}, headers={"X-CSRF-Token": token})
    assert missing.status_code == 400 and missing.json()["field"] == "to"
    assert client.post("/profile", data={"from": "2026-01-01", "to": "2026-02-01"}).status_code == 403  # no token


def test_quarantine_lists_refused_rows_for_the_registrar(as_role, settings):
    client = as_role("registrar")
    twin = client.get("/quarantine", params={"format": "json"}).json()
    assert twin["rows"] and all(r["reason"] for r in twin["rows"])
    page = client.get("/quarantine", params={"table": twin["rows"][0]["table_name"]}).text
    assert twin["rows"][0]["file"] in page
    assert client.get("/quarantine", params={"table": "nope", "format": "json"}).json()["field"] == "table"
    assert audit.entries(settings.web, action="view")[0]["what"] == "/quarantine"


def test_roles_of_the_oversight_pages(as_role, anonymous):
    assert as_role("investigator").get("/plans").status_code == 403
    assert as_role("registrar").get("/profile").status_code == 403
    assert as_role("supervisor").get("/quarantine").status_code == 403
    assert anonymous.post("/profile?format=json", data={}).status_code == 401
