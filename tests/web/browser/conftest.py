"""Browser tests: `stalkscreen serve` as a real process on 127.0.0.1 over a small synthetic force,
driven by Debian's Chromium (/usr/bin/chromium, headless) through Playwright.

One store is built and one server started per session; each test gets a fresh browser context (no
cookies), signs in as a user of the role it needs and saves a screenshot of each step under
test-artifacts/browser/. Waits are Playwright's own (an element appears, a page loads), with
generous time limits for a slow CI machine; nothing sleeps a fixed time."""

from __future__ import annotations

import datetime as dt
import re
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from stalkscreen.oversight.plans import storage as plan_storage
from stalkscreen.reference import offences
from stalkscreen.screen import lexicon, rules
from stalkscreen.screen import run as screen_run
from stalkscreen.synth import generate
from stalkscreen.web import users, webdb

from support import add_extraction, ingest, link, opened, query

PLAN = Path(__file__).resolve().parents[2] / "fixtures" / "plans" / "kent_action_plan.txt"
CHROMIUM = Path("/usr/bin/chromium")
STALKSCREEN = str(Path(sys.executable).with_name("stalkscreen"))
PASSWORD = "correct horse battery staple"
ROLES = users.ROLES
ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts" / "browser"
STARTUP_SECONDS = 90        # the server's start (imports, the store opened once) on a slow machine
WAIT_MS = 30_000            # any one element or page
expect.set_options(timeout=WAIT_MS)


def user_name(role: str) -> str:
    return f"{role}-browser"


@dataclass
class Served:
    url: str
    store: Path
    web: Path
    log: Path


# --- the store and the server --------------------------------------------------------------------

@pytest.fixture(scope="session")
def browser_store(tmp_path_factory) -> Path:
    """A small synthetic force: loaded, linked and screened, Kent's published action plan imported,
    a synthetic phone extraction for one crime, and one user of each role."""
    folder = tmp_path_factory.mktemp("browser_force")
    generate(1200, 7, folder / "export")
    db = folder / "store.duckdb"
    ingest(db, folder / "export")
    link(db)
    with opened(db) as con:
        screen_run.run(con, rules.load(), lexicon.load(), offences.load())
        plan_storage.run(con, PLAN, "Kent", dt.date(2026, 10, 1))
        add_extraction(con, "+447700900921", "+447700900922")
    web = webdb.default_path(db)
    for role in ROLES:
        users.add(web, user_name(role), role, PASSWORD)
    return db


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _answers(url: str) -> bool:
    try:
        return httpx.get(url + "/sign-in", timeout=5).status_code == 200
    except httpx.TransportError:
        return False


def _start(db: Path, log: Path) -> tuple[subprocess.Popen, str]:
    """Start the server on a free port and wait until it answers; a port taken between choosing and
    binding it gets another try. Its output goes to a file (a pipe nobody reads could fill and stall
    it) and is shown in full if it never comes up."""
    for attempt in range(3):
        port = _free_port()
        url = f"http://127.0.0.1:{port}"
        with log.open("w") as out:
            server = subprocess.Popen([STALKSCREEN, "--db", str(db), "serve", "--host", "127.0.0.1",
                                       "--port", str(port)], stdout=out, stderr=subprocess.STDOUT, text=True)
        deadline = time.monotonic() + STARTUP_SECONDS
        while time.monotonic() < deadline:
            if _answers(url):
                return server, url
            try:
                server.wait(timeout=0.25)  # the pause between polls, ended early if the server exits
            except subprocess.TimeoutExpired:
                continue
            break
        output = log.read_text(errors="replace")
        if server.poll() is None:
            server.kill()
            server.wait(timeout=30)
            raise AssertionError(f"`stalkscreen serve` did not answer on {url} within {STARTUP_SECONDS} s; "
                                 f"its output:\n{output}")
        if "address already in use" in output.lower() and attempt < 2:
            continue
        raise AssertionError(f"`stalkscreen serve` exited with status {server.returncode}; its output:\n{output}")
    raise AssertionError("no free port")  # not reached


