"""The risk-assessment form: every S-DASH item shown, a valid assessment recorded end to end
through the same function as `stalkscreen risk record`, each refusal shown next to its field;
one assessment shown; the list of assessments due."""

from __future__ import annotations

import re

from stalkscreen.risk import instruments
from stalkscreen.web import audit

from support import query

from .conftest import csrf_from

ITEMS = [i.id for i in instruments.load().get("S-DASH", "2009").items]


def _crime_and_victim(settings) -> tuple[str, str]:
    return query(settings.store, "SELECT crime_id, person_record_id FROM person_records WHERE role = 'victim' "
                                 "ORDER BY crime_id LIMIT 1")[0]


def _open_form(client, crime_id: str) -> tuple[str, dict]:
    page = client.get("/risk/new", params={"instrument": "S-DASH", "crime_id": crime_id})
    assert page.status_code == 200
    fields = {"csrf_token": csrf_from(page.text), "instrument": "S-DASH", "instrument_version": "2009",
              "assessment_id": re.search(r'name="assessment_id" value="([^"]+)"', page.text).group(1),
              "crime_id": crime_id, "completed_at": "2026-10-01T14:00", "assessor_level": "high"}
    return page.text, fields


def _answers(yes: int = 3) -> dict:
    return {f"answer_{item}": "yes" if n < yes else "no" for n, item in enumerate(ITEMS)}


def test_the_form_shows_every_item_with_three_answers_and_a_comment(as_role, settings):
    crime_id, victim = _crime_and_victim(settings)
    page, _ = _open_form(as_role("investigator"), crime_id)
    assert len(ITEMS) == 11
    for item in ITEMS:
        assert all(f'id="answer_{item}-{a}"' in page for a in ("yes", "no", "not_known"))
        assert f'name="comment_{item}"' in page
    assert f'value="{victim}"' in page and 'name="assessor_level"' in page


def test_a_valid_s_dash_is_recorded_shown_and_audited(as_role, settings):
    crime_id, victim = _crime_and_victim(settings)
    client = as_role("investigator")
    _, fields = _open_form(client, crime_id)
    sent = {**fields, **_answers(3), "person_record_id": victim, "comment_" + ITEMS[0]: "sleeps at her sister's"}
    reply = client.post("/risk/new", data=sent)
    assessment_id = fields["assessment_id"]
    assert reply.status_code == 303 and reply.headers["location"] == f"/risk/{assessment_id}", reply.text
    shown = client.get(f"/risk/{assessment_id}", params={"format": "json"}).json()["assessment"]
    assert (shown["yes_count"], shown["assessor_level"], shown["assessor"]) == (3, "high", "investigator1")
    assert shown["suggested_level"] is None and shown["lower_than_suggested"] is False
    assert shown["items"][0]["comment"] == "sleeps at her sister's"
    page = client.get(f"/risk/{assessment_id}").text
    assert "none (judgement only)" in page and "sleeps at her sister&#39;s" in page
    entry = audit.entries(settings.web, action="change")[0]
    assert entry["what"] == f"/risk/{assessment_id}" and crime_id in entry["detail"]
    assert query(settings.store, "SELECT count(*) FROM risk_answers WHERE assessment_id = ?", [assessment_id]) == [(11,)]


def test_sending_the_form_twice_records_it_once(as_role, settings):
    crime_id, _ = _crime_and_victim(settings)
    client = as_role("supervisor")
    _, fields = _open_form(client, crime_id)
    first = client.post("/risk/new?format=json", data={**fields, **_answers()})
    second = client.post("/risk/new?format=json", data={**fields, **_answers()})
    assert first.json()["recorded"] is True and second.json()["unchanged"] == [fields["assessment_id"]]


def _section(page: str, item: str) -> str:
    return page.split(f'id="item-{item}"', 1)[1].split("</fieldset>", 1)[0]


def test_a_missing_item_is_shown_next_to_that_item_and_nothing_recorded(as_role, settings):
    crime_id, _ = _crime_and_victim(settings)
    client = as_role("investigator")
    _, fields = _open_form(client, crime_id)
    answers = _answers()
    del answers[f"answer_{ITEMS[4]}"]
    reply = client.post("/risk/new", data={**fields, **answers})
    assert reply.status_code == 400
    assert "is not answered" in _section(reply.text, ITEMS[4]) and "field-error" not in _section(reply.text, ITEMS[3])
    assert f'id="answer_{ITEMS[0]}-yes" name="answer_{ITEMS[0]}" value="yes" checked' in reply.text  # kept
    assert query(settings.store, "SELECT count(*) FROM risk_records") == [(0,)]
    assert audit.entries(settings.web, action="refused")[0]["what"] == "/risk/new"


def test_a_wrong_value_is_named_next_to_its_item(as_role, settings):
    crime_id, _ = _crime_and_victim(settings)
    client = as_role("investigator")
    _, fields = _open_form(client, crime_id)
    reply = client.post("/risk/new?format=json", headers={"X-CSRF-Token": fields["csrf_token"]},
                        data={**fields, **_answers(), f"answer_{ITEMS[2]}": "maybe"})
    body = reply.json()
    assert reply.status_code == 400 and body["field"] == f"answer_{ITEMS[2]}" and '"maybe"' in body["error"]
    page = client.post("/risk/new", data={**fields, **_answers(), f"answer_{ITEMS[2]}": "maybe"}).text
    assert "must be yes, no or not known" in _section(page, ITEMS[2])


def test_a_missing_level_and_an_unknown_crime_are_shown_at_their_fields(as_role, settings):
    crime_id, _ = _crime_and_victim(settings)
    client = as_role("investigator")
    _, fields = _open_form(client, crime_id)
    page = client.post("/risk/new", data={**fields, **_answers(), "assessor_level": ""}).text
    assert re.search(r'id="assessor_level-error">[^<]*`assessor_level` is missing', page)
    page = client.post("/risk/new", data={**fields, **_answers(), "crime_id": "NOPE"}).text
    assert re.search(r'id="crime_id-error">crime NOPE is not in the store', page)


def test_posting_without_the_csrf_token_is_refused(as_role, settings):
    crime_id, _ = _crime_and_victim(settings)
    client = as_role("investigator")
    _, fields = _open_form(client, crime_id)
    del fields["csrf_token"]
    assert client.post("/risk/new", data={**fields, **_answers()}).status_code == 403
    assert query(settings.store, "SELECT count(*) FROM risk_records") == [(0,)]


def test_an_unknown_instrument_names_the_field(as_role):
    reply = as_role("investigator").get("/risk/new", params={"instrument": "NOPE", "format": "json"})
    assert reply.status_code == 400 and reply.json()["field"] == "instrument"


def test_the_due_list_and_its_twin(as_role, settings):
    client = as_role("supervisor")
    twin = client.get("/risk/due", params={"date": "2026-10-31", "format": "json"}).json()
    assert twin["due"] and twin["missing"] + twin["overdue"] == len(twin["due"])
    page = client.get("/risk/due", params={"date": "2026-10-31"}).text
    assert f'/risk/new?instrument=S-DASH&amp;crime_id={twin["due"][0]["crime_id"]}' in page
    assert audit.entries(settings.web, action="view")[0]["what"] == "/risk/due"


def test_only_investigators_and_supervisors_may_use_risk_pages(as_role, anonymous):
    for role in ("analyst", "registrar", "auditor", "admin"):
        client = as_role(role)
        assert client.get("/risk/due").status_code == 403 and client.get("/risk/new").status_code == 403
    assert anonymous.post("/risk/new?format=json", data={}).status_code == 401
