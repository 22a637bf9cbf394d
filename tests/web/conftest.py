"""A small synthetic force loaded, linked and screened once per session; each test gets its own
copy of the store, a fresh web file and a client signed in with a chosen role."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from stalkscreen.reference import offences
from stalkscreen.screen import lexicon, rules
from stalkscreen.screen import run as screen_run
from stalkscreen.synth import generate
from stalkscreen.web import users
from stalkscreen.web.app import create_app
from stalkscreen.web.config import WebSettings

from support import copy_store, ingest, link, opened

PASSWORD = "correct horse battery staple"
ROLES = users.ROLES


@pytest.fixture(scope="session")
def screened_store(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("web_force")
    generate(1200, 7, folder / "export")
    db = folder / "store.duckdb"
    ingest(db, folder / "export")
    link(db)
    with opened(db) as con:
        screen_run.run(con, rules.load(), lexicon.load(), offences.load())
    return db


@pytest.fixture
def settings(screened_store, tmp_path) -> WebSettings:
    return WebSettings(store=copy_store(screened_store, tmp_path, "store.duckdb"), busy_wait=1.0)


@pytest.fixture
def app(settings):
    return create_app(settings)


def csrf_from(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def sign_in(app, name: str, password: str = PASSWORD) -> TestClient:
    """A client (https, so the secure cookies travel) signed in as name."""
    client = TestClient(app, base_url="https://testserver", follow_redirects=False)
    form = client.get("/sign-in")
    reply = client.post("/sign-in", data={"name": name, "password": password, "csrf_token": csrf_from(form.text)})
    assert reply.status_code == 303, reply.text
    return client


@pytest.fixture
def as_role(app, settings):
    """as_role('registrar') -> a client signed in as a new user with that role."""
    def make(role: str) -> TestClient:
        name = f"{role}1"
        if not any(u["name"] == name for u in users.listing(settings.web)):
            users.add(settings.web, name, role, PASSWORD)
        return sign_in(app, name)
    return make


@pytest.fixture
def anonymous(app) -> TestClient:
    return TestClient(app, base_url="https://testserver", follow_redirects=False)


def first_flag(settings) -> str:
    """The new flag at the head of the review queue."""
    with opened(settings.store, read_only=True) as con:
        return con.execute("SELECT crime_id FROM screening_flags WHERE stalking_recorded IS NULL AND status = 'new' "
                           "ORDER BY CASE priority WHEN 'high' THEN 0 WHEN 'medium' THEN 1 ELSE 2 END, score DESC, "
                           "crime_id LIMIT 1").fetchone()[0]
