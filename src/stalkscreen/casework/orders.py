"""Protective orders through their lifecycle: considered -> not pursued (with a reason) or applied ->
interim made -> made -> varied / renewed -> breached -> expired or discharged, each step dated and
attributed (order_events: at, by, detail). The statutory timings of SPOs are checked and each
breach is linked to the crime that records it.

Everything is computed from orders and order_events as of a date; each row names the rules
version and when it was computed.
"""

from __future__ import annotations

import datetime as dt

import duckdb

from stalkscreen.casework.rules import Rules
from stalkscreen.errors import StalkscreenError

STATUSES = ("considered", "not_pursued", "applied", "interim", "active", "expired", "discharged")
STEPS = ("considered", "not_pursued", "applied", "interim_made", "made", "served", "notified", "varied",
         "renewed", "breached", "expired", "discharged")
COLUMNS = ["order_id", "order_type", "crime_id", "subject_person_record_id", "protected_person_record_id", "status",
           "considered_at", "applied_on", "interim_made_on", "made_on", "served_on", "notify_by", "notified_on",
           "expires_on", "days_to_expiry", "varied", "renewed", "breaches", "breach_crimes", "findings",
           "rules_version", "computed_at"]

# Per order, the first time of each step up to the as-of time, and counts of repeatable steps.
_STEPS_SQL = """
    SELECT order_id,
           min("at") FILTER (WHERE event = 'considered') AS considered_at,
           min("at") FILTER (WHERE event = 'not_pursued') AS not_pursued_at,
           arg_min(detail, "at") FILTER (WHERE event = 'not_pursued') AS not_pursued_reason,
           min("at") FILTER (WHERE event = 'applied') AS applied_at,
           min("at") FILTER (WHERE event = 'interim_made') AS interim_at,
           min("at") FILTER (WHERE event = 'made') AS made_at,
           min("at") FILTER (WHERE event = 'served') AS served_at,
           min("at") FILTER (WHERE event = 'notified') AS notified_at,
           count(*) FILTER (WHERE event = 'varied') AS varied,
           count(*) FILTER (WHERE event = 'renewed') AS renewed,
           count(*) FILTER (WHERE event = 'breached') AS breaches,
           min("at") FILTER (WHERE event = 'expired') AS expired_at,
           min("at") FILTER (WHERE event = 'discharged') AS discharged_at
    FROM order_events WHERE "at" < $until GROUP BY order_id"""

# A breach names the crime that records it in its detail ("breach recorded on CR00001234"): any
# word of the detail that is a crime_id links it. Joining on words keeps this a hash join.
_BREACH_CRIMES_SQL = """
    SELECT order_id, list(DISTINCT c.crime_id ORDER BY c.crime_id) AS crimes, count(DISTINCT event_key) AS linked
    FROM (SELECT order_id, order_id || '|' || CAST("at" AS VARCHAR) AS event_key,
                 unnest(regexp_extract_all(coalesce(detail, ''), '[A-Za-z0-9_/-]+')) AS word
          FROM order_events WHERE event = 'breached' AND "at" < $until) b
    JOIN crimes c ON c.crime_id = b.word
    GROUP BY order_id"""


