"""Opening the store from the web app, which keeps it open between requests but lets go of it
whenever something else must write.

DuckDB lets one process write a file, or many read it, not both. The app keeps one read-only
connection (`Kept`) and hands each request a cursor of it, so a request finds its data and the
search extension already in memory instead of opening a gigabyte file afresh. It lets go:
  - when another process (`stalkscreen ingest`, a stage) waits to write: that process leaves a
    marker beside the file (`store.wanting`), which a watcher thread sees within a tenth of a
    second; the app then opens nothing until the writer has the file, answering 503 "busy" if the
    wait is long, and reopens afterwards, so it shows the new data;
  - when the file changed under it (a writer that left no marker);
  - before the app itself writes (a flag decision): DuckDB refuses a read-only and a read-write
    connection to one file in one process, so readers share and a writer is alone (a
    readers-writer lock).
"""

from __future__ import annotations

import threading
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import duckdb

from stalkscreen import store
from stalkscreen.errors import StalkscreenError
from stalkscreen.web import webdb

WATCH_SECONDS = 0.1


class StoreBusy(StalkscreenError):
    """Another process holds the store (a load or a stage is running)."""


def _busy(exc: Exception | None = None) -> StoreBusy:
    busy = StoreBusy("the store is busy: a load or a stage is writing to it", hint="try again in a minute")
    busy.__cause__ = exc
    return busy


class _ReadersWriter:
    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._readers = 0
        self._writing = False

    @contextmanager
    def reading(self) -> Iterator[None]:
        with self._cond:
            self._cond.wait_for(lambda: not self._writing)
            self._readers += 1
        try:
            yield
        finally:
            with self._cond:
                self._readers -= 1
                self._cond.notify_all()

    @contextmanager
    def writing(self) -> Iterator[None]:
        with self._cond:
            self._cond.wait_for(lambda: not self._writing and self._readers == 0)
            self._writing = True
        try:
            yield
        finally:
            with self._cond:
                self._writing = False
                self._cond.notify_all()


_GATE = _ReadersWriter()


def _locked_elsewhere(exc: StalkscreenError) -> bool:
    return isinstance(exc.__cause__, duckdb.IOException)


def _open(path: Path, read_only: bool, wait: float) -> duckdb.DuckDBPyConnection:
    deadline = time.monotonic() + wait
    delay = 0.05
    while True:
        try:
            if not (read_only and store.wanted(path)):   # a writer elsewhere goes first
                return store.connect(path, read_only=read_only, lock_wait=0)  # this loop waits, and answers 503
        except StalkscreenError as exc:
            if not _locked_elsewhere(exc):
                raise
            if time.monotonic() >= deadline:
                raise _busy(exc) from exc
        if time.monotonic() >= deadline:
            raise _busy()
        time.sleep(delay)
        delay = min(delay * 2, 0.5)


def _stamp(path: Path) -> tuple:
    """What tells that the file changed: its own and its write-ahead log's size and time."""
    stamp = []
    for each in (path, path.with_name(path.name + ".wal")):
        try:
            info = each.stat()
            stamp.append((info.st_size, info.st_mtime_ns))
        except FileNotFoundError:
            stamp.append(None)
    return tuple(stamp)


class Kept:
    """The read-only connection kept for one store, with the number of requests using it."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._con: duckdb.DuckDBPyConnection | None = None
        self._stamp: tuple | None = None
        self._users = 0

    def cursor(self, wait: float) -> duckdb.DuckDBPyConnection:
        with self._lock:
            if self._con is not None and store.wanted(self.path):
                self._drop()
            elif self._con is not None and self._users == 0 and _stamp(self.path) != self._stamp:
                self._close()
            if self._con is None:
                self._con = _open(self.path, True, wait)
                self._stamp = _stamp(self.path)
            self._users += 1
            return self._con.cursor()

    def done(self, cursor: duckdb.DuckDBPyConnection) -> None:
        cursor.close()
        with self._lock:
            self._users -= 1
            if self._users == 0 and store.wanted(self.path):
                self._close()

    def release(self) -> None:
        """Close it before this process writes; requests still reading keep their cursors."""
        with self._lock:
            self._drop()

    def watch(self) -> None:
        """Let go while idle when a writer elsewhere waits (called by the watcher thread)."""
        with self._lock:
            if self._con is not None and self._users == 0 and store.wanted(self.path):
                self._close()

    def _drop(self) -> None:
        if self._users == 0:
            self._close()
        else:  # requests still reading keep their cursors; DuckDB closes the file when the last ends
            self._con = None

    def _close(self) -> None:
        if self._con is not None:
            self._con.close()
            self._con = None


_KEPT: dict[Path, Kept] = {}
_KEPT_LOCK = threading.Lock()


def _watch() -> None:
    while True:
        time.sleep(WATCH_SECONDS)
        for each in list(_KEPT.values()):
            each.watch()
        webdb.let_go_if_wanted()


def kept(path: Path) -> Kept:
    """The store's kept connection in this process (made, and the watcher started, on first use)."""
    path = Path(path).resolve()
    with _KEPT_LOCK:
        if not _KEPT:
            threading.Thread(target=_watch, name="stalkscreen-store-watch", daemon=True).start()
        if path not in _KEPT:
            _KEPT[path] = Kept(path)
        return _KEPT[path]


def _before_writing(path: Path) -> None:
    found = _KEPT.get(Path(path).resolve())
    if found is not None:
        found.release()


store.BEFORE_WRITING.append(_before_writing)


@contextmanager
def reading(path: Path, wait: float) -> Iterator[duckdb.DuckDBPyConnection]:
    with _GATE.reading():
        shared = kept(path)
        cursor = shared.cursor(wait)
        try:
            yield cursor
        finally:
            shared.done(cursor)


@contextmanager
def writing(path: Path, wait: float) -> Iterator[duckdb.DuckDBPyConnection]:
    with _GATE.writing():
        con = _open(path, False, wait)   # store.connect lets go of the kept connection first
        try:
            yield con
        finally:
            con.close()
