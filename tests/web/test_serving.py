"""`stalkscreen serve` in one process while `stalkscreen ingest` loads in another: the load
succeeds, pages answer throughout (200, or 503 "busy" while the load holds the store, never a
lock error), and the next page shows the new crimes."""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from stalkscreen.web import users, webdb

from support import ingest, split_export

from .conftest import PASSWORD

STALKSCREEN = str(Path(sys.executable).with_name("stalkscreen"))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_until_up(url: str, server: subprocess.Popen) -> None:
    for _ in range(100):
        if server.poll() is not None:
            raise AssertionError(server.stderr.read())
        try:
            httpx.get(url + "/sign-in", timeout=1)
            return
        except httpx.TransportError:
            time.sleep(0.1)
    raise AssertionError("the server did not start")


def _cookie(reply: httpx.Response, name: str) -> str:
    # The cookies are Secure, so a client over plain http to 127.0.0.1 will not resend them itself.
    return next(re.match(rf"{name}=([^;]+)", c).group(1) for c in reply.headers.get_list("set-cookie") if c.startswith(name))


def _sign_in(url: str, name: str = "ivy") -> dict:
    form = httpx.get(url + "/sign-in")
    token = re.search(r'name="csrf_token" value="([^"]+)"', form.text).group(1)
    reply = httpx.post(url + "/sign-in", data={"name": name, "password": PASSWORD, "csrf_token": token},
                       headers={"Cookie": f"stalkscreen_form={_cookie(form, 'stalkscreen_form')}"})
    return {"Cookie": f"stalkscreen_session={_cookie(reply, 'stalkscreen_session')}"}


@pytest.mark.slow
def test_ingest_in_another_process_succeeds_while_the_app_serves(screened_store, tmp_path):
    later = split_export(screened_store.parent / "export", tmp_path / "first", tmp_path / "second")
    db = tmp_path / "served.duckdb"
    ingest(db, tmp_path / "first")
    users.add(webdb.default_path(db), "ivy", "investigator", PASSWORD)
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    server = subprocess.Popen([STALKSCREEN, "--db", str(db), "serve", "--port", str(port)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        _wait_until_up(url, server)
        headers = _sign_in(url)
        one = sorted(later)[0]
        assert httpx.get(f"{url}/crimes/{one}?format=json", headers=headers).status_code == 400  # not loaded yet
        statuses: list[int] = []
        loading = subprocess.Popen([STALKSCREEN, "--db", str(db), "ingest", str(tmp_path / "second")],
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        # The app keeps the store open; the waiting load asks it to let go (store.wanting). Pages
        # are asked for once the load reports its first step.
        first_step = loading.stderr.readline()
        while loading.poll() is None:  # keep asking while the load runs
            statuses.append(httpx.get(f"{url}/search?format=json&text=followed&limit=5", headers=headers,
                                      timeout=30).status_code)
        rest = loading.stderr.read()
        assert loading.returncode == 0, first_step + rest
        assert statuses and set(statuses) <= {200, 503}
        after = httpx.get(f"{url}/crimes/{one}?format=json", headers=headers)
        assert after.status_code == 200 and after.json()["crime"]["crime_id"] == one
        # The app keeps its own file open too, and lets go of it for a user added from the command line
        added = subprocess.run([STALKSCREEN, "--db", str(db), "users", "add", "bob", "--role", "analyst",
                                "--password-stdin"], input=PASSWORD + "\n", capture_output=True, text=True, timeout=60)
        assert added.returncode == 0, added.stderr
        bob = _sign_in(url, "bob")
        assert httpx.get(f"{url}/search?format=json&text=followed&limit=5", headers=bob).status_code == 200
    finally:
        server.terminate()
        server.wait(timeout=10)
