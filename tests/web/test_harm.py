"""The harm ranking and one score's breakdown: whole for investigators and supervisors,
pseudonymised for analysts (subject ids only, no links to people), every view audited."""

from __future__ import annotations

import datetime as dt

import pytest

from stalkscreen.harm import index, run, spec
from stalkscreen.reference import offences
from stalkscreen.web import audit
from stalkscreen.web.config import WebSettings

from support import copy_store, opened


@pytest.fixture(scope="module")
def harmed_store(screened_store, tmp_path_factory):
    db = copy_store(screened_store, tmp_path_factory.mktemp("harm"), "harm.duckdb")
    catalogue = offences.load()
    with opened(db) as con:
        run.run(con, spec.load(catalogue, index.load(catalogue, None), None), catalogue, dt.date(2026, 11, 1))
    return db


@pytest.fixture
def settings(harmed_store, tmp_path) -> WebSettings:
    return WebSettings(store=copy_store(harmed_store, tmp_path, "store.duckdb"), busy_wait=1.0)


def test_the_ranking_is_highest_first_with_suspect_and_victim_for_a_supervisor(as_role, settings):
    client = as_role("supervisor")
    twin = client.get("/harm", params={"kind": "dyad", "top": 5, "format": "json"}).json()
    ranks = [s["rank"] for s in twin["scores"]]
    assert ranks == sorted(ranks) and len(ranks) == 5 and twin["run"]["spec_version"]
    assert all(s["subject_kind"] == "dyad" and s["victim_person_id"] for s in twin["scores"])
    page = client.get("/harm", params={"kind": "dyad", "top": 5}).text
    assert f'href="/people/{twin["scores"][0]["victim_person_id"]}"' in page
    entry = audit.entries(settings.web, action="view")[0]
    assert entry["what"] == "/harm" and '"pseudonymised": false' in entry["detail"]


def test_an_analyst_sees_subject_ids_only(as_role, settings):
    client = as_role("analyst")
    twin = client.get("/harm", params={"kind": "dyad", "top": 5, "format": "json"}).json()
    assert twin["scores"] and all("victim_person_id" not in s and "suspect_person_id" not in s for s in twin["scores"])
    page = client.get("/harm", params={"kind": "dyad", "top": 5}).text
    assert "/people/" not in page and twin["scores"][0]["subject_id"] in page
    assert '"pseudonymised": true' in audit.entries(settings.web, action="view")[0]["detail"]


def test_the_breakdown_lists_the_crimes_weights_and_version(as_role, settings):
    client = as_role("investigator")
    top = client.get("/harm", params={"kind": "person", "top": 1, "format": "json"}).json()["scores"][0]
    twin = client.get(f"/harm/{top['subject_id']}", params={"kind": "person", "format": "json"}).json()
    score = twin["scores"][0]
    assert score["crimes_detail"] and score["parameters"] and score["spec_version"] == twin["run"]["spec_version"]
    page = client.get(f"/harm/{top['subject_id']}", params={"kind": "person"}).text
    assert f'href="/crimes/{score["crimes_detail"][0]["crime_id"]}"' in page and score["spec_version"] in page
    assert audit.entries(settings.web, action="view")[0]["what"] == f"/harm/{top['subject_id']}"


def test_an_analysts_breakdown_has_no_links_to_people_or_crimes(as_role):
    client = as_role("analyst")
    top = client.get("/harm", params={"kind": "dyad", "top": 1, "format": "json"}).json()["scores"][0]
    twin = client.get(f"/harm/{top['subject_id']}", params={"format": "json"}).json()
    page = client.get(f"/harm/{top['subject_id']}").text
    assert "victim_person_id" not in twin["scores"][0] and "/crimes/" not in page and "/dyads/" not in page


def test_bad_values_name_their_field(as_role):
    client = as_role("supervisor")
    assert client.get("/harm", params={"kind": "gang", "format": "json"}).json()["field"] == "kind"
    assert client.get("/harm", params={"top": "lots", "format": "json"}).json()["field"] == "top"
    assert client.get("/harm/NOBODY", params={"format": "json"}).status_code == 400


def test_other_roles_are_refused(as_role, anonymous):
    for role in ("registrar", "auditor", "admin"):
        assert as_role(role).get("/harm").status_code == 403
    assert anonymous.get("/harm/X?format=json").status_code == 401
