"""Where each force stands: per recommendation status, progress, deadline and whether it is
overdue (latest version of each plan), and forces side by side."""

from __future__ import annotations

import datetime as dt

import duckdb

from stalkscreen.oversight.plans import storage
from stalkscreen.oversight.plans.text import number_key

STATUS_COLUMNS = ["force", "as_of", "recommendation", "deadline", "status", "progress", "overdue", "update_date", "owner"]


def progress(status: str, percent: int | None) -> int | None:
    """Percent done: as the plan gives it, 100 when it says complete, else unknown (None)."""
    if percent is not None:
        return percent
    return 100 if status == "complete" else None


def overdue(deadline: dt.date | None, status: str, today: dt.date) -> bool | None:
    """Past its deadline and not complete; None when the plan gives no deadline or no status."""
    if deadline is None or status == "unknown":
        return None
    return deadline < today and status != "complete"


def status_rows(con: duckdb.DuckDBPyConnection, force: str | None, today: dt.date) -> list[dict]:
    rows = []
    for plan in storage.latest(con, force):
        for r in storage.recommendations(con, plan["plan_id"]):
            rows.append({"force": plan["force"], "as_of": plan["as_of"], "recommendation": r["recommendation"],
                         "deadline": r["deadline"], "status": r["status"],
                         "progress": progress(r["status"], r["progress_percent"]),
                         "overdue": overdue(r["deadline"], r["status"], today),
                         "update_date": r["update_date"], "owner": r["owner"]})
    return rows


def label(status: str, percent: int | None) -> str:
    """'in_progress 50%', 'complete', ...: one cell of the comparison."""
    return f"{status} {percent}%" if percent is not None else status


def compare(con: duckdb.DuckDBPyConnection, today: dt.date) -> tuple[list[dict], list[str]]:
    """One row per recommendation any plan holds, one column per force (its latest version);
    a cell is empty where a force's plan does not have that recommendation. Returns (rows, forces)."""
    plans = storage.latest(con)
    forces = [p["force"] for p in plans]
    cells: dict[str, dict[str, str]] = {}
    for plan in plans:
        for r in storage.recommendations(con, plan["plan_id"]):
            late = overdue(r["deadline"], r["status"], today)
            cell = label(r["status"], r["progress_percent"]) + (" (overdue)" if late else "")
            cells.setdefault(r["recommendation"], {})[plan["force"]] = cell
    rows = [{"recommendation": n, **{f: cells[n].get(f) for f in forces}} for n in sorted(cells, key=number_key)]
    return rows, forces
