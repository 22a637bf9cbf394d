"""Shared by the benchmarks: run the CLI, copy a store, split a synthetic export into an older
part and a newer part (the newest crimes), so a benchmark can load one and then the other."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

CHILDREN = ["offences", "person_records", "victim_care_events", "case_events", "risk_assessments"]


def sh(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "stalkscreen.cli.main", *args], check=True, stdout=subprocess.DEVNULL)


def copy_store(source: Path | None, target: Path) -> None:
    """Copy a store with its write-ahead log (or, with no source, remove the target)."""
    for suffix in ("", ".wal"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
        if source and Path(f"{source}{suffix}").exists():
            shutil.copyfile(f"{source}{suffix}", f"{target}{suffix}")


def split_export(export: Path, base: Path, new: Path, new_records: int = 0, new_crimes: int = 0) -> dict:
    """base/ and new/ hold the export's files; new/ the newest crimes (by id), as many as make up
    `new_crimes` crimes or `new_records` person records, with their child rows, and every order."""
    import duckdb

    con = duckdb.connect()
    if new_crimes:
        cut = con.execute(f"SELECT crime_id FROM '{export}/crimes.parquet' ORDER BY crime_id DESC "
                          f"LIMIT 1 OFFSET {int(new_crimes) - 1}").fetchone()[0]
    else:
        cut = con.execute(f"""
            WITH per AS (SELECT crime_id, count(*) AS n FROM '{export}/person_records.parquet' GROUP BY crime_id),
            run AS (SELECT crime_id, sum(n) OVER (ORDER BY crime_id DESC) AS total FROM per)
            SELECT min(crime_id) FROM run WHERE total <= {int(new_records)}""").fetchone()[0]
    for folder in (base, new):
        folder.mkdir(parents=True, exist_ok=True)
    for table in ["crimes", *CHILDREN]:
        for folder, op in ((base, "<"), (new, ">=")):
            con.execute(f"COPY (SELECT * FROM '{export}/{table}.parquet' WHERE crime_id {op} '{cut}') "
                        f"TO '{folder}/{table}.parquet' (FORMAT parquet)")
    for table in ("orders", "order_events"):
        con.execute(f"COPY (SELECT * FROM '{export}/{table}.parquet') TO '{new}/{table}.parquet' (FORMAT parquet)")
    count = {f: con.execute(f"SELECT count(*) FROM '{f}/{'crimes' if new_crimes else 'person_records'}.parquet'"
                            ).fetchone()[0] for f in (base, new)}
    unit = "crimes" if new_crimes else "records"
    return {f"base_{unit}": count[base], f"new_{unit}": count[new]}


def make_store(db: Path, source: Path | None, work: Path, crimes: int) -> str:
    """A benchmark's own store: kept from an earlier run, a copy of `source` (the ingest
    benchmark's store, never written), or made from a synthetic export of `crimes` crimes."""
    if db.exists():
        return "reused"
    if source is not None and source.exists():
        shutil.copyfile(source, db)
        return f"copied {source.name}"
    export = work / f"export_{crimes}_synth"
    if not (export / "crimes.parquet").exists():
        sh("synth", "--crimes", str(crimes), "--seed", "1", "--out", str(export), "--format", "parquet")
    sh("--db", str(db), "ingest", str(export))
    return "synth+ingest"
