"""Reading one crime and one flag for the review pages (the lists come from the stages' own functions)."""

from __future__ import annotations

import duckdb

from stalkscreen.errors import StalkscreenError
from stalkscreen.web.webdb import rows


def crime(con: duckdb.DuckDBPyConnection, crime_id: str) -> dict:
    found = rows(con.execute("""SELECT crime_id, force, record_type, recorded_at, occurred_from, occurred_to,
                                       offence_code, offence, domestic_abuse, status, outcome, narrative
                                FROM crimes WHERE crime_id = ?""", [crime_id]))
    if not found:
        raise StalkscreenError(f"no crime {crime_id} in the store", hint="find crimes with the search page")
    record = found[0]
    record["offences"] = rows(con.execute("""SELECT offence_code, offence, role, origin FROM offences_effective
                                             WHERE crime_id = ? ORDER BY role = 'included', offence_code""", [crime_id]))
    return record


def evidence_files(con: duckdb.DuckDBPyConnection, crime_id: str) -> int:
    """How many extraction files are imported against the crime (`stalkscreen evidence import`)."""
    return con.execute("SELECT count(*) FROM evidence_sources WHERE crime_id = ?", [crime_id]).fetchone()[0]


def flag(con: duckdb.DuckDBPyConnection, crime_id: str) -> dict | None:
    """The crime's screening flag with its review status (view screening_flags), or None."""
    found = rows(con.execute("""SELECT crime_id, status, priority, score, narrative_score, suggested_offence_code, suggested_role,
                                       dyad_id, reasons, new_evidence, decision, review_reason, reviewed_by,
                                       reviewed_at, screened_at
                                FROM screening_flags WHERE crime_id = ? AND stalking_recorded IS NULL""", [crime_id]))
    return found[0] if found else None


def segments(narrative: str | None, reasons: list[dict]) -> list[dict]:
    """The narrative cut into plain and evidence pieces (overlapping spans merged), for highlighting."""
    text = narrative or ""
    spans = sorted((e["span_start"], e["span_end"]) for r in reasons for e in (r["evidence"] or [])
                   if e.get("span_start") is not None and e.get("span_end") is not None)
    merged: list[list[int]] = []
    for start, end in spans:
        start, end = max(0, start), min(len(text), end)
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        elif start < end:
            merged.append([start, end])
    pieces, at = [], 0
    for start, end in merged:
        if start > at:
            pieces.append({"text": text[at:start], "evidence": False})
        pieces.append({"text": text[start:end], "evidence": True})
        at = end
    if at < len(text):
        pieces.append({"text": text[at:], "evidence": False})
    return pieces


def linked_crimes(reasons: list[dict]) -> list[dict]:
    return [{"crime_id": e["crime_id"], "text": e["text"], "rule": r["rule"]}
            for r in reasons for e in (r["evidence"] or []) if e.get("crime_id")]
