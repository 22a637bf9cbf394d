"""Flags (indicated crimes not recorded as stalking) and reviewers' decisions on them.

A decision is stored with who, when, why and the evidence it saw. Accepting records the suggested
reclassification in classification_changes, on top of the source offences (never changed);
`offences_effective` shows the two together. A rejected flag is listed as new again only when
evidence the reviewer did not see arrives (view screening_flags, store migration 006).
"""

from __future__ import annotations

import duckdb

from stalkscreen import store
from stalkscreen.errors import StalkscreenError
from stalkscreen.reference.offences import Catalogue

STATUSES = ("new", "accepted", "rejected")
EX_PARTNER = "rule:conduct.ex_partner"
APRIL_2020 = ("an ex-partner course of conduct must be recorded as stalking unless the police are satisfied it "
              "amounts to harassment in law only (Home Office recording rule, April 2020)")


def _screened(con: duckdb.DuckDBPyConnection) -> None:
    if not con.execute("SELECT count(*) FROM screen_runs").fetchone()[0]:
        raise StalkscreenError("no screening results in the store yet", hint="run `stalkscreen screen` first")


def flags(con: duckdb.DuckDBPyConnection, status: str | None = None, limit: int | None = None,
          offset: int = 0) -> list[dict]:
    """Indicated crimes not recorded as stalking, highest priority and score first; with offset,
    from that place in the order on (a page of the queue)."""
    _screened(con)
    if status is not None and status not in STATUSES:
        raise StalkscreenError(f"unknown status {status!r}", hint="use new, accepted or rejected")
    # The order first, on narrow columns; the wide ones (reasons) only for the flags shown: reading
    # every flag's reasons to keep the first 200 took most of the time.
    order = "CASE f.priority WHEN 'high' THEN 0 WHEN 'medium' THEN 1 ELSE 2 END, f.score DESC, f.crime_id"
    shown = con.execute(f"""
        SELECT list(crime_id) FROM (
            SELECT f.crime_id FROM screening_flags f
            WHERE f.stalking_recorded IS NULL AND ($status IS NULL OR f.status = $status)
            ORDER BY {order} LIMIT $limit OFFSET $offset)""",
        {"status": status, "limit": limit if limit is not None else 2 ** 62, "offset": offset}).fetchone()[0]
    cursor = con.execute(f"""
        SELECT f.crime_id, f.status, f.priority, f.score, f.indicated, c.offence_code || ' ' || c.offence AS recorded_as,
               f.suggested_offence_code, f.suggested_role, f.dyad_id, f.reasons, f.new_evidence,
               f.decision, f.review_reason, f.reviewed_by, f.reviewed_at, f.screened_at
        FROM screening_flags f JOIN crimes c USING (crime_id)
        WHERE f.crime_id IN (SELECT unnest($shown::VARCHAR[]))
        ORDER BY {order}""", {"shown": shown or []})
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


def count(con: duckdb.DuckDBPyConnection, status: str | None = None) -> int:
    """How many flags the queue holds (with that status)."""
    return con.execute("SELECT count(*) FROM screening_flags WHERE stalking_recorded IS NULL "
                       "AND ($status IS NULL OR status = $status)", {"status": status}).fetchone()[0]


def _flag(con: duckdb.DuckDBPyConnection, crime_id: str) -> dict:
    if not con.execute("SELECT count(*) FROM crimes WHERE crime_id = ?", [crime_id]).fetchone()[0]:
        raise StalkscreenError(f"no crime {crime_id} in the store", hint="list flags with `stalkscreen flags`")
    cursor = con.execute("""SELECT crime_id, indicated, score, stalking_recorded, suggested_offence_code, suggested_role,
                                   evidence_items, screen_run_id
                            FROM screening_results WHERE crime_id = ?""", [crime_id])
    row = cursor.fetchone()
    if row is None or not row[1]:
        raise StalkscreenError(f"crime {crime_id} is not flagged: screening did not indicate stalking on it",
                               hint="list flags with `stalkscreen flags`; run `stalkscreen screen` after new loads")
    flag = dict(zip([d[0] for d in cursor.description], row))
    if flag["stalking_recorded"]:
        raise StalkscreenError(f"crime {crime_id} already records stalking ({flag['stalking_recorded']} offence): "
                               "there is no flag to review")
    return flag


def decide(con: duckdb.DuckDBPyConnection, catalogue: Catalogue, crime_id: str, accept: bool, reason: str,
           by: str) -> dict:
    """Store the decision (the latest on a crime stands); on acceptance, the reclassification."""
    _screened(con)
    flag = _flag(con, crime_id)
    ex_partner = EX_PARTNER in flag["evidence_items"]
    if not reason.strip():
        if ex_partner and not accept:
            raise StalkscreenError(f"rejecting this flag needs a reason saying why it is harassment in law only: "
                                   f"{APRIL_2020}", hint='add --reason "..."')
        raise StalkscreenError("a decision needs a reason (--reason)", hint='add --reason "..."')
    if not by.strip():
        raise StalkscreenError("a decision needs who made it (--by)")
    decision = "accepted" if accept else "rejected"
    with store.transaction(con):
        review_id = con.execute("SELECT nextval('flag_review_seq')").fetchone()[0]
        con.execute("INSERT INTO flag_reviews VALUES (?, ?, ?, ?, ?, current_localtimestamp(), ?, ?, ?)",
                    [review_id, crime_id, decision, reason.strip(), by.strip(), flag["evidence_items"], flag["score"],
                     flag["screen_run_id"]])
        change = _reclassify(con, catalogue, flag, review_id, by.strip()) if accept else None
    return {"review_id": review_id, "crime_id": crime_id, "decision": decision, "change": change,
            "ex_partner": ex_partner}


def _reclassify(con: duckdb.DuckDBPyConnection, catalogue: Catalogue, flag: dict, review_id: int, by: str) -> dict:
    code = flag["suggested_offence_code"]
    known = catalogue.get(code)
    change = {"crime_id": flag["crime_id"], "offence_code": code, "offence": known.name if known else code,
              "role": flag["suggested_role"]}
    con.execute("INSERT INTO classification_changes VALUES (?, ?, ?, ?, ?, ?, current_localtimestamp())",
                [change["crime_id"], code, change["offence"], change["role"], review_id, by])
    return change
