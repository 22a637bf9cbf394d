"""The timeline pages (purpose asked and recorded), the crime page (narrative shown as text), the
audit log page and the home page."""

from __future__ import annotations

from stalkscreen.web import audit

from support import opened, query


def _person_with_dyad(settings) -> tuple[str, str]:
    return query(settings.store, "SELECT victim_person_id, dyad_id FROM dyads ORDER BY crimes + incidents DESC, dyad_id LIMIT 1")[0]


def test_a_person_page_asks_for_a_purpose_first(as_role, settings):
    person_id, _ = _person_with_dyad(settings)
    page = as_role("investigator").get(f"/people/{person_id}")
    assert page.status_code == 200 and 'name="purpose"' in page.text and "<table>" not in page.text


def test_a_person_timeline_is_in_date_order_and_its_purpose_audited(as_role, settings):
    person_id, dyad_id = _person_with_dyad(settings)
    twin = as_role("investigator").get(f"/people/{person_id}", params={"purpose": "DMM risk review", "format": "json"})
    dates = [t["date"] for t in twin.json()["timeline"]]
    assert dates and dates == sorted(dates) and dyad_id in {d["dyad_id"] for d in twin.json()["dyads"]}
    entry = audit.entries(settings.web, action="view")[0]
    assert entry["what"] == f"/people/{person_id}" and entry["purpose"] == "DMM risk review"


def test_the_json_twin_without_a_purpose_names_the_field(as_role, settings):
    person_id, _ = _person_with_dyad(settings)
    reply = as_role("investigator").get(f"/people/{person_id}", params={"format": "json"})
    assert reply.status_code == 400 and reply.json()["field"] == "purpose"


def test_a_dyad_page_lists_its_records(as_role, settings):
    _, dyad_id = _person_with_dyad(settings)
    page = as_role("supervisor").get(f"/dyads/{dyad_id}", params={"purpose": "case review"})
    crimes = query(settings.store, "SELECT unnest(crime_ids) FROM dyads WHERE dyad_id = ?", [dyad_id])
    assert page.status_code == 200 and all(c in page.text for (c,) in crimes)


def test_a_narrative_with_script_and_html_is_shown_as_text(as_role, settings):
    hostile = '<script>alert("x")</script><b onmouseover="steal()">bold</b>'
    with opened(settings.store) as con:
        crime_id = con.execute("SELECT crime_id FROM crimes ORDER BY crime_id LIMIT 1").fetchone()[0]
        con.execute("UPDATE crimes SET narrative = ? WHERE crime_id = ?", [hostile, crime_id])
    page = as_role("investigator").get(f"/crimes/{crime_id}")
    assert "<script>alert" not in page.text and "<b onmouseover" not in page.text
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in page.text
    assert "script-src 'self'" in page.headers["content-security-policy"]


def test_the_audit_page_shows_the_chain_holding(as_role, settings):
    as_role("investigator").get("/search", params={"text": "followed"})
    twin = as_role("auditor").get("/audit", params={"format": "json"}).json()
    assert twin["chain"]["intact"] and twin["entries"][0]["action"] == "sign_in"
    assert any(e["action"] == "search" for e in twin["entries"])


def test_the_home_page_offers_each_role_its_own_pages(as_role):
    assert [p["path"] for p in as_role("registrar").get("/", params={"format": "json"}).json()["pages"]] == ["/search", "/flags", "/quarantine"]
    assert [p["path"] for p in as_role("auditor").get("/", params={"format": "json"}).json()["pages"]] == ["/audit"]


def test_an_unknown_format_is_refused_naming_it(as_role):
    reply = as_role("registrar").get("/flags", params={"format": "xml"})
    assert reply.status_code == 400 and "format &#39;xml&#39; is not known" in reply.text


def test_htmx_is_served_from_the_package(anonymous):
    reply = anonymous.get("/static/htmx.min.js")
    assert reply.status_code == 200 and "Zero-Clause BSD" in reply.text[:400] and "var htmx" in reply.text
