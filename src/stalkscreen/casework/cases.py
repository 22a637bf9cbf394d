"""Investigation quality and multi-agency work (recommendations 13.2, 18.1-18.4, 25.x): open
stalking cases that, a configurable number of days after being recorded, show no record of an
item (a referral to MASIP, MARAC or MAPPA, a panel decision, digital enquiries, arrest, search, a
victim personal statement, a supervisory review, an SPO consideration)."""

from __future__ import annotations

import datetime as dt

import duckdb

from stalkscreen.casework import definitions as d
from stalkscreen.casework.rules import Rules
from stalkscreen.reference.offences import Catalogue

# Crimes whose status says the investigation is over; anything else (or no status) is open.
CLOSED_STATUSES = ["finalised", "closed", "filed", "complete", "completed"]
COLUMNS = ["crime_id", "recorded_at", "offence_code", "offence", "status", "team", "days_since_recorded",
           "missing", "recommendation", "rules_version", "computed_at"]


def missing(con: duckdb.DuckDBPyConnection, rules: Rules, catalogue: Catalogue, item_id: str, as_of: dt.date,
            days: int | None = None, team: str | None = None) -> tuple[dict, list[dict]]:
    """(figure, cases): open stalking cases recorded at least `days` (default: the item's) before
    as_of, how many show the item, and those that do not, oldest first."""
    item = rules.case_item(item_id)
    days = item.days if days is None else days
    cases, params = d.stalking_cases_sql(None, None, catalogue)
    until = as_of + dt.timedelta(days=1)
    sql = f"""
        WITH s AS ({cases}), teams AS ({d.teams_sql("s")})
        SELECT s.crime_id, c.recorded_at, c.offence_code, c.offence, c.status,
               coalesce(t.team, 'unallocated') AS team,
               date_diff('day', CAST(c.recorded_at AS DATE), ?::DATE) AS days_since_recorded,
               EXISTS (SELECT 1 FROM case_events e WHERE e.crime_id = s.crime_id AND e."at" < ?
                       AND e.event IN (SELECT unnest(?::VARCHAR[]))) AS shown
        FROM s JOIN crimes c USING (crime_id) LEFT JOIN teams t USING (crime_id)
        WHERE lower(coalesce(c.status, '')) NOT IN (SELECT unnest(?::VARCHAR[]))
          AND c.recorded_at < ?::TIMESTAMP - INTERVAL 1 DAY * ?
          AND (?::VARCHAR IS NULL OR coalesce(t.team, 'unallocated') = ?)
        ORDER BY c.recorded_at, s.crime_id"""
    cursor = con.execute(sql, [*params, until, as_of, until, list(item.events), CLOSED_STATUSES, until, days,
                               team, team])
    names = [x[0] for x in cursor.description]
    rows = [dict(zip(names, r)) for r in cursor.fetchall()]
    computed = dt.datetime.now().replace(microsecond=0)
    out = [{**{k: r[k] for k in COLUMNS[:7]}, "missing": item.label, "recommendation": item.recommendation,
            "rules_version": rules.version, "computed_at": computed} for r in rows if not r["shown"]]
    due = len(rows)
    figure = {"measure": item.id, "numerator": due - len(out), "denominator": due, "exceptions": len(out),
              "rate": (due - len(out)) / due if due else None, "days": days, "as_of": as_of,
              "definition": f"open stalking cases recorded at least {days} days before {as_of} showing "
                            f"{item.label}, of all such cases", "rules_version": rules.version}
    return figure, out
