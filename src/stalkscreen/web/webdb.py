"""The web app's own DuckDB file: users, sessions and the audit log.

It is a separate file from the store so that the app's frequent small writes (an audit entry on
every page) never take the store's single write lock from `stalkscreen ingest` or a stage, and so
that sign-in and the audit log work while a load holds the store. Connections are short and
serialised in this process; another process (`stalkscreen users add`) is waited for briefly.
"""

from __future__ import annotations

import threading
import time
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import Iterator

import duckdb

from stalkscreen.errors import StalkscreenError

_LOCK = threading.RLock()  # one connection at a time in this process: the audit chain needs order
WAIT_SECONDS = 10.0


def default_path(store_path: Path) -> Path:
    """Beside the store: demo/stalkscreen.duckdb -> demo/stalkscreen.web.duckdb."""
    return store_path.with_name(store_path.stem + ".web.duckdb")


def _open(path: Path, wait: float) -> duckdb.DuckDBPyConnection:
    deadline = time.monotonic() + wait
    delay = 0.05
    while True:
        try:
            return duckdb.connect(str(path))
        except duckdb.IOException as exc:  # another process holds the file (a `users add`, say)
            if time.monotonic() >= deadline:
                raise StalkscreenError(f"cannot open the web app's file {path}: {exc}",
                                       hint="another stalkscreen process is using it; try again shortly") from exc
            time.sleep(delay)
            delay = min(delay * 2, 0.5)


@contextmanager
def connect(path: Path, wait: float = WAIT_SECONDS) -> Iterator[duckdb.DuckDBPyConnection]:
    """A short read-write connection to the web file, created with its tables if new."""
    with _LOCK:
        con = _open(path, wait)
        try:
            con.execute(resources.files("stalkscreen.web").joinpath("schema.sql").read_text(encoding="utf-8"))
            yield con
        finally:
            con.close()


def rows(cursor) -> list[dict]:
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]
