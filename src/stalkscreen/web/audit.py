"""The audit log: who saw or changed what, when and why, as a hash chain.

Each entry's hash covers its own fields and the previous entry's hash, so editing, inserting or
deleting an entry anywhere but the end breaks every later link; `verify` finds the first break.
The app only ever inserts (there is no update or delete of audit_log anywhere in stalkscreen).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import duckdb

from stalkscreen.web import webdb

GENESIS = "0" * 64
FIELDS = ("seq", "at", "user_name", "role", "action", "what", "purpose", "detail")


def _plain(value):
    return value.isoformat() if isinstance(value, (dt.date, dt.datetime)) else value


def entry_hash(entry: dict, prev_hash: str) -> str:
    body = json.dumps([prev_hash] + [_plain(entry[f]) for f in FIELDS], ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def append(con: duckdb.DuckDBPyConnection, action: str, what: str, user_name: str | None = None,
           role: str | None = None, purpose: str | None = None, detail: dict | None = None) -> dict:
    """Add one entry at the end of the chain (the caller holds the web file's lock)."""
    con.execute("BEGIN TRANSACTION")
    try:
        last = con.execute("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()
        entry = {"seq": (last[0] + 1) if last else 1,
                 "at": dt.datetime.now(dt.timezone.utc).replace(tzinfo=None, microsecond=0),
                 "user_name": user_name, "role": role, "action": action, "what": what,
                 "purpose": purpose or None,
                 "detail": json.dumps(detail or {}, ensure_ascii=False, sort_keys=True, default=str)}
        prev = last[1] if last else GENESIS
        entry["prev_hash"], entry["hash"] = prev, entry_hash(entry, prev)
        con.execute("INSERT INTO audit_log VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", [entry[f] for f in (*FIELDS, "prev_hash", "hash")])
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return entry


def record(path: Path, action: str, what: str, **kwargs) -> dict:
    with webdb.connect(path) as con:
        return append(con, action, what, **kwargs)


def entries(path: Path, user_name: str | None = None, action: str | None = None, limit: int = 200) -> list[dict]:
    with webdb.connect(path) as con:
        return webdb.rows(con.execute(
            "SELECT * FROM audit_log WHERE ($u IS NULL OR user_name = $u) AND ($a IS NULL OR action = $a) "
            "ORDER BY seq DESC LIMIT $n", {"u": user_name, "a": action, "n": limit}))


@dataclass
class Verdict:
    entries: int
    broken_at: int | None      # the first entry whose hash or link does not hold
    problem: str | None
    last_hash: str             # note it down: a later verify can show nothing was cut from the end

    @property
    def intact(self) -> bool:
        return self.broken_at is None


def verify(path: Path) -> Verdict:
    with webdb.connect(path) as con:
        chain = webdb.rows(con.execute("SELECT * FROM audit_log ORDER BY seq"))
    prev = GENESIS
    for expected_seq, entry in enumerate(chain, start=1):
        if entry["seq"] != expected_seq:
            return Verdict(len(chain), entry["seq"], f"entry {expected_seq} is missing", prev)
        if entry["prev_hash"] != prev:
            return Verdict(len(chain), entry["seq"], "its link to the previous entry does not match", prev)
        if entry_hash(entry, prev) != entry["hash"]:
            return Verdict(len(chain), entry["seq"], "its contents do not match its hash (edited)", prev)
        prev = entry["hash"]
    return Verdict(len(chain), None, None, prev)