@pytest.fixture(scope="session")
def served(browser_store, tmp_path_factory) -> Served:
    log = tmp_path_factory.mktemp("browser_server") / "serve.log"
    server, url = _start(browser_store, log)
    try:
        yield Served(url, browser_store, webdb.default_path(browser_store), log)
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=30)
        if server.returncode not in (0, -15):
            print(f"`stalkscreen serve` ended with status {server.returncode}; its output:\n"
                  f"{log.read_text(errors='replace')}")


@pytest.fixture(scope="session")
def facts(browser_store) -> dict:
    """Records the flows start from, read before the server starts (nothing writes then)."""
    victim, dyad = query(browser_store, "SELECT victim_person_id, dyad_id FROM dyads "
                                        "ORDER BY crimes + incidents DESC, dyad_id LIMIT 1")[0]
    # a crime for the risk form, far down the queue from the flag the review test accepts
    (crime,) = query(browser_store, "SELECT crime_id FROM screening_flags ORDER BY crime_id DESC LIMIT 1")[0]
    (evidence,) = query(browser_store, "SELECT min(crime_id) FROM evidence_sources")[0]
    return {"person": victim, "dyad": dyad, "crime": crime, "evidence_crime": evidence}


# --- the browser -----------------------------------------------------------------------------------

@pytest.fixture(scope="session")
def browser() -> Browser:
    assert CHROMIUM.exists(), "Chromium is missing: apt-get install -y chromium (never `playwright install`)"
    with sync_playwright() as p:
        # Playwright starts Chromium without its sandbox already; said here too, as root needs it.
        # /dev/shm is small in many containers: Chromium then uses /tmp instead.
        launched = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, timeout=120_000,
                                     args=["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"])
        try:
            yield launched
        finally:
            launched.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"report_{report.when}", report)


@pytest.fixture
def page(browser, served, request) -> Page:
    """A fresh context (no cookies) at 1280x900; on failure, the last state is saved as a screenshot."""
    context = browser.new_context(base_url=served.url, viewport={"width": 1280, "height": 900}, locale="en-GB")
    context.set_default_timeout(WAIT_MS)
    context.set_default_navigation_timeout(WAIT_MS * 2)
    opened_page = context.new_page()
    try:
        yield opened_page
    finally:
        report = getattr(request.node, "report_call", None)
        if report is not None and report.failed:
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            try:
                opened_page.screenshot(path=ARTIFACTS / f"{request.node.name}-FAILED.png", full_page=True)
            except Exception as exc:  # the page may be gone; the failure itself is what matters
                print(f"no failure screenshot: {exc}")
            print(f"server output so far:\n{served.log.read_text(errors='replace')}")
        context.close()


class Steps:
    """Numbered screenshots of one test's steps: test-artifacts/browser/TEST-NN-STEP.png."""

    def __init__(self, page: Page, test_name: str):
        self.page, self.test_name, self.count = page, re.sub(r"[^\w-]", "_", test_name), 0
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        for old in ARTIFACTS.glob(f"{self.test_name}-*.png"):
            old.unlink()

    def shot(self, step: str) -> Path:
        self.count += 1
        path = ARTIFACTS / f"{self.test_name}-{self.count:02d}-{step}.png"
        self.page.screenshot(path=path, full_page=True)
        return path


@pytest.fixture
def steps(page, request) -> Steps:
    return Steps(page, request.node.name)


def sign_in(page: Page, role: str, steps: Steps | None = None) -> None:
    """Sign in through the form as the role's user, as a person would: type, then press Enter."""
    page.goto("/sign-in")
    page.get_by_label("User name").fill(user_name(role))
    page.get_by_label("Password").fill(PASSWORD)
    if steps:
        steps.shot(f"sign-in-{role}")
    page.get_by_label("Password").press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Welcome, {user_name(role)}")
