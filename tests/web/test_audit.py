"""The audit log's hash chain: intact when only appended to, broken where an entry is edited."""

from __future__ import annotations

from stalkscreen.web import audit, webdb


def _three(path):
    for n in range(3):
        audit.record(path, "view", f"/crimes/C{n}", user_name="ann", role="investigator", purpose="test")


def test_an_appended_chain_holds(tmp_path):
    _three(tmp_path / "w.duckdb")
    verdict = audit.verify(tmp_path / "w.duckdb")
    assert verdict.intact and verdict.entries == 3


def test_an_edited_entry_breaks_the_chain_there(tmp_path):
    path = tmp_path / "w.duckdb"
    _three(path)
    with webdb.connect(path) as con:
        con.execute("UPDATE audit_log SET what = '/crimes/OTHER' WHERE seq = 2")
    verdict = audit.verify(path)
    assert verdict.broken_at == 2 and "edited" in verdict.problem


def test_a_deleted_entry_breaks_the_chain(tmp_path):
    path = tmp_path / "w.duckdb"
    _three(path)
    with webdb.connect(path) as con:
        con.execute("DELETE FROM audit_log WHERE seq = 2")
    assert audit.verify(path).broken_at == 3


def test_audit_verify_on_the_command_line_fails_on_an_edited_entry(tmp_path, cli):
    path = tmp_path / "w.duckdb"
    _three(path)
    assert cli("audit", "verify", "--web-db", path)[0] == 0
    with webdb.connect(path) as con:
        con.execute("UPDATE audit_log SET purpose = 'nothing to see' WHERE seq = 1")
    code, _, err = cli("audit", "verify", "--web-db", path)
    assert code == 2 and "broken at entry 1" in err
