"""`risk show`: one assessment, recorded here or loaded from a force export, with its answers, the
count of "yes" answers, the suggested level, the assessor's level and the lower-than-suggested flag.
An ingested assessment is scored on the fly against the question bank, as a recorded one was."""

from __future__ import annotations

import json

import duckdb

from stalkscreen.errors import StalkscreenError
from stalkscreen.risk import scoring
from stalkscreen.risk.instruments import Bank

HEADER = ["assessment_id", "origin", "crime_id", "person_record_id", "instrument", "instrument_version",
          "instrument_name", "local_version", "completed_at", "assessor", "yes_count", "no_count", "not_known_count",
          "suggested_level", "assessor_level", "lower_than_suggested", "scored_with"]
ITEM_COLUMNS = ["number", "item", "question", "answer", "comment"]


def _recorded(con: duckdb.DuckDBPyConnection, bank: Bank, assessment_id: str) -> dict | None:
    row = con.execute("SELECT * FROM risk_records WHERE assessment_id = ?", [assessment_id]).fetchone()
    if row is None:
        return None
    r = dict(zip([d[0] for d in con.description], row))
    instrument = bank.get(r["instrument"], r["instrument_version"])
    texts = {i.id: i.text for i in instrument.items} if instrument else {}
    items = [{"number": n, "item": i, "question": texts.get(i), "answer": a, "comment": c}
             for i, n, a, c in con.execute("SELECT item_id, item_number, answer, comment FROM risk_answers "
                                           "WHERE assessment_id = ? ORDER BY item_number", [assessment_id]).fetchall()]
    return {**{k: r.get(k) for k in HEADER}, "origin": "recorded", "scored_with": r["bank_version"],
            "instrument_name": instrument.name if instrument else None,
            "local_version": instrument.local if instrument else None, "items": items}


def _ingested_answers(text: str | None) -> dict[str, tuple[str | None, str | None]]:
    """item -> (answer as written, comment): an export may give "yes" or {"answer": "yes", "comment": ...}."""
    try:
        data = json.loads(text) if text else {}
    except json.JSONDecodeError:
        return {}
    if not isinstance(data, dict):
        return {}
    return {k: (v.get("answer"), v.get("comment")) if isinstance(v, dict) else (v, None) for k, v in data.items()}


def _ingested(con: duckdb.DuckDBPyConnection, bank: Bank, assessment_id: str) -> dict | None:
    row = con.execute("SELECT assessment_id, crime_id, person_record_id, instrument, instrument_version, completed_at, "
                      "assessor, level, CAST(answers AS VARCHAR) FROM risk_assessments WHERE assessment_id = ?",
                      [assessment_id]).fetchone()
    if row is None:
        return None
    aid, crime, person, name, version, completed, assessor, level, answers = row
    given = _ingested_answers(answers)
    instrument = bank.get(name, version or "")
    numbered = {i.id: i for i in instrument.items} if instrument else {}
    items = [{"number": numbered[k].number if k in numbered else None, "item": k,
              "question": numbered[k].text if k in numbered else None,
              "answer": scoring.normalise_answer(a) or a, "comment": c} for k, (a, c) in given.items()]
    items.sort(key=lambda i: (i["number"] is None, i["number"] or 0, i["item"]))
    normal = {i["item"]: i["answer"] for i in items}
    score = scoring.score(instrument, normal, level, bank.levels) if instrument else None
    header = {"assessment_id": aid, "origin": "ingested", "crime_id": crime, "person_record_id": person,
              "instrument": name, "instrument_version": version, "completed_at": completed, "assessor": assessor,
              "assessor_level": level, "instrument_name": instrument.name if instrument else None,
              "local_version": instrument.local if instrument else None,
              "yes_count": sum(a == "yes" for a in normal.values()), "no_count": sum(a == "no" for a in normal.values()),
              "not_known_count": sum(a == "not_known" for a in normal.values()),
              "suggested_level": score.suggested_level if score else None,
              "lower_than_suggested": score.lower_than_suggested if score else None,
              "scored_with": bank.version if instrument else "instrument not in the question bank"}
    return {**{k: header.get(k) for k in HEADER}, "items": items}


def show(con: duckdb.DuckDBPyConnection, bank: Bank, assessment_id: str) -> dict:
    found = _recorded(con, bank, assessment_id) or _ingested(con, bank, assessment_id)
    if found is None:
        raise StalkscreenError(f"no risk assessment '{assessment_id}' in the store",
                               hint="record one with `stalkscreen risk record FILE`, or load the force export")
    return found
