"""Reading a ground-truth folder, with clear errors for a wrong path or a wrong file."""

from __future__ import annotations

from pathlib import Path

import duckdb

from stalkscreen.errors import StalkscreenError


def load(con: duckdb.DuckDBPyConnection, folder: Path, name: str, columns: list[str]) -> str:
    """Temp table truth_<name> from folder/<name>.csv; the columns named must be present."""
    path = Path(folder) / f"{name}.csv"
    if not path.is_file():
        raise StalkscreenError(f"{path}: no such file",
                               hint="point --truth at the truth/ folder written by `stalkscreen synth`")
    table = f"truth_{name}"
    try:
        con.execute(f"CREATE OR REPLACE TEMP TABLE {table} AS SELECT * FROM read_csv(?, header = true, all_varchar = true)",
                    [str(path)])
    except duckdb.Error as exc:
        raise StalkscreenError(f"{path}: cannot be read as CSV ({str(exc).splitlines()[0]})") from None
    have = {row[0] for row in con.execute(f"DESCRIBE {table}").fetchall()}
    missing = [c for c in columns if c not in have]
    if missing:
        raise StalkscreenError(f"{path}: missing column(s) {', '.join(missing)}",
                               hint=f"expected at least: {', '.join(columns)}")
    return table
