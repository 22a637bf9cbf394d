"""A stage started while another process holds the store (the web app reading) waits briefly for
it, rather than failing at once; past the wait it fails with the usual message."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest

from stalkscreen import store
from stalkscreen.errors import StalkscreenError

HOLD = "import duckdb, sys, time; c = duckdb.connect(sys.argv[1], read_only=True); print('held', flush=True); " \
       "time.sleep(float(sys.argv[2])); c.close()"


def _held(path, seconds: float) -> subprocess.Popen:
    """Another process reading the store for a moment (as the web app does for a request)."""
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(path), str(seconds)], stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "held"
    return holder


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "s.duckdb"
    store.connect(path).close()
    return path


def test_connect_waits_for_another_process_to_let_go(db):
    holder = _held(db, 1.5)
    started = time.monotonic()
    con = store.connect(db)  # read-write: refused while the reader holds the file
    waited = time.monotonic() - started
    con.close()
    holder.wait(timeout=10)
    assert waited > 0.5 and store.migrations()[-1][0] == store.schema_version(store.connect(db, read_only=True))


def test_past_the_wait_it_fails_with_the_usual_message(db):
    holder = _held(db, 5)
    try:
        with pytest.raises(StalkscreenError, match="cannot open the store .*Conflicting lock"):
            store.connect(db, lock_wait=0.3)
    finally:
        holder.wait(timeout=10)
