"""Victims' Code compliance for the victims of stalking cases (recommendations 14.x): for each
right in the rules, per victim, whether its event came on time, late, not at all, or is not yet
due; figures by right and by team; the referral rate for the month and the rolling window; and
the exception list behind every figure (the figure's denominator minus its numerator, exactly).

The cohort of a month is every victim record of a stalking case recorded in that month.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import duckdb

from stalkscreen.casework import definitions as d
from stalkscreen.casework.rules import Rules, Timeliness
from stalkscreen.errors import StalkscreenError
from stalkscreen.reference.offences import Catalogue

REFERRAL = "referral_rate"
ROLLING = "referral_rate_rolling"
FIGURE_COLUMNS = ["month", "measure", "right", "team", "numerator", "denominator", "exceptions", "rate", "late",
                  "pending", "done", "rule", "verified", "rules_version", "computed_at"]
EXCEPTION_COLUMNS = ["measure", "crime_id", "person_record_id", "team", "recorded_at", "due", "event_at", "state",
                     "reason"]


@dataclass(frozen=True)
class Period:
    month: str            # YYYY-MM
    first: dt.date
    last: dt.date


def parse_month(text: str) -> Period:
    try:
        first = dt.datetime.strptime(text.strip(), "%Y-%m").date()
    except ValueError:
        raise StalkscreenError(f"--month '{text}' is not a month", hint="write a month as YYYY-MM, e.g. 2026-09") from None
    return Period(first.strftime("%Y-%m"), first, _add_months(first, 1) - dt.timedelta(days=1))


def _add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def _cohort_cte(date_from: dt.date, date_to: dt.date, catalogue) -> tuple[str, list]:
    """CTEs `cases`, `teams` and `victims` (crime_id, person_record_id, recorded_at, team)."""
    cases, params = d.stalking_cases_sql(date_from, date_to, catalogue)
    sql = f"""cases AS ({cases}), teams AS ({d.teams_sql("cases")}),
        victims AS (SELECT v.crime_id, v.person_record_id, c.recorded_at, coalesce(t.team, 'unallocated') AS team
                    FROM ({d.victims_sql("SELECT crime_id FROM cases")}) v JOIN crimes c USING (crime_id)
                    LEFT JOIN teams t USING (crime_id))"""
    return sql, params


def _rule_sql(rule: Timeliness, until: dt.date) -> tuple[str, list]:
    """Per victim: when the clock starts (the crime's recording, or for a rule with `after` the
    first of those case events: victims whose case has none are outside the rule), the first of
    the rule's events from then up to as-of, and the due day."""
    params: list = [rule.id]
    start = "v.recorded_at"
    if rule.after:
        start = """(SELECT min(k."at") FROM case_events k WHERE k.crime_id = v.crime_id AND k."at" < ?
                     AND k.event IN (SELECT unnest(?::VARCHAR[])))"""
        params += [until, list(rule.after)]
    due = d.due_sql("CAST(x.started AS DATE)", rule.within, rule.unit)
    sql = f"""SELECT ? AS measure, x.crime_id, x.person_record_id, x.team, x.recorded_at, {due} AS due,
                     (SELECT min(e."at") FROM victim_care_events e WHERE e.crime_id = x.crime_id
                        AND e.person_record_id = x.person_record_id AND e."at" < ? AND e."at" >= x.started
                        AND e.event IN (SELECT unnest(?::VARCHAR[]))) AS event_at
              FROM (SELECT v.*, {start} AS started FROM victims v) x WHERE x.started IS NOT NULL"""
    # placeholders in text order: measure, then the start's (in the FROM, after the select list's)
    return sql, [rule.id, until, list(rule.events), *params[1:]]


