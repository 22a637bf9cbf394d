"""Opening the store from the web app without ever holding it between requests.

DuckDB lets one process write a file, or many read it, not both. So the app opens the store
read-only for each request and closes it at the end, and writes (a flag decision) through a short
read-write connection; `stalkscreen ingest` or a stage in another process can then take the write
lock between requests. While one holds it, the app waits briefly, then answers 503 "busy".

Within the app's process, DuckDB refuses a read-only and a read-write connection to the same file
at once, so readers share and a writer is alone (a readers-writer lock).
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


class StoreBusy(StalkscreenError):
    """Another process holds the store (a load or a stage is running)."""


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
            return store.connect(path, read_only=read_only, lock_wait=0)  # this loop waits, and answers 503
        except StalkscreenError as exc:
            if not _locked_elsewhere(exc):
                raise
            if time.monotonic() >= deadline:
                raise StoreBusy("the store is busy: a load or a stage is writing to it",
                                hint="try again in a minute") from exc
            time.sleep(delay)
            delay = min(delay * 2, 0.5)


@contextmanager
def reading(path: Path, wait: float) -> Iterator[duckdb.DuckDBPyConnection]:
    with _GATE.reading():
        con = _open(path, True, wait)
        try:
            yield con
        finally:
            con.close()


@contextmanager
def writing(path: Path, wait: float) -> Iterator[duckdb.DuckDBPyConnection]:
    with _GATE.writing():
        con = _open(path, False, wait)
        try:
            yield con
        finally:
            con.close()
