"""Recording a produced list in dmm_lists (one row per meeting day) and dmm_list_items, in one
transaction; producing the same day's list again replaces both."""

from __future__ import annotations

import json

import duckdb

from stalkscreen import store
from stalkscreen.dmm.model import SECTIONS, DmmList

ITEM_COLUMNS = ["produced_on", "section", "position", "crime_id", "subject", "reason", "since", "open_command"]


def save(con: duckdb.DuckDBPyConnection, made: DmmList) -> None:
    counts = made.counts()
    day = made.window.day
    with store.transaction(con):
        con.execute("DELETE FROM dmm_list_items WHERE produced_on = ?", [day])
        con.execute("DELETE FROM dmm_lists WHERE produced_on = ?", [day])
        con.execute(
            f"""INSERT INTO dmm_lists (produced_on, window_start, window_end, {', '.join(SECTIONS)}, total, notes,
                                       versions, rules_version, produced_at)
                VALUES (?, ?, ?, {', '.join('?' for _ in SECTIONS)}, ?, ?, ?, ?, ?)""",
            [day, made.window.start, made.window.end, *(counts[s] for s in SECTIONS), made.total(),
             made.all_notes(), json.dumps(made.versions, default=str), made.versions["dmm_rules"], made.produced_at])
        items = [[day, x["section"], x["position"], x["crime_id"], x["subject"], x["reason"], x["since"], x["open"]]
                 for x in made.lines()]
        if items:
            con.executemany(f"INSERT INTO dmm_list_items ({', '.join(ITEM_COLUMNS)}) VALUES "
                            f"({', '.join('?' for _ in ITEM_COLUMNS)})", items)
