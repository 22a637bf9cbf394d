"""Users of the web app: names, roles and argon2 password hashes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from stalkscreen.errors import StalkscreenError
from stalkscreen.web import audit, webdb

ROLES = ("analyst", "investigator", "supervisor", "registrar", "auditor", "admin")
MIN_PASSWORD = 12
_HASHER = PasswordHasher()  # argon2id with the library's recommended parameters
# Checked against when the name is unknown, so a wrong name costs as long as a wrong password.
_DUMMY = _HASHER.hash("not a real password, only for timing")


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None, microsecond=0)


def check_role(role: str) -> str:
    if role not in ROLES:
        raise StalkscreenError(f"unknown role '{role}'", hint="use one of " + ", ".join(ROLES))
    return role


def check_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise StalkscreenError(f"the password is {len(password)} characters; it needs at least {MIN_PASSWORD}",
                               hint="a few unrelated words make a long password that is easy to type")
    return password


def add(path: Path, name: str, role: str, password: str, by: str = "command line") -> None:
    name = name.strip()
    if not name or any(ch.isspace() for ch in name):
        raise StalkscreenError(f"user name '{name}' must be one word without spaces")
    check_role(role)
    check_password(password)
    with webdb.connect(path) as con:
        if con.execute("SELECT count(*) FROM users WHERE name = ?", [name]).fetchone()[0]:
            raise StalkscreenError(f"there is already a user {name}", hint="choose another name")
        con.execute("INSERT INTO users VALUES (?, ?, ?, true, ?, NULL)", [name, role, _HASHER.hash(password), _now()])
        audit.append(con, "change", f"user {name}", user_name=by, detail={"added": name, "role": role})


def reset_password(path: Path, name: str, password: str, by: str = "command line") -> None:
    """A new password for an existing user; their open sessions end now."""
    check_password(password)
    with webdb.connect(path) as con:
        if not con.execute("SELECT count(*) FROM users WHERE name = ?", [name]).fetchone()[0]:
            raise StalkscreenError(f"no user {name}", hint="list users with `stalkscreen users list`")
        con.execute("UPDATE users SET password_hash = ? WHERE name = ?", [_HASHER.hash(password), name])
        con.execute("DELETE FROM sessions WHERE user_name = ?", [name])
        audit.append(con, "change", f"user {name}", user_name=by, detail={"password_reset": name})


def disable(path: Path, name: str, by: str = "command line") -> None:
    """A disabled user can no longer sign in, and their open sessions end now."""
    with webdb.connect(path) as con:
        if not con.execute("SELECT count(*) FROM users WHERE name = ?", [name]).fetchone()[0]:
            raise StalkscreenError(f"no user {name}", hint="list users with `stalkscreen users list`")
        con.execute("UPDATE users SET active = false, disabled_at = ? WHERE name = ?", [_now(), name])
        con.execute("DELETE FROM sessions WHERE user_name = ?", [name])
        audit.append(con, "change", f"user {name}", user_name=by, detail={"disabled": name})


def listing(path: Path) -> list[dict]:
    with webdb.connect(path) as con:
        return webdb.rows(con.execute("SELECT name, role, active, created_at, disabled_at FROM users ORDER BY name"))


def authenticate(path: Path, name: str, password: str) -> dict | None:
    """The user, if the name is of an active user and the password is theirs; None otherwise."""
    with webdb.connect(path) as con:
        found = webdb.rows(con.execute("SELECT name, role, password_hash FROM users WHERE name = ? AND active",
                                       [name]))
    stored = found[0]["password_hash"] if found else _DUMMY
    try:
        _HASHER.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return None
    return {"name": found[0]["name"], "role": found[0]["role"]} if found else None
