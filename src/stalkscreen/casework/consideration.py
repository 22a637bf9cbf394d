"""The SPO-consideration exception list (recommendations 13.x): every stalking case (principal,
included, or an accepted screening flag) recorded at least N days ago with no SPO consideration
recorded. The figure (considered / due) and the list come from one query, so the list's length
is always the figure's shortfall."""

from __future__ import annotations

import datetime as dt

import duckdb

from stalkscreen.casework import definitions as d
from stalkscreen.casework.rules import Rules
from stalkscreen.reference.offences import Catalogue

COLUMNS = ["crime_id", "recorded_at", "offence_code", "offence", "stalking_as", "team", "days_since_recorded",
           "suspects", "rules_version", "computed_at"]


def _cases_sql(rules: Rules, days: int, as_of: dt.date, date_from, date_to, catalogue) -> tuple[str, list]:
    """Each stalking case due a consideration (recorded >= days before as_of) and whether it has one."""
    cases, params = d.stalking_cases_sql(date_from, date_to, catalogue)
    considered, c_params = d.spo_considered_sql("s.crime_id")
    codes = params[0]
    until = as_of + dt.timedelta(days=1)
    sql = f"""
    WITH s AS ({cases}), teams AS ({d.teams_sql("s")})
    SELECT s.crime_id, c.recorded_at, c.offence_code, c.offence,
           CASE WHEN c.offence_code IN (SELECT unnest(?::VARCHAR[])) THEN 'principal'
                WHEN s.crime_id IN (SELECT crime_id FROM offences WHERE role = 'included'
                                    AND offence_code IN (SELECT unnest(?::VARCHAR[]))) THEN 'included'
                ELSE 'accepted flag' END AS stalking_as,
           coalesce(t.team, 'unallocated') AS team,
           date_diff('day', CAST(c.recorded_at AS DATE), ?::DATE) AS days_since_recorded,
           (SELECT string_agg(p.person_record_id, ', ' ORDER BY p.person_record_id) FROM person_records p
            WHERE p.crime_id = s.crime_id AND p.role = 'suspect') AS suspects,
           {considered} AS considered,
           ? AS rules_version, ? AS computed_at
    FROM s JOIN crimes c USING (crime_id) LEFT JOIN teams t USING (crime_id)
    WHERE c.recorded_at < ?::TIMESTAMP - INTERVAL 1 DAY * ?"""
    return sql, [*params, until, codes, codes, as_of, *c_params, rules.version,
                 dt.datetime.now().replace(microsecond=0), until, days]


def spo_exceptions(con: duckdb.DuckDBPyConnection, rules: Rules, catalogue: Catalogue, as_of: dt.date,
                   days: int | None = None, date_from=None, date_to=None) -> tuple[dict, list[dict]]:
    """(figure, exceptions): stalking cases due an SPO consideration, how many have one, and the
    cases without one, oldest first."""
    days = rules.consideration_days if days is None else days
    sql, params = _cases_sql(rules, days, as_of, date_from, date_to, catalogue)
    cursor = con.execute(f"SELECT * FROM ({sql}) ORDER BY recorded_at, crime_id", params)
    names = [x[0] for x in cursor.description]
    rows = [dict(zip(names, r)) for r in cursor.fetchall()]
    exceptions = [{k: r[k] for k in COLUMNS} for r in rows if not r["considered"]]
    due = len(rows)
    figure = {"measure": "spo_consideration", "numerator": due - len(exceptions), "denominator": due,
              "exceptions": len(exceptions), "rate": (due - len(exceptions)) / due if due else None,
              "days": days, "as_of": as_of, "rules_version": rules.version,
              "definition": f"stalking cases recorded at least {days} days before {as_of} with an SPO "
                            "consideration recorded, of all such cases"}
    return figure, exceptions
