"""Outcomes and the charge rate, time from report to decision, SPO use and Victims' Code
compliance (the plan measures of `stalkscreen.oversight.measures`, so the profile and the action
plan evidence give the same figure)."""

from __future__ import annotations

from stalkscreen.oversight import measures
from stalkscreen.oversight.profile.model import Chart, Section, Table
from stalkscreen.oversight.profile.scope import Context, rows

CHARGED = "1"  # Home Office outcome type 1: charged or summonsed
OPEN = "No outcome yet (open)"
# Case events that record a decision on the crime. The crime record has no outcome date, so the
# first of these is the nearest recorded point of decision.
DECISION_EVENTS = ["charge_decision", "outcome_assigned", "supervisor_review", "panel_decision"]
CASEWORK = [measures.spo_consideration, measures.needs_assessment_rate, measures.care_card_rate,
            measures.referral_rate]


def section(ctx: Context) -> Section:
    outcome_rows = outcome_table(ctx)
    charged = sum(r["crimes"] for r in outcome_rows.rows if r.get("type") == CHARGED)
    decided = sum(r["crimes"] for r in outcome_rows.rows if r["outcome"] != OPEN)
    notes = [
        "Outcomes are the Home Office outcome types on the crime records; the charge rate is crimes charged "
        "or summonsed (type 1) of crimes with an outcome.",
        "Time to decision runs from the crime being recorded to its first recorded decision (a case event: "
        + ", ".join(DECISION_EVENTS) + "); the crime record itself has no outcome date.",
        "SPO and Victims' Code figures are the action-plan measures, over recorded stalking crimes.",
    ]
    summary = Table("charge_rate", "Charge rate", ["measure", "crimes", "of", "rate"],
                    [{"measure": "charged or summonsed", "crimes": charged, "of": decided,
                      "rate": round(100.0 * charged / decided, 1) if decided else None}],
                    counts=("crimes", "of"), rates={"rate": "crimes"})
    return Section("outcomes", "Outcomes, decisions, SPOs and the Victims' Code", notes,
                   [outcome_rows, summary, decision_time(ctx), casework(ctx)])


def outcome_table(ctx: Context) -> Table:
    found = rows(ctx.con, f"""
        SELECT * FROM (
            SELECT coalesce(nullif(trim(outcome), ''), '{OPEN}') AS outcome,
                   nullif(regexp_extract(outcome, '^\\s*0*(\\d+[A-Za-z]?)', 1), '') AS type, count(*) AS crimes
            FROM profile_crimes GROUP BY ALL)
        ORDER BY outcome = '{OPEN}', crimes DESC, outcome""")
    total = sum(r["crimes"] for r in found)
    for row in found:
        row["share"] = round(100.0 * row["crimes"] / total, 1) if total else None
    return Table("outcomes", "Stalking crimes by outcome", ["outcome", "crimes", "share"], found,
                 counts=("crimes",), rates={"share": "crimes"},
                 charts=[Chart("bar", "outcome", "crimes", horizontal=True)])


def decision_time(ctx: Context) -> Table:
    found = rows(ctx.con, """
        WITH first_decision AS (
            SELECT p.crime_id, date_diff('day', p.recorded_at, min(e."at")) AS days
            FROM profile_crimes p JOIN case_events e USING (crime_id)
            WHERE e.event IN (SELECT unnest(?::VARCHAR[])) AND e."at" >= p.recorded_at
            GROUP BY p.crime_id, p.recorded_at)
        SELECT count(*) AS crimes, (SELECT count(*) FROM profile_crimes) AS of,
               quantile_disc(days, 0.5) AS median_days, quantile_disc(days, 0.9) AS p90_days,
               round(avg(days), 1) AS mean_days
        FROM first_decision""", [DECISION_EVENTS])
    return Table("decision_time", "Days from report to first recorded decision",
                 ["crimes", "of", "median_days", "p90_days", "mean_days"], found, counts=("crimes", "of"),
                 labels={"crimes": "crimes with a decision", "median_days": "median days",
                         "p90_days": "90th percentile days", "mean_days": "mean days"})


def casework(ctx: Context) -> Table:
    """SPO consideration and Victims' Code measures for the period's recorded stalking crimes."""
    found = []
    for measure in CASEWORK:
        result = measure(ctx.con, ctx.options.date_from, ctx.options.date_to, catalogue=ctx.catalogue)
        rate = round(100.0 * result["rate"], 1) if result.get("rate") is not None else None
        found.append({"measure": result["definition"], "count": result["numerator"], "of": result["denominator"],
                      "rate": rate if result.get("available", True) else result.get("note")})
        if "spo_made" in result:
            found.append({"measure": "stalking crimes with an SPO or interim SPO made against a suspect",
                          "count": result["spo_made"], "of": result["denominator"],
                          "rate": round(100.0 * result["spo_made"] / result["denominator"], 1)
                          if result["denominator"] else None})
    return Table("casework", "SPO use and Victims' Code compliance", ["measure", "count", "of", "rate"], found,
                 counts=("count", "of"), rates={"rate": "count"})
