"""The DMM list page: shown for a day with each line linking to its case, its PDF agenda, and
recording the day's list (a supervisor's change, audited, CSRF-checked)."""

from __future__ import annotations

from stalkscreen.web import audit

from support import query

from .conftest import csrf_from

DAY = "2026-09-01"   # a Tuesday with overdue actions in the synthetic force


def test_the_list_and_its_json_twin_show_the_days_lines(as_role, settings):
    client = as_role("investigator")
    twin = client.get("/dmm", params={"date": DAY, "format": "json"}).json()
    lines = [x for s in twin["sections"].values() for x in s]
    page = client.get("/dmm", params={"date": DAY})
    assert twin["produced_on"] == DAY and lines and twin["total"] == len(lines)
    assert page.status_code == 200 and f'href="/crimes/{lines[0]["crime_id"]}"' in page.text
    assert 'href="/dmm.pdf?date=2026-09-01"' in page.text and "Record this day" not in page.text
    assert audit.entries(settings.web, action="view")[0]["what"] == "/dmm"


def test_a_day_the_meeting_does_not_sit_is_refused_with_its_reason(as_role):
    reply = as_role("supervisor").get("/dmm", params={"date": "2026-08-30", "format": "json"})
    assert reply.status_code == 400 and "not a meeting day" in reply.json()["error"]


def test_a_bad_date_names_the_field(as_role):
    reply = as_role("supervisor").get("/dmm", params={"date": "1 Sept", "format": "json"})
    assert reply.status_code == 400 and reply.json()["field"] == "date"


def test_the_pdf_agenda_is_a_pdf(as_role):
    reply = as_role("supervisor").get("/dmm.pdf", params={"date": DAY})
    assert reply.status_code == 200 and reply.headers["content-type"] == "application/pdf"
    assert reply.content.startswith(b"%PDF")


def test_a_supervisor_records_the_days_list_and_it_is_audited(as_role, settings):
    client = as_role("supervisor")
    page = client.get("/dmm", params={"date": DAY})
    reply = client.post("/dmm", data={"date": DAY, "csrf_token": csrf_from(page.text)})
    assert reply.status_code == 303 and reply.headers["location"] == f"/dmm?date={DAY}"
    assert query(settings.store, "SELECT count(*) FROM dmm_lists WHERE produced_on = ?", [DAY]) == [(1,)]
    entry = audit.entries(settings.web, action="change")[0]
    assert entry["what"] == "/dmm" and DAY in entry["detail"]


def test_recording_answers_json_with_the_csrf_header(as_role, settings):
    client = as_role("supervisor")
    token = csrf_from(client.get("/dmm", params={"date": DAY}).text)
    reply = client.post("/dmm?format=json", data={"date": DAY}, headers={"X-CSRF-Token": token})
    assert reply.status_code == 200 and reply.json()["recorded"] is True


def test_recording_without_the_csrf_token_is_refused_and_nothing_recorded(as_role, settings):
    reply = as_role("supervisor").post("/dmm", data={"date": DAY})
    assert reply.status_code == 403
    assert query(settings.store, "SELECT count(*) FROM dmm_lists") == [(0,)]


def test_only_investigators_and_supervisors_see_it_and_only_supervisors_record(as_role, anonymous):
    investigator = as_role("investigator")
    token = csrf_from(investigator.get("/dmm", params={"date": DAY}).text)
    assert investigator.post("/dmm", data={"date": DAY, "csrf_token": token}).status_code == 403
    for role in ("analyst", "registrar", "auditor", "admin"):
        assert as_role(role).get("/dmm", params={"date": DAY}).status_code == 403
    assert anonymous.get("/dmm").status_code == 303 and anonymous.get("/dmm.pdf?format=json").status_code == 401
