"""Helpers shared by the test folders: a small synthetic force's store, queries, the CLI in-process."""

from __future__ import annotations

import datetime as dt
import shutil
import sys
from pathlib import Path

import duckdb

from stalkscreen import store
from stalkscreen.ingest import load
from stalkscreen.link import run as link_run
from stalkscreen.link import settings as link_settings
from stalkscreen.synth import generate

NOW = dt.datetime(2026, 11, 1, 12, 0)  # ingest's "now": fixed, so nothing depends on the day


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


def opened(path: Path, read_only: bool = False):
    """The store, closed when the `with` block ends."""
    return store.connect(path, read_only=read_only)


def ingest(db: Path, *folders: Path) -> None:
    """Load each folder in turn, as separate ingest runs."""
    with opened(db) as con:
        for folder in folders:
            load.run(con, [folder], now=NOW)


def link(db: Path, **kwargs) -> link_run.Report:
    with opened(db) as con:
        return link_run.run(con, kwargs.pop("settings", None) or link_settings.load(), **kwargs)


def copy_store(source: Path, folder: Path, name: str = "copy.duckdb") -> Path:
    target = folder / name
    shutil.copyfile(source, target)
    return target


# Child tables that follow their crime when an export is split; orders and their events go last.
BY_CRIME = ["crimes", "offences", "person_records", "victim_care_events", "case_events", "risk_assessments"]


def split_export(source: Path, first: Path, second: Path, share: int = 20) -> set[str]:
    """Write source's crimes into two exports: about 1 in `share` crimes (by a hash of the id) and the
    rows that follow them into `second`, the rest into `first`; orders go into `second`. Returns the
    crime ids of `second`."""
    first.mkdir(parents=True)
    second.mkdir(parents=True)
    con = duckdb.connect()
    try:
        # md5 rather than hash(): the same split on every DuckDB version
        con.execute("CREATE TABLE later AS SELECT DISTINCT crime_id FROM read_csv(?, all_varchar = true) "
                    "WHERE crime_id IS NOT NULL AND CAST('0x' || left(md5(crime_id), 8) AS UBIGINT) % ? = 0",
                    [str(source / "crimes.csv"), share])
        for name in BY_CRIME:
            rows = f"read_csv('{source / name}.csv', all_varchar = true, header = true)"
            con.execute(f"COPY (SELECT * FROM {rows} WHERE crime_id IS NULL OR crime_id NOT IN "
                        f"(SELECT crime_id FROM later)) TO '{first / name}.csv' (HEADER, FORMAT csv)")
            con.execute(f"COPY (SELECT * FROM {rows} WHERE crime_id IN (SELECT crime_id FROM later)) "
                        f"TO '{second / name}.csv' (HEADER, FORMAT csv)")
        for name in ("orders", "order_events"):
            shutil.copyfile(source / f"{name}.csv", second / f"{name}.csv")
        return {c for (c,) in con.execute("SELECT crime_id FROM later").fetchall()}
    finally:
        con.close()


def add_extraction(con: duckdb.DuckDBPyConnection, suspect_phone: str, victim_phone: str) -> str:
    """A synthetic phone extraction (escalation on 20 February 2026, one co-location near the
    victim's home at 20:00 UTC on 1 February) for the first crime with one suspect and one victim."""
    from stalkscreen.synth import extractions

    crime_id, suspect, victim = con.execute("""
        SELECT crime_id, any_value(person_record_id) FILTER (role = 'suspect'),
               any_value(person_record_id) FILTER (role = 'victim')
        FROM person_records GROUP BY crime_id
        HAVING count(*) FILTER (role = 'suspect') = 1 AND count(*) FILTER (role = 'victim') = 1
        ORDER BY crime_id LIMIT 1""").fetchone()
    plan = extractions.Plan(crime_id, victim_phone, suspect_phone, (51.45, -2.59), (51.5, -2.5),
                            start=dt.date(2026, 1, 5), days=60, escalation=dt.date(2026, 2, 20),
                            occasions=(extractions.Occasion(dt.datetime(2026, 2, 1, 20), 30, "home"),))
    extractions.write_store(con, extractions.make(plan), suspect, victim)
    return crime_id
