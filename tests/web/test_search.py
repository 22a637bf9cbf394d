"""The search page: the same search as `stalkscreen search`, its JSON twin, names kept from analysts,
bad values named, hostile input harmless."""

from __future__ import annotations

import pytest

from stalkscreen.web import audit

from support import query

INJECTIONS = ["'; DROP TABLE crimes; --", "\" OR 1=1 --", "x') UNION SELECT * FROM person_records --",
              "%' OR '%'='", "Robert'); DELETE FROM offences;--"]
FIELDS = ["offence", "role", "text", "person", "person_role", "from", "to", "force", "limit"]


def test_an_offence_search_finds_principal_and_included_stalking(as_role):
    hits = as_role("investigator").get("/search", params={"offence": "stalking", "format": "json"}).json()["hits"]
    assert hits and {o["role"] for h in hits for o in h["matched"]["offence"]["offences"]} <= {"principal", "included"}


def test_the_page_and_its_json_twin_show_the_same_crimes(as_role):
    client = as_role("investigator")
    twin = client.get("/search", params={"offence": "harassment", "limit": "5", "format": "json"}).json()
    page = client.get("/search", params={"offence": "harassment", "limit": "5"})
    assert page.status_code == 200 and len(twin["hits"]) == 5
    assert all(h["crime_id"] in page.text for h in twin["hits"])


def test_an_analyst_sees_no_names_and_cannot_search_by_person(as_role):
    client = as_role("analyst")
    refused = client.get("/search", params={"person": "Smith", "format": "json"})
    assert refused.status_code == 400 and refused.json()["field"] == "person"
    assert 'name="person"' not in client.get("/search").text


def test_a_bad_date_is_named_by_its_field(as_role):
    reply = as_role("investigator").get("/search", params={"from": "31/12/2025", "format": "json"})
    assert reply.status_code == 400 and reply.json()["field"] == "from" and "YYYY-MM-DD" in reply.json()["hint"]


def test_a_bad_value_keeps_the_form_with_a_message(as_role):
    reply = as_role("investigator").get("/search", params={"limit": "lots", "text": "followed"})
    assert reply.status_code == 400 and "limit: &#39;lots&#39; is not a whole number" in reply.text
    assert 'value="followed"' in reply.text


def test_a_search_is_recorded_in_the_audit_log(as_role, settings):
    as_role("investigator").get("/search", params={"text": "followed home"})
    entry = audit.entries(settings.web, action="search")[0]
    assert entry["user_name"] == "investigator1" and '"text": "followed home"' in entry["detail"]


@pytest.mark.parametrize("field", FIELDS)
def test_sql_injection_in_every_field_is_harmless(as_role, settings, field):
    client = as_role("investigator")
    before = query(settings.store, "SELECT (SELECT count(*) FROM crimes), (SELECT count(*) FROM offences)")
    statuses = {client.get("/search", params={field: bad, "text": "followed"}).status_code for bad in INJECTIONS}
    assert statuses <= {200, 400}
    assert query(settings.store, "SELECT (SELECT count(*) FROM crimes), (SELECT count(*) FROM offences)") == before