def _states_sql(rules: Rules, as_of: dt.date) -> tuple[str, list]:
    """Union over the rules of per-victim rows with state on_time | late | missing | pending."""
    parts, params = [], []
    for rule in rules.victims_code:
        sql, p = _rule_sql(rule, as_of + dt.timedelta(days=1))
        parts.append(sql)
        params += p
    body = " UNION ALL ".join(parts)
    sql = f"""SELECT *, CASE WHEN event_at IS NOT NULL AND CAST(event_at AS DATE) <= due THEN 'on_time'
                             WHEN event_at IS NOT NULL THEN 'late'
                             WHEN ?::DATE <= due THEN 'pending'
                             ELSE 'missing' END AS state
              FROM ({body})"""
    return sql, [as_of, *params]


def _referral_sql(rules: Rules, as_of: dt.date, measure: str) -> tuple[str, list]:
    """Per victim: referral made (by as-of) or not, and what happened instead."""
    sql = """SELECT ? AS measure, v.crime_id, v.person_record_id, v.team, v.recorded_at, CAST(NULL AS DATE) AS due,
                     r.made_at AS event_at,
                     CASE WHEN r.made_at IS NOT NULL THEN 'on_time' ELSE 'missing' END AS state,
                     CASE WHEN r.made_at IS NOT NULL THEN NULL
                          WHEN r.declined THEN 'referral declined by the victim'
                          WHEN r.offered THEN 'referral offered, not made'
                          ELSE 'no referral offered' END AS reason
              FROM victims v LEFT JOIN (
                  SELECT crime_id, person_record_id, min("at") FILTER (WHERE event = ?) AS made_at,
                         bool_or(event = 'referral_declined') AS declined, bool_or(event = 'referral_offered') AS offered
                  FROM victim_care_events WHERE "at" < ? AND crime_id IN (SELECT crime_id FROM cases)
                  GROUP BY ALL) r USING (crime_id, person_record_id)"""
    return sql, [measure, rules.referral_event, as_of + dt.timedelta(days=1)]


def _reason_sql() -> str:
    return """CASE state WHEN 'late' THEN 'late: ' || CAST(event_at AS DATE) || ', due ' || due
                         WHEN 'missing' THEN 'not recorded, due ' || due END"""


def rows_sql(rules: Rules, catalogue: Catalogue, period: Period, as_of: dt.date) -> tuple[str, list]:
    """Every victim-measure row for the month (timeliness rules and the referral rate) and for the
    rolling window (the referral rate), with state and reason."""
    month_cte, month_p = _cohort_cte(period.first, period.last, catalogue)
    states, states_p = _states_sql(rules, as_of)
    referral, referral_p = _referral_sql(rules, as_of, REFERRAL)
    start = _add_months(period.first, 1 - rules.rolling_months)
    roll_cte, roll_p = _cohort_cte(start, period.last, catalogue)
    rolling, rolling_p = _referral_sql(rules, as_of, ROLLING)
    until = as_of + dt.timedelta(days=1)
    sql = f"""
        SELECT * FROM (WITH {month_cte}
            SELECT *, {_reason_sql()} AS reason FROM ({states})
            UNION ALL BY NAME {referral})
        UNION ALL BY NAME
        SELECT * FROM (WITH {roll_cte} {rolling})"""
    return sql, [*month_p, until, *states_p, *referral_p, *roll_p, until, *rolling_p]


def _materialise(con: duckdb.DuckDBPyConnection, rules: Rules, catalogue: Catalogue, period: Period,
                 as_of: dt.date) -> str:
    """Compute every victim-measure row once into a temporary table (also on a read-only store);
    figures and exception lists are then read from it, so they cannot disagree."""
    sql, params = rows_sql(rules, catalogue, period, as_of)
    con.execute(f"CREATE OR REPLACE TEMP TABLE _victim_rows AS {sql}", params)
    return "_victim_rows"


