"""The analysis of a crime's digital evidence (recommendations 18.1, 20.2-20.4, after the Met's Op
Atlas): for each suspect-victim pair, the contact timeline and its "core times of harassment",
escalation and what is new in it, and the occasions the suspect's device was near the victim.

    report(con, crime_id, params) -> Findings

Reads `crimes`, `person_records`, `people` (person keys), `orders` and `order_events`, `case_events`
(a victim's request for no contact is the case event `no_contact_requested` on the crime) and the
evidence tables; writes nothing (its working tables are the connection's own and dropped after).
The methods are in the modules that carry them out: pairs (who is who, one count per message),
timeline (totals, runs, channels, requests and orders, daily counts, core times), escalation (the
escalation test and new channels and third parties) and colocation (occasions).
"""

from __future__ import annotations

import datetime as dt
import math

import duckdb

from stalkscreen.errors import StalkscreenError
from stalkscreen.evidence import colocation, escalation, pairs, timeline
from stalkscreen.evidence.findings import Findings, Parameters

# Parameter -> (lowest allowed value, whether it must be a whole number).
LIMITS = {"baseline_days": (2, True), "guard_days": (0, True), "min_history_days": (1, True),
          "threshold_sd": (0, False), "min_count": (1, True), "merge_gap_days": (0, True),
          "min_escalated_days": (1, True),
          "window_minutes": (1, True), "distance_m": (0, False), "occasion_gap_minutes": (0, True)}


def report(con: duckdb.DuckDBPyConnection, crime_id: str, params: Parameters = Parameters(),
           now: dt.datetime | None = None) -> Findings:
    """Everything the analysis finds in the crime's evidence, as of now (UTC)."""
    check(con, params)
    sources = _sources(con, crime_id)
    findings = Findings(crime_id, now or dt.datetime.now(dt.timezone.utc).replace(tzinfo=None, microsecond=0),
                        params, sources=sources)
    try:
        pairs.prepare(con, crime_id, params.timezone)
        findings.pairs = timeline.pairs(con, crime_id)
        findings.daily = timeline.daily(con)
        findings.core_times = timeline.core_times(con)
        findings.escalations = escalation.periods(con, params)
        findings.new_channels = escalation.new_channels(con, params)
        findings.new_third_parties = escalation.new_third_parties(con, crime_id, params)
        findings.colocations = colocation.occasions(con, crime_id, params)
    finally:
        pairs.drop(con)
    return findings


def check(con: duckdb.DuckDBPyConnection, params: Parameters) -> None:
    """Refuse parameters the methods cannot use, naming the parameter."""
    for name, (lowest, whole) in LIMITS.items():
        value = getattr(params, name)
        if isinstance(value, bool) or not isinstance(value, (int, float)) or (whole and not isinstance(value, int)) \
                or not math.isfinite(value) or value < lowest:
            kind = "a whole number" if whole else "a number"
            raise StalkscreenError(f"parameter {name} = {value!r}: expected {kind} of at least {lowest}",
                                   hint=f"give {name} as {kind} >= {lowest}")
    if not isinstance(params.alpha, (int, float)) or not 0 < params.alpha < 1:
        raise StalkscreenError(f"parameter alpha = {params.alpha!r}: expected a probability between 0 and 1",
                               hint="the default is 0.001")
    try:
        con.execute("SELECT " + pairs.local("TIMESTAMP '2026-01-01'"), [params.timezone]).fetchone()
    except duckdb.Error as exc:
        raise StalkscreenError(f"parameter timezone = {params.timezone!r}: not a time zone",
                               hint="give an IANA zone name, e.g. Europe/London") from exc


def _sources(con: duckdb.DuckDBPyConnection, crime_id: str) -> list[dict]:
    if not con.execute("SELECT count(*) FROM crimes WHERE crime_id = ?", [crime_id]).fetchone()[0]:
        raise StalkscreenError(f"no crime {crime_id!r} in the store",
                               hint="give the crime reference as loaded (see `stalkscreen ingest`)")
    sources = pairs.rows(con.execute("""
        SELECT source_id, kind, file, content_hash, owner_person_record_id, device, imported_by, imported_at,
               rows_read, rows_loaded, rows_duplicate, rows_quarantined
        FROM evidence_sources WHERE crime_id = ? ORDER BY source_id""", [crime_id]))
    if not sources:
        raise StalkscreenError(f"crime {crime_id!r} has no imported digital evidence",
                               hint=f"import the extractions first: `stalkscreen evidence import FILE --case {crime_id} --kind contacts`")
    return sources
