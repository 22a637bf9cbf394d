"""`stalkscreen users` and `stalkscreen audit list`."""

from __future__ import annotations

import io
import json
import sys

from .conftest import PASSWORD


def _add(cli, monkeypatch, path, name, role):
    monkeypatch.setattr(sys, "stdin", io.StringIO(PASSWORD + "\n"))
    return cli("users", "add", name, "--role", role, "--password-stdin", "--web-db", path)


def test_users_add_then_list_shows_the_user_and_role(tmp_path, cli, monkeypatch):
    path = tmp_path / "w.duckdb"
    assert _add(cli, monkeypatch, path, "ann", "registrar")[0] == 0
    listed = json.loads(cli("users", "list", "--web-db", path, "--format", "json")[1])
    assert [(u["name"], u["role"], u["active"]) for u in listed] == [("ann", "registrar", True)]


def test_users_add_refuses_an_unknown_role(tmp_path, cli, monkeypatch):
    code, _, err = _add(cli, monkeypatch, tmp_path / "w.duckdb", "ann", "chief")
    assert code == 2 and "unknown role 'chief'" in err


def test_users_disable_marks_the_user_and_is_audited(tmp_path, cli, monkeypatch):
    path = tmp_path / "w.duckdb"
    _add(cli, monkeypatch, path, "ann", "analyst")
    assert cli("users", "disable", "ann", "--web-db", path)[0] == 0
    listed = json.loads(cli("users", "list", "--web-db", path, "--format", "json")[1])
    entries = json.loads(cli("audit", "list", "--web-db", path, "--format", "json")[1])
    assert listed[0]["active"] is False and '"disabled": "ann"' in entries[0]["detail"]
