"""The team the policy suggests for each open stalking case, beside the team recorded for it (the
latest of an `allocated` case event and `stalkscreen allocation set`), and whether they agree.
One set-based query: the policy's rules become a CASE over each case's latest risk level, its
offence groups and its domestic-abuse flag."""

from __future__ import annotations

import datetime as dt

import duckdb

from stalkscreen.allocation.policy import RISK_LEVELS, Policy, Rule
from stalkscreen.casework import definitions
from stalkscreen.casework.cases import CLOSED_STATUSES
from stalkscreen.reference.offences import Catalogue

COLUMNS = ["crime_id", "recorded_at", "offence", "risk_level", "risk_assessed_at", "suggested_team", "rule", "reason",
           "recorded_team", "allocated_at", "allocated_by", "allocation_reason", "matches_policy", "problem",
           "policy_version", "computed_at", "open"]
BRIEF = ["crime_id", "risk_level", "suggested_team", "rule", "recorded_team", "matches_policy", "problem"]


def _condition(rule: Rule, catalogue: Catalogue) -> tuple[str, list]:
    parts, params = [], []
    for name, value in rule.when.items():
        if name == "risk_levels":
            parts.append("lower(r.level) IN (SELECT unnest(?::VARCHAR[]))")
            params.append(list(value))
        elif name == "offence_groups":
            parts.append("list_has_any(coalesce(g.codes, []), ?::VARCHAR[])")
            params.append(sorted({c for group in value for c in catalogue.group_codes(group)}))
        elif name == "domestic_abuse":
            parts.append("coalesce(c.domestic_abuse, false) = ?")
            params.append(value)
        else:
            parts.append("true")
    return " AND ".join(parts), params


def _rules_sql(policy: Policy, catalogue: Catalogue) -> tuple[str, list]:
    whens, params = [], []
    for rule in policy.rules:
        condition, p = _condition(rule, catalogue)
        whens.append(f"WHEN {condition} THEN ?")
        params += [*p, rule.id]
    return "CASE " + " ".join(whens) + " END", params


def _sql(policy: Policy, catalogue: Catalogue) -> tuple[str, list, str, list]:
    cases, case_params = definitions.stalking_cases_sql(None, None, catalogue)
    rule_case, rule_params = _rules_sql(policy, catalogue)
    levels = "list_position(['" + "', '".join(RISK_LEVELS) + "'], lower({}))"
    sql = f"""
    WITH open_cases AS (
        SELECT c.crime_id, c.recorded_at, c.offence, c.domestic_abuse FROM crimes c
        WHERE c.crime_id IN ({cases}) AND c.recorded_at < ?
          AND lower(coalesce(c.status, '')) NOT IN (SELECT unnest(?::VARCHAR[]))
          AND (?::VARCHAR IS NULL OR c.crime_id = ?)),
    assessed AS (
        SELECT crime_id, level, completed_at FROM risk_assessments_all
        WHERE completed_at < ? AND crime_id IN (SELECT crime_id FROM open_cases)),
    r AS (SELECT crime_id, arg_max(level, completed_at) AS level, max(completed_at) AS assessed_at
          FROM assessed GROUP BY crime_id),
    g AS (SELECT crime_id, list(DISTINCT offence_code) AS codes FROM offences_effective
          WHERE crime_id IN (SELECT crime_id FROM open_cases) GROUP BY crime_id),
    t AS (SELECT crime_id, arg_max(team, "at") AS team, max("at") AS allocated_at, arg_max("by", "at") AS allocated_by,
                 arg_max(reason, "at") AS allocation_reason
          FROM case_team_records WHERE "at" < ? AND crime_id IN (SELECT crime_id FROM open_cases) GROUP BY crime_id),
    aliases AS (SELECT unnest(?::VARCHAR[]) AS name, unnest(?::VARCHAR[]) AS team_id)
    SELECT c.crime_id, c.recorded_at, c.offence, r.level AS risk_level, r.assessed_at AS risk_assessed_at,
           {rule_case} AS rule, t.team AS recorded_team, a.team_id AS recorded_policy_team, t.allocated_at,
           t.allocated_by, t.allocation_reason,
           (SELECT arg_max(x.level, x.completed_at) FROM assessed x
            WHERE x.crime_id = c.crime_id AND x.completed_at <= t.allocated_at) AS level_at_allocation,
           {levels.format('r.level')} AS level_rank
    FROM open_cases c LEFT JOIN r USING (crime_id) LEFT JOIN g USING (crime_id) LEFT JOIN t USING (crime_id)
    LEFT JOIN aliases a ON a.name = lower(regexp_replace(trim(t.team), '\\s+', ' ', 'g'))
    ORDER BY c.recorded_at, c.crime_id"""
    return sql, case_params, rule_case, rule_params


