"""The web app's own DuckDB file: users, sessions and the audit log.

It is a separate file from the store so that the app's frequent small writes (an audit entry on
every page) never take the store's single write lock from `stalkscreen ingest` or a stage, and so
that sign-in and the audit log work while a load holds the store. Connections are serialised in
this process. The serving app keeps its connection open (`keep_open`: opening the file for each
session check and audit entry cost more than the entry) and lets go of it when another process
(`stalkscreen users add`) waits for the file, as it does the store (`store.wanting`).
"""

from __future__ import annotations

import contextlib
import threading
import time
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import Iterator

import duckdb

from stalkscreen import store
from stalkscreen.errors import StalkscreenError

_LOCK = threading.RLock()  # one connection at a time in this process: the audit chain needs order
WAIT_SECONDS = 10.0


def default_path(store_path: Path) -> Path:
    """Beside the store: demo/stalkscreen.duckdb -> demo/stalkscreen.web.duckdb."""
    return store_path.with_name(store_path.stem + ".web.duckdb")


_KEPT: dict[Path, duckdb.DuckDBPyConnection | None] = {}   # path -> the serving app's connection


def _open(path: Path, wait: float) -> duckdb.DuckDBPyConnection:
    deadline = time.monotonic() + wait
    delay = 0.05
    asked = False
    with contextlib.ExitStack() as asking:   # after the first refusal, ask the holder to let go
        while True:
            try:
                con = duckdb.connect(str(path))
                con.execute(resources.files("stalkscreen.web").joinpath("schema.sql").read_text(encoding="utf-8"))
                return con
            except duckdb.IOException as exc:  # another process holds the file (the app, a `users add`)
                if time.monotonic() >= deadline:
                    raise StalkscreenError(f"cannot open the web app's file {path}: {exc}",
                                           hint="another stalkscreen process is using it; try again shortly") from exc
                if not asked:
                    asking.enter_context(store.wanting(path))
                    asked = True
                time.sleep(delay)
                delay = min(delay * 2, 0.5)


def keep_open(path: Path) -> None:
    """From now on this process keeps the web file open between uses (the serving app)."""
    with _LOCK:
        _KEPT.setdefault(Path(path).resolve(), None)


def let_go_if_wanted() -> None:
    """Close kept files another process waits for (called often by the app's watcher thread)."""
    with _LOCK:
        for path, con in _KEPT.items():
            if con is not None and store.wanted(path):
                con.close()
                _KEPT[path] = None


@contextmanager
def connect(path: Path, wait: float = WAIT_SECONDS) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-write connection to the web file, created with its tables if new."""
    with _LOCK:
        key = Path(path).resolve()
        if key not in _KEPT:
            con = _open(path, wait)
            try:
                yield con
            finally:
                con.close()
            return
        if _KEPT[key] is None:
            _KEPT[key] = _open(path, wait)
        yield _KEPT[key]


def rows(cursor) -> list[dict]:
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]