def _aggregate(con: duckdb.DuckDBPyConnection, rows: str, rules: Rules, period: Period, by_team: bool) -> list[dict]:
    team = "team" if by_team else "'all'"
    cursor = con.execute(f"""
        SELECT measure, {team} AS team, count(*) FILTER (WHERE state = 'on_time') AS numerator,
               count(*) FILTER (WHERE state <> 'pending') AS denominator,
               count(*) FILTER (WHERE state IN ('late', 'missing')) AS exceptions,
               count(*) FILTER (WHERE state = 'late') AS late, count(*) FILTER (WHERE state = 'pending') AS pending
        FROM {rows} GROUP BY ALL""")
    found = {(r[0], r[1]): r for r in cursor.fetchall()}
    return _figure_rows(rules, period, found, by_team)


def figures(con: duckdb.DuckDBPyConnection, rules: Rules, catalogue: Catalogue, period: Period, as_of: dt.date,
            by_team: bool = False) -> list[dict]:
    """Per measure (and per team when asked): numerator (on time), denominator (due: on time, late
    or missing), exceptions (late or missing), rate, and victims not yet due (pending)."""
    return _aggregate(con, _materialise(con, rules, catalogue, period, as_of), rules, period, by_team)


def _figure_rows(rules: Rules, period: Period, found: dict, by_team: bool) -> list[dict]:
    computed = dt.datetime.now().replace(microsecond=0)
    meta = {r.id: (r.right, f"{r.label} within {r.within} {r.unit.replace('_', ' ')}", r.verified)
            for r in rules.victims_code}
    meta[REFERRAL] = ("Right 4", f"{rules.referral_event} (any time), of all victims of the month's cases", True)
    meta[ROLLING] = ("Right 4", f"{rules.referral_event} (any time), of all victims of the {rules.rolling_months} "
                                f"months to {period.month}", True)
    teams = sorted({team for _, team in found}) if by_team else ["all"]
    rows = []
    for measure, (right, rule, verified) in meta.items():
        for team in teams:
            r = found.get((measure, team))
            if r is None and by_team:
                continue
            num, den, exc, late, pending = (r[2], r[3], r[4], r[5], r[6]) if r else (0, 0, 0, 0, 0)
            # done: the event recorded at all, on time or late (what the plans measures count)
            rows.append({"month": period.month, "measure": measure, "right": right, "team": team,
                         "numerator": num, "denominator": den, "exceptions": exc, "rate": num / den if den else None,
                         "late": late, "pending": pending, "done": num + late, "rule": rule, "verified": verified,
                         "rules_version": rules.version, "computed_at": computed})
    return rows


def exceptions(con: duckdb.DuckDBPyConnection, rules: Rules, catalogue: Catalogue, period: Period, as_of: dt.date,
               measure: str, team: str | None = None) -> list[dict]:
    """The victims behind a figure's shortfall: late or missing, oldest first."""
    _check_measure(rules, measure)
    return _listed(con, _materialise(con, rules, catalogue, period, as_of), measure, team)


def report(con: duckdb.DuckDBPyConnection, rules: Rules, catalogue: Catalogue, period: Period,
           as_of: dt.date) -> dict:
    """The month's whole report from one computation: figures, figures by team, and the exception
    list behind every figure."""
    rows = _materialise(con, rules, catalogue, period, as_of)
    figures_all = _aggregate(con, rows, rules, period, False)
    return {"figures": figures_all, "by_team": _aggregate(con, rows, rules, period, True),
            "exceptions": {f["measure"]: _listed(con, rows, f["measure"], None) for f in figures_all}}


def _check_measure(rules: Rules, measure: str) -> None:
    if measure not in (REFERRAL, ROLLING):
        rules.timeliness(measure)  # an unknown measure fails here, naming the known ones


def _listed(con: duckdb.DuckDBPyConnection, rows: str, measure: str, team: str | None) -> list[dict]:
    cursor = con.execute(f"""SELECT {', '.join(EXCEPTION_COLUMNS)} FROM {rows}
                             WHERE measure = ? AND state IN ('late', 'missing') AND (?::VARCHAR IS NULL OR team = ?)
                             ORDER BY recorded_at, crime_id, person_record_id""", [measure, team, team])
    names = [x[0] for x in cursor.description]
    return [dict(zip(names, r)) for r in cursor.fetchall()]
