"""The store: one DuckDB file, brought to the current schema by numbered migrations."""

from __future__ import annotations

import contextlib
import os
import time
from glob import escape as glob_escape
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import Callable, Iterator

import duckdb

from stalkscreen.errors import StalkscreenError

DEFAULT_DB = "stalkscreen.duckdb"
LOCK_WAIT = 10.0   # seconds a load or stage waits for another process (the web app reading) to let go


def default_path() -> Path:
    return Path(os.environ.get("STALKSCREEN_DB") or DEFAULT_DB)


def migrations() -> list[tuple[int, str, str]]:
    """(number, name, sql) for every migration shipped with the package, in order."""
    folder = resources.files("stalkscreen.store") / "migrations"
    found = []
    for entry in folder.iterdir():
        if entry.name.endswith(".sql"):
            number = int(entry.name.split("_", 1)[0])
            found.append((number, entry.name, entry.read_text(encoding="utf-8")))
    return sorted(found)


def schema_version(con: duckdb.DuckDBPyConnection) -> int:
    exists = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_version'"
    ).fetchone()[0]
    if not exists:
        return 0
    return con.execute("SELECT coalesce(max(version), 0) FROM schema_version").fetchone()[0]


def migrate(con: duckdb.DuckDBPyConnection) -> int:
    """Apply the migrations this store lacks, each in its own transaction; return the version."""
    current = schema_version(con)
    shipped = migrations()
    latest = shipped[-1][0] if shipped else 0
    if current > latest:
        raise StalkscreenError(
            f"the store is at schema version {current}, newer than this stalkscreen "
            f"(which knows up to {latest})",
            hint="upgrade stalkscreen, or open a store made by this version",
        )
    for number, name, sql in shipped:
        if number <= current:
            continue
        con.execute("BEGIN")
        try:
            con.execute(
                "CREATE TABLE IF NOT EXISTS schema_version "
                "(version INTEGER PRIMARY KEY, name VARCHAR, applied_at TIMESTAMP)"
            )
            con.execute(sql)
            con.execute(
                "INSERT INTO schema_version VALUES (?, ?, current_localtimestamp())",
                [number, name],
            )
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise
        current = number
    return current


# Called with a file's path before this process opens it for writing: whatever keeps it open for
# reading in this process (the web app) closes it, as DuckDB requires (see `wanting` for others).
BEFORE_WRITING: list[Callable[[Path], None]] = []


def connect(path: str | Path | None = None, read_only: bool = False,
            lock_wait: float | None = None) -> duckdb.DuckDBPyConnection:
    """Open the store at path (created and migrated if needed). While another process holds it,
    wait up to lock_wait seconds (default LOCK_WAIT) before failing."""
    path = Path(path) if path else default_path()
    if not read_only:
        for release in BEFORE_WRITING:
            release(path)
    if read_only and not path.exists():
        raise StalkscreenError(
            f"no store at {path}",
            hint="load data first with `stalkscreen ingest`, or name the store with --db",
        )
    try:
        con = _open_waiting(path, read_only, lock_wait)
    except duckdb.IOException as exc:
        raise StalkscreenError(f"cannot open the store {path}: {exc}") from exc
    except duckdb.Error as exc:
        raise StalkscreenError(
            f"{path} is not a stalkscreen store: {exc}",
            hint="name a DuckDB file made by stalkscreen, or a new path",
        ) from exc
    if not read_only:
        migrate(con)
    elif schema_version(con) != migrations()[-1][0]:
        # An older store is upgraded once, then reopened for reading.
        con.close()
        connect(path).close()
        con = duckdb.connect(str(path), read_only=True)
    return con


def _lock_conflict(exc: duckdb.IOException) -> bool:
    return "conflicting lock" in str(exc).lower()


def _open_waiting(path: Path, read_only: bool, wait: float | None = None) -> duckdb.DuckDBPyConnection:
    """duckdb.connect, retried for a short while when another process holds the file's lock. A
    writer waiting says so (`wanting`), and the web app, which keeps the store open for reading
    between requests, lets go of it."""
    deadline = time.monotonic() + (LOCK_WAIT if wait is None else wait)
    try:
        return duckdb.connect(str(path), read_only=read_only)
    except duckdb.IOException as exc:
        if not _lock_conflict(exc) or time.monotonic() >= deadline:
            raise
    with contextlib.nullcontext() if read_only else wanting(path):
        while True:
            time.sleep(0.05)
            try:
                return duckdb.connect(str(path), read_only=read_only)
            except duckdb.IOException as exc:
                if not _lock_conflict(exc) or time.monotonic() >= deadline:
                    raise


@contextmanager
def wanting(path: Path) -> Iterator[None]:
    """A marker beside the file while this process waits to write it: a process that keeps the file
    open (the web app) sees it (`wanted`) and closes the file at once, instead of holding it."""
    marker = Path(path).with_name(f"{Path(path).name}.wanted-{os.getpid()}")
    try:
        marker.touch()
    except OSError:
        pass  # a folder we cannot write: the writer still waits, only without asking
    try:
        yield
    finally:
        marker.unlink(missing_ok=True)


def wanted(path: Path) -> bool:
    """Whether another process is waiting to write the file (see `wanting`)."""
    path = Path(path)
    return any(path.parent.glob(f"{glob_escape(path.name)}.wanted-*"))


def picked(con: duckdb.DuckDBPyConnection, table: str, key: str, values: list) -> tuple[str, list]:
    """(SQL, parameters) of a FROM-clause source holding the rows of `table` whose `key` is one of
    `values`, for a handful of values. DuckDB scans a whole table for `key IN (...)`, wide columns
    too, and only prunes blocks by it; so the row ids are found on the key column alone, and each
    row is then read by its id, which goes straight to its block (a narrative by crime id: 140 ms
    down to 25 ms on a million crimes)."""
    if not values:
        return f"(SELECT * FROM {table} WHERE false)", []
    rowids = [r for (r,) in con.execute(f"SELECT rowid FROM {table} WHERE {key} IN ({', '.join('?' * len(values))})",
                                        values).fetchall()]
    if not rowids:
        return f"(SELECT * FROM {table} WHERE false)", []
    return "(" + " UNION ALL ".join([f"SELECT * FROM {table} WHERE rowid = ?"] * len(rowids)) + ")", rowids


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """All or nothing: a failure or a kill part-way leaves the store as it was."""
    con.execute("BEGIN TRANSACTION")
    try:
        yield con
    except BaseException:
        con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")
