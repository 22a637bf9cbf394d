"""Clerical review: the pairs nearest the threshold, field by field, and the decisions made on them."""

from __future__ import annotations

import json
import math

import duckdb

from stalkscreen import store
from stalkscreen.errors import StalkscreenError
from stalkscreen.link import dyads, graph
from stalkscreen.link.settings import LinkSettings

FIELDS = {"forename": ["forename"], "surname": ["surname"], "dob": ["dob"], "address": ["address", "postcode"],
          "phone": ["phone"], "email": ["email"], "sex": ["sex"]}


def level_labels(model_json: dict) -> list[dict[int, str]]:
    """Per comparison, level (gamma) -> label: null levels are -1, the rest count down to 0."""
    out = []
    for comparison in model_json["comparisons"]:
        levels = comparison["comparison_levels"]
        real = [lv for lv in levels if not lv.get("is_null_level")]
        labels = {-1: "missing on one side"}
        labels.update({len(real) - 1 - i: lv.get("label_for_charts", "") for i, lv in enumerate(real)})
        out.append(labels)
    return out


def _logit(p: float) -> float:
    p = min(max(p, 1e-12), 1 - 1e-12)
    return math.log(p / (1 - p))


def pairs(con: duckdb.DuckDBPyConnection, settings: LinkSettings, limit: int) -> list[dict]:
    """Undecided pairs in the review band, nearest the threshold first, with every field side by side."""
    rows = con.execute("""
        SELECT p.person_record_id_l, p.person_record_id_r, p.match_probability, p.match_weight, p.levels, p.weights,
               m.model_json
        FROM link_pairs p JOIN link_models m USING (model_id)
        WHERE p.match_probability BETWEEN $lo AND $hi AND p.levels IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM link_decisions d WHERE d.person_record_id_l = p.person_record_id_l
                          AND d.person_record_id_r = p.person_record_id_r)
        ORDER BY abs(ln(greatest(p.match_probability, 1e-12) / greatest(1 - p.match_probability, 1e-12)) - $centre),
                 p.person_record_id_l, p.person_record_id_r
        LIMIT $limit""", {"lo": settings.review_from, "hi": settings.review_to, "centre": _logit(settings.threshold),
                          "limit": limit}).fetchall()
    return [_explain(con, *row) for row in rows]


def _record(con: duckdb.DuckDBPyConnection, record_id: str) -> dict:
    cursor = con.execute("SELECT * FROM person_records WHERE person_record_id = ?", [record_id])
    names = [d[0] for d in cursor.description]
    return dict(zip(names, cursor.fetchone()))


def _explain(con, left_id, right_id, probability, weight, levels, weights, model_text) -> dict:
    model_json = json.loads(model_text)
    labels = level_labels(model_json)
    left, right = _record(con, left_id), _record(con, right_id)
    comparisons = []
    for i, comparison in enumerate(model_json["comparisons"]):
        name = comparison["output_column_name"]
        columns = FIELDS.get(name, [name])
        comparisons.append({
            "comparison": name,
            "left": " / ".join(str(left.get(c) or "") for c in columns),
            "right": " / ".join(str(right.get(c) or "") for c in columns),
            "level": labels[i].get(levels[i], str(levels[i])),
            "weight": round(weights[i], 2),
        })
    return {"left": left_id, "right": right_id, "match_probability": round(probability, 4),
            "match_weight": round(weight, 2), "comparisons": comparisons}


def decide(con: duckdb.DuckDBPyConnection, settings: LinkSettings, left: str, right: str, same: bool,
           by: str, why: str) -> dict:
    """Store a decision (the latest one on a pair stands) and rebuild people and dyads with it."""
    if left == right:
        raise StalkscreenError("a record cannot be compared with itself", hint="give two different person record ids")
    if not by.strip() or not why.strip():
        raise StalkscreenError("a decision needs who made it (--by) and why (--why)")
    low, high = sorted([left, right])
    for record_id in (low, high):
        if not con.execute("SELECT count(*) FROM link_records WHERE person_record_id = ?", [record_id]).fetchone()[0]:
            raise StalkscreenError(f"no linked person record {record_id}",
                                   hint="check the id with `stalkscreen link review`, or run `stalkscreen link` first")
    with store.transaction(con):
        con.execute("DELETE FROM link_decisions WHERE person_record_id_l = ? AND person_record_id_r = ?", [low, high])
        con.execute("INSERT INTO link_decisions VALUES (?, ?, ?, ?, ?, current_localtimestamp())",
                    [low, high, "same" if same else "different", by.strip(), why.strip()])
        run_id = con.execute("SELECT max(run_id) FROM link_runs").fetchone()[0]
        counts = graph.recluster(con, settings, run_id)
        counts["dyads"] = dyads.build(con, run_id)
    return counts


def clusters_for_review(con: duckdb.DuckDBPyConnection) -> list[dict]:
    cursor = con.execute("""SELECT person_id, count(*) AS records, any_value(reason) AS reason FROM people
                            WHERE status = 'review' GROUP BY person_id ORDER BY person_id""")
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]
