"""The review queue: flags listed, evidence highlighted, decisions recorded by the same function
as `stalkscreen flags review`, with CSRF and roles enforced."""

from __future__ import annotations

from stalkscreen.web import audit

from support import query

from .conftest import csrf_from, first_flag


def test_the_queue_lists_flags_highest_priority_first(as_role):
    flags = as_role("registrar").get("/flags", params={"format": "json"}).json()["flags"]
    order = {"high": 0, "medium": 1, "low": 2}
    assert flags and [order[f["priority"]] for f in flags] == sorted(order[f["priority"]] for f in flags)


def test_the_queue_page_links_each_flag(as_role, settings):
    assert f'href="/flags/{first_flag(settings)}"' in as_role("registrar").get("/flags").text


def test_a_flag_page_highlights_its_evidence_spans(as_role, settings):
    crime_id = first_flag(settings)
    client = as_role("registrar")
    twin = client.get(f"/flags/{crime_id}", params={"format": "json"}).json()
    spans = [e["text"] for r in twin["flag"]["reasons"] for e in r["evidence"] if e["span_start"] is not None]
    page = client.get(f"/flags/{crime_id}").text
    assert spans and "<mark>" in page and spans[0] in page


def test_accepting_a_flag_records_the_review_and_an_audit_entry(as_role, settings):
    crime_id = first_flag(settings)
    client = as_role("registrar")
    token = csrf_from(client.get(f"/flags/{crime_id}").text)
    reply = client.post(f"/flags/{crime_id}/decision",
                        data={"decision": "accept", "reason": "course of conduct", "csrf_token": token})
    assert reply.status_code == 303 and reply.headers["location"] == f"/flags/{crime_id}"
    assert query(settings.store, "SELECT decision, reason, \"by\" FROM flag_reviews WHERE crime_id = ?", [crime_id]) == [
        ("accepted", "course of conduct", "registrar1")]
    entry = audit.entries(settings.web, action="change")[0]
    assert entry["what"] == f"/flags/{crime_id}" and '"decision": "accepted"' in entry["detail"]


def test_the_decision_json_twin_returns_the_review(as_role, settings):
    crime_id = first_flag(settings)
    client = as_role("supervisor")
    token = csrf_from(client.get(f"/flags/{crime_id}").text)
    reply = client.post(f"/flags/{crime_id}/decision?format=json",
                        data={"decision": "reject", "reason": "harassment in law only: one victim, no fixation"},
                        headers={"X-CSRF-Token": token})
    assert reply.status_code == 200 and reply.json()["decision"] == "rejected"


def test_a_decision_without_its_csrf_token_is_refused_and_not_recorded(as_role, settings):
    crime_id = first_flag(settings)
    reply = as_role("registrar").post(f"/flags/{crime_id}/decision", data={"decision": "accept", "reason": "x"})
    assert reply.status_code == 403
    assert query(settings.store, "SELECT count(*) FROM flag_reviews") == [(0,)]


def test_a_decision_without_a_reason_names_the_field(as_role, settings):
    crime_id = first_flag(settings)
    client = as_role("registrar")
    token = csrf_from(client.get(f"/flags/{crime_id}").text)
    reply = client.post(f"/flags/{crime_id}/decision?format=json", data={"decision": "accept", "csrf_token": token})
    assert reply.status_code == 400 and reply.json()["field"] == "reason"


def test_an_investigator_may_read_a_flag_but_not_decide(as_role, settings):
    crime_id = first_flag(settings)
    client = as_role("investigator")
    page = client.get(f"/flags/{crime_id}")
    reply = client.post(f"/flags/{crime_id}/decision", data={"decision": "accept", "reason": "x",
                                                            "csrf_token": csrf_from(page.text)})
    assert page.status_code == 200 and "Record the decision" not in page.text and reply.status_code == 403


def test_a_crime_that_does_not_exist_gets_a_message(as_role):
    reply = as_role("registrar").get("/crimes/NOPE", params={"format": "json"})
    assert reply.status_code == 400 and reply.json()["error"] == "no crime NOPE in the store"


def test_the_queue_pages_through_the_flags_in_order(as_role, settings):
    client = as_role("registrar")
    whole = [f["crime_id"] for f in client.get("/flags", params={"format": "json", "limit": 6}).json()["flags"]]
    first = client.get("/flags", params={"format": "json", "limit": 3}).json()["flags"]
    second = client.get("/flags", params={"format": "json", "limit": 3, "offset": 3}).json()["flags"]
    assert len(whole) == 6 and [f["crime_id"] for f in first + second] == whole


def test_a_page_of_the_queue_links_to_the_next(as_role):
    page = as_role("registrar").get("/flags", params={"limit": 2})
    assert "Flags 1 to 2 of " in page.text and 'href="/flags?limit=2&amp;offset=2"' in page.text


def test_a_flag_page_gives_the_narrative_model_s_probability_and_no_empty_weight(as_role, settings):
    client = as_role("registrar")
    flags = client.get("/flags", params={"format": "json"}).json()["flags"]
    for crime_id in [f["crime_id"] for f in flags]:
        twin = client.get(f"/flags/{crime_id}", params={"format": "json"}).json()["flag"]
        if any(r["rule"] == "narrative.model" for r in twin["reasons"]):
            break
    else:
        raise AssertionError("no flag with a narrative.model reason")
    page = client.get(f"/flags/{crime_id}").text
    assert f"(probability {twin['narrative_score']:.2f} that the narrative describes stalking" in page
    assert "weight None" not in page