def _aliases(policy: Policy) -> tuple[list[str], list[str]]:
    pairs = {(" ".join(n.split()).lower(), t.id) for t in policy.teams.values() for n in (t.id, *t.recorded_as)}
    return [p[0] for p in sorted(pairs)], [p[1] for p in sorted(pairs)]


def suggestions(con: duckdb.DuckDBPyConnection, policy: Policy, catalogue: Catalogue, as_of: dt.date,
                crime_id: str | None = None) -> list[dict]:
    """Every open stalking case (as of the end of `as_of`; or just `crime_id`) with its suggested
    and recorded team."""
    sql, case_params, _, rule_params = _sql(policy, catalogue)
    until = as_of + dt.timedelta(days=1)
    names, ids = _aliases(policy)
    cursor = con.execute(sql, [*case_params, until, CLOSED_STATUSES, crime_id, crime_id, until, until, names, ids,
                               *rule_params])
    columns = [d[0] for d in cursor.description]
    computed = dt.datetime.now().replace(microsecond=0)
    return [_judge(policy, dict(zip(columns, row)), computed) for row in cursor.fetchall()]


def _judge(policy: Policy, r: dict, computed: dt.datetime) -> dict:
    rule = next(x for x in policy.rules if x.id == r["rule"])
    matches = r["recorded_policy_team"] == rule.team
    out = {k: r.get(k) for k in COLUMNS if k in r}
    return {**out, "suggested_team": rule.team, "reason": rule.reason, "matches_policy": matches,
            "problem": None if matches else _problem(policy, r, rule.team), "policy_version": policy.version,
            "computed_at": computed, "open": f"stalkscreen dmm case {r['crime_id']}"}


def _problem(policy: Policy, r: dict, suggested: str) -> str:
    if r["recorded_team"] is None:
        return f"not allocated; the policy suggests {suggested}"
    team = r["recorded_policy_team"]
    if team is None:
        return f"allocated to '{r['recorded_team']}', not a team of the policy; the policy suggests {suggested}"
    if policy.teams[team].rank < policy.teams[suggested].rank:
        return f"allocated to {team}; the policy suggests {suggested}: escalate" + _rose(r)
    if policy.teams[team].rank > policy.teams[suggested].rank:
        return f"allocated to {team}, above the policy's {suggested}"
    return f"allocated to {team}; the policy suggests {suggested}"


def _rose(r: dict) -> str:
    """Why an escalation is due: the risk rose after the case was allocated."""
    before = r["level_at_allocation"]
    if r["risk_level"] and (before is None or _rank(r["risk_level"]) > _rank(before)):
        return (f" (risk rose from {before or 'not assessed'} to {r['risk_level']} on "
                f"{r['risk_assessed_at']:%Y-%m-%d}, after allocation on {r['allocated_at']:%Y-%m-%d})")
    return ""


def _rank(level: str) -> int:
    return RISK_LEVELS.index(level.lower()) if level and level.lower() in RISK_LEVELS else -1


def exceptions(con: duckdb.DuckDBPyConnection, policy: Policy, catalogue: Catalogue, as_of: dt.date) -> list[dict]:
    """Open stalking cases whose recorded team is not the one the policy suggests (or none)."""
    return [r for r in suggestions(con, policy, catalogue, as_of) if not r["matches_policy"]]