def lifecycle_sql(rules: Rules) -> str:
    """One row per order with its steps, derived status and statutory findings. Named parameters:
    $until (the as-of day's end), $as_of (the date), $version, $computed_at."""
    years, notify = int(rules.minimum_full_years), int(rules.notification_days)
    return f"""
    WITH steps AS ({_STEPS_SQL}), breach_crimes AS ({_BREACH_CRIMES_SQL}),
    base AS (
        SELECT o.order_id, o.order_type, p.crime_id, o.subject_person_record_id, o.protected_person_record_id,
               s.considered_at, s.not_pursued_at, s.not_pursued_reason,
               coalesce(o.applied_on, CAST(s.applied_at AS DATE)) AS applied_on,
               CAST(s.interim_at AS DATE) AS interim_made_on,
               coalesce(o.made_on, CAST(s.made_at AS DATE)) AS made_on,
               CAST(s.served_at AS DATE) AS served_on, CAST(s.notified_at AS DATE) AS notified_on,
               o.expires_on, coalesce(s.varied, 0) AS varied, coalesce(s.renewed, 0) AS renewed,
               coalesce(s.breaches, 0) AS breaches, coalesce(b.crimes, []) AS breach_crimes,
               coalesce(b.linked, 0) AS breaches_linked, s.expired_at, s.discharged_at
        FROM orders o LEFT JOIN steps s USING (order_id) LEFT JOIN breach_crimes b USING (order_id)
        LEFT JOIN person_records p ON p.person_record_id = o.subject_person_record_id),
    dated AS (
        SELECT *, CASE WHEN order_type IN ('SPO', 'interim_SPO') AND served_on IS NOT NULL
                       THEN CAST(served_on + INTERVAL {notify} DAY AS DATE) END AS notify_by,
               CASE WHEN discharged_at IS NOT NULL THEN 'discharged'
                    WHEN expired_at IS NOT NULL OR expires_on < $as_of THEN 'expired'
                    WHEN made_on IS NOT NULL AND made_on <= $as_of THEN
                         CASE WHEN order_type = 'interim_SPO' THEN 'interim' ELSE 'active' END
                    WHEN interim_made_on IS NOT NULL THEN 'interim'
                    WHEN not_pursued_at IS NOT NULL THEN 'not_pursued'
                    WHEN applied_on IS NOT NULL THEN 'applied'
                    ELSE 'considered' END AS status
        FROM base)
    SELECT order_id, order_type, crime_id, subject_person_record_id, protected_person_record_id, status,
           considered_at, applied_on, interim_made_on, made_on, served_on, notify_by, notified_on, expires_on,
           CASE WHEN status IN ('active', 'interim') THEN date_diff('day', $as_of, expires_on) END AS days_to_expiry,
           varied, renewed, breaches, breach_crimes,
           list_filter([
               CASE WHEN order_type = 'SPO' AND made_on IS NOT NULL AND expires_on IS NOT NULL
                         AND expires_on < made_on + INTERVAL {years} YEAR
                    THEN 'term under the {years}-year minimum (SPA 2019 s3): made ' || made_on || ', expires ' || expires_on END,
               CASE WHEN notify_by IS NOT NULL AND notified_on IS NULL AND $as_of > notify_by
                    THEN 'no notification by the subject within {notify} days of service (due ' || notify_by || ')' END,
               CASE WHEN notified_on > notify_by
                    THEN 'notified late: ' || notified_on || ', due ' || notify_by END,
               CASE WHEN not_pursued_at IS NOT NULL AND coalesce(trim(not_pursued_reason), '') = ''
                    THEN 'not pursued without a reason' END,
               CASE WHEN breaches > breaches_linked
                    THEN (breaches - breaches_linked) || ' breach(es) not linked to a crime' END,
               CASE WHEN made_on < applied_on THEN 'made before it was applied for' END,
               CASE WHEN interim_made_on < applied_on THEN 'interim order made before the application' END,
               CASE WHEN served_on < least(made_on, interim_made_on) THEN 'served before it was made' END,
               CASE WHEN notified_on < served_on THEN 'notification dated before service' END,
               CASE WHEN expires_on < made_on THEN 'expires before it was made' END
           ], x -> x IS NOT NULL) AS findings,
           $version AS rules_version, $computed_at AS computed_at
    FROM dated"""


def _params(rules: Rules, as_of: dt.date) -> dict:
    return {"until": as_of + dt.timedelta(days=1), "as_of": as_of, "version": rules.version,
            "computed_at": dt.datetime.now().replace(microsecond=0)}


def check_status(status: str | None) -> str | None:
    if status is None:
        return None
    wanted = status.strip().lower()
    if wanted not in (*STATUSES, "breached"):
        raise StalkscreenError(f"--status '{status}': not an order status",
                               hint="one of: " + ", ".join((*STATUSES, "breached")))
    return wanted


def list_orders(con: duckdb.DuckDBPyConnection, rules: Rules, as_of: dt.date, status: str | None = None,
                expiring_within: int | None = None, order_type: str | None = None) -> list[dict]:
    """Orders with their lifecycle as of a date; filtered by derived status (or `breached`: at
    least one breach), by expiry within a number of days (orders still in force), and by type."""
    status = check_status(status)
    if expiring_within is not None and expiring_within < 0:
        raise StalkscreenError(f"--expiring-within {expiring_within}: must be 0 or more days")
    sql = f"""SELECT * FROM ({lifecycle_sql(rules)})
              WHERE ($status IS NULL OR status = $status OR ($status = 'breached' AND breaches > 0))
                AND ($within IS NULL OR (status IN ('active', 'interim') AND days_to_expiry BETWEEN 0 AND $within))
                AND ($type IS NULL OR order_type = $type)
              ORDER BY coalesce(applied_on, made_on, CAST(considered_at AS DATE)), order_id"""
    cursor = con.execute(sql, {**_params(rules, as_of), "status": status, "within": expiring_within,
                               "type": order_type})
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


def steps(con: duckdb.DuckDBPyConnection, order_id: str) -> list[dict]:
    """Every recorded step of one order, dated and attributed, in order."""
    if not con.execute("SELECT count(*) FROM orders WHERE order_id = ?", [order_id]).fetchone()[0]:
        raise StalkscreenError(f"--order '{order_id}': no such order in the store",
                               hint="list orders with `stalkscreen orders`")
    cursor = con.execute("""SELECT order_id, event AS step, "at", "by", detail FROM order_events
                            WHERE order_id = ? ORDER BY "at", event""", [order_id])
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]
