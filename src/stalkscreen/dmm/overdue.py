"""Overdue actions: risk assessments (the risk stage's list of assessments due), SPO decisions
and victims' needs assessments (the casework rules' timings). Each is listed at the meeting after
its first overdue day, so the list raises it once; the backlog has its own commands.

First overdue day, as the casework and risk commands judge it:
- SPO consideration: the day a case is `consideration_days` old with none recorded
  (`orders unconsidered` lists it from that day);
- needs assessment: the day after its due day (`victims` calls it missing from then);
- risk assessment: `due_since` of the risk stage's row for a missing one, the day after it for a
  review (the risk stage lists a review once its due day has passed).
A line's `since` is that first overdue day.
"""

from __future__ import annotations

import datetime as dt

from stalkscreen.casework import definitions
from stalkscreen.dmm import cases as stalking
from stalkscreen.casework.cases import CLOSED_STATUSES
from stalkscreen.casework.rules import Rules
from stalkscreen.dmm.rules import DmmRules
from stalkscreen.dmm.sections import line, rows
from stalkscreen.dmm.window import Window
from stalkscreen.errors import StalkscreenError
from stalkscreen.risk.due import risk_due

DAY = dt.timedelta(days=1)


def _open_sql(alias: str = "c") -> str:
    return f"lower(coalesce({alias}.status, '')) NOT IN (SELECT unnest(?::VARCHAR[]))"


def spo_decisions(con, casework: Rules, window: Window) -> list[dict]:
    """Open stalking cases that reached consideration_days in the look-back with no SPO considered."""
    days = casework.consideration_days
    shift = dt.timedelta(days=days)
    cases, params = stalking.cases_sql(window.start - shift, window.last_day - shift)
    considered, c_params = definitions.spo_considered_sql("s.crime_id")
    found = rows(con, f"""
        WITH s AS ({cases})
        SELECT s.crime_id, c.recorded_at, c.offence,
               CAST(CAST(c.recorded_at AS DATE) + INTERVAL 1 DAY * ? AS DATE) AS overdue_from
        FROM s JOIN crimes c USING (crime_id)
        WHERE {_open_sql()} AND NOT {considered}
        ORDER BY c.recorded_at, s.crime_id""", [*params, days, CLOSED_STATUSES, *c_params])
    return [line("overdue", r["crime_id"], None,
                 f"SPO decision overdue: no SPO consideration recorded {days} days after the case was recorded "
                 f"({r['recorded_at']:%Y-%m-%d}, {r['offence']})", r["overdue_from"]) for r in found]


def needs_assessments(con, casework: Rules, window: Window, rule_id: str) -> list[dict]:
    """Victims of open stalking cases whose needs assessment fell due the day before a day in the
    look-back and was not recorded by its end."""
    rule = casework.timeliness(rule_id)
    if rule.after:
        raise StalkscreenError(f"DMM rules overdue.needs_assessment: casework rule '{rule_id}' counts from "
                               f"{', '.join(rule.after)}, not from the crime's recording",
                               hint="name a victims_code rule without `after`")
    # Cases recorded early enough to fall due in the window: a generous calendar margin, then the exact due day.
    margin = dt.timedelta(days=2 * rule.within + 7)
    cases, params = stalking.cases_sql(window.start - margin, window.last_day)
    due = definitions.due_sql("CAST(c.recorded_at AS DATE)", rule.within, rule.unit)
    found = rows(con, f"""
        WITH s AS ({cases}),
        v AS (SELECT p.crime_id, p.person_record_id, c.recorded_at, c.offence, {due} AS due
              FROM person_records p JOIN s USING (crime_id) JOIN crimes c USING (crime_id)
              WHERE p.role = 'victim' AND {_open_sql()})
        SELECT * FROM v
        WHERE due + INTERVAL 1 DAY >= ? AND due + INTERVAL 1 DAY < ?
          AND NOT EXISTS (SELECT 1 FROM victim_care_events e WHERE e.crime_id = v.crime_id
                          AND e.person_record_id = v.person_record_id AND e."at" < ?
                          AND e.event IN (SELECT unnest(?::VARCHAR[])))
        ORDER BY due, crime_id, person_record_id""",
        [*params, CLOSED_STATUSES, window.start, window.end, window.end, list(rule.events)])
    unit = rule.unit.replace("_", " ")
    return [line("overdue", r["crime_id"], r["person_record_id"],
                 f"{rule.label} not recorded for victim {r['person_record_id']}: due {r['due']} ({rule.within} "
                 f"{unit} after recording on {r['recorded_at']:%Y-%m-%d}; {rule.right})", r["due"] + DAY)
            for r in found]


def _stalking(con, crime_ids: list[str]) -> set[str]:
    cases, params = stalking.cases_sql()
    found = con.execute(f"SELECT crime_id FROM ({cases}) WHERE crime_id IN (SELECT unnest(?::VARCHAR[]))",
                        [*params, crime_ids]).fetchall()
    return {c for (c,) in found}


def risk_assessments(con, window: Window) -> list[dict]:
    """The risk stage's assessments due that fell due in the look-back: a missing S-DASH (its
    triggers are stalking signs), or an overdue review on a stalking case (a review of a DASH on
    another domestic abuse crime is not this meeting's)."""
    due = [r for r in risk_due(con, window.last_day) if window.start <= _first_overdue(r) < window.end]
    stalking = _stalking(con, sorted({r["crime_id"] for r in due if r["kind"] != "missing"}))
    out = []
    for r in due:
        since = _first_overdue(r)
        if r["kind"] == "missing" or r["crime_id"] in stalking:
            what = "risk assessment missing" if r["kind"] == "missing" else "risk review overdue"
            out.append(line("overdue", r["crime_id"], r.get("person_record_id"), f"{what}: {r['reason']}", since))
    return out


def _first_overdue(r: dict) -> dt.date:
    """A missing assessment from its due day; a review the day after (the risk stage lists a
    review once its due day has passed)."""
    since = _as_date(r["due_since"])
    return since if r["kind"] == "missing" else since + DAY


def _as_date(value) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date) or value is None:
        return value
    return dt.date.fromisoformat(str(value)[:10])


def overdue(con, rules: DmmRules, casework: Rules, window: Window) -> list[dict]:
    """The section's lines, oldest first."""
    lines = []
    if rules.overdue_risk:
        lines += risk_assessments(con, window)
    if rules.overdue_spo:
        lines += spo_decisions(con, casework, window)
    if rules.overdue_needs_rule:
        lines += needs_assessments(con, casework, window, rules.overdue_needs_rule)
    return sorted(lines, key=lambda x: (_as_date(x["since"]), x["crime_id"] or "", x["subject"] or ""))
