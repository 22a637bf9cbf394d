"""A load killed half-way (SIGKILL) leaves the store exactly as it was, and usable."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import numpy as np
import pyarrow as pa
import pyarrow.csv as pcsv
import pytest

from .conftest import crime, ingest, query, small_export, write_csv, write_export

ROWS = 300_000


def big_export(folder, n: int = ROWS):
    folder.mkdir()
    ids = pa.array(np.char.add("K", np.arange(n).astype(str)))
    pcsv.write_csv(pa.table({
        "crime_id": ids, "record_type": pa.array(["crime"] * n), "recorded_at": pa.array(["2024-03-01 10:00"] * n),
        "offence_code": pa.array(["SS8L-01"] * n), "narrative": pa.array(["He keeps sending messages at night."] * n),
    }), folder / "crimes.csv")
    pcsv.write_csv(pa.table({
        "person_record_id": pa.array(np.char.add("KP", np.arange(n).astype(str))), "crime_id": ids,
        "role": pa.array(["victim"] * n), "surname": pa.array(["Smith"] * n),
    }), folder / "person_records.csv")
    return folder


def snapshot(db):
    tables = ["crimes", "offences", "person_records", "quarantine", "ingest_runs", "crimes_history"]
    return {t: query(db, f"SELECT count(*) FROM {t}")[0][0] for t in tables} | {
        "runs": query(db, "SELECT run_id, file, rows_loaded FROM ingest_runs ORDER BY ALL")}


@pytest.mark.slow
def test_a_load_killed_half_way_leaves_the_store_as_before_and_usable(tmp_path):
    db = tmp_path / "s.duckdb"
    ingest(db, write_export(tmp_path / "first", small_export()))
    before = snapshot(db)
    folder = big_export(tmp_path / "big")
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "COLUMNS": "200"}
    process = subprocess.Popen([sys.executable, "-c", "from stalkscreen.cli.main import main; main()",
                                "--db", str(db), "ingest", str(folder)],
                               stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, env=env, text=True)
    seen = []
    deadline = time.monotonic() + 120
    for line in process.stderr:  # kill once crimes are written inside the open transaction
        seen.append(line)
        if "crimes.csv → crimes: read" in line or time.monotonic() > deadline:
            break
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert process.returncode == -signal.SIGKILL
    assert any("loading 2 file(s) in one transaction" in s for s in seen)
    assert any("crimes.csv → crimes: read 300,000 = loaded 300,000" in s for s in seen)
    assert snapshot(db) == before
    report = ingest(db, write_csv(tmp_path / "crimes.csv", [crime("AFTER")]))
    assert report.files[0].loaded == 1
    assert query(db, "SELECT count(*) FROM crimes")[0][0] == before["crimes"] + 1
