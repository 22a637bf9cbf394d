"""Helpers shared by the test folders: a small synthetic force's store, queries, the CLI in-process."""

from __future__ import annotations

import sys
from pathlib import Path

from stalkscreen import store
from stalkscreen.ingest import load
from stalkscreen.synth import generate


def synthetic_store(folder: Path, crimes: int = 2000, seed: int = 1) -> Path:
    """A store holding a small synthetic force, loaded as `stalkscreen demo` loads it."""
    generate(crimes, seed, folder / "export")
    db = folder / "store.duckdb"
    con = store.connect(db)
    try:
        load.run(con, [folder / "export"])
    finally:
        con.close()
    return db


def query(db: Path, sql: str, params: list | None = None) -> list[tuple]:
    con = store.connect(db, read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


def run_cli(monkeypatch, capsys, *args) -> tuple[int, str, str]:
    """`stalkscreen ARGS...` in-process, as a user runs it: (exit status, stdout, stderr)."""
    from stalkscreen.cli import main as cli_main

    monkeypatch.setattr(sys, "argv", ["stalkscreen", *map(str, args)])
    code = 0
    try:
        cli_main.main()
    except SystemExit as exc:
        code = exc.code or 0
    out, err = capsys.readouterr()
    return code, out, err
