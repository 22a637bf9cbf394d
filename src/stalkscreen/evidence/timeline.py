"""The contact timeline of each suspect-victim pair: totals, the longest run of consecutive local
days with contact, channels, contacts after the victim asked for no contact and while an order
protected the victim, daily counts, and core times (weekday x hour).

No-contact request: a case event `no_contact_requested` on the crime (its earliest one). Case
events are records-system times, wall-clock in the report's zone, so a contact counts as after the
request when its local time is later. The request is the crime's, so it applies to every pair.

Orders: an order whose subject is the suspect and whose protected person is the victim (by person
key, on any crime) and which was made (`made_on` set). A contact counts as while an order was in
force when its local day d has made_on <= d, d <= expires_on (or no expiry), and d is before the day
of the order's `discharged` event, if it has one (a discharged order no longer forbids anything).
"""

from __future__ import annotations

import duckdb

from stalkscreen.evidence.pairs import key_of, rows


def pairs(con: duckdb.DuckDBPyConnection, crime_id: str) -> list[dict]:
    """One row per pair with contact, in the order of the Findings.pairs columns."""
    request = con.execute("""SELECT min("at") FROM case_events WHERE crime_id = ? AND event = 'no_contact_requested'""",
                          [crime_id]).fetchone()[0]
    return rows(con.execute(f"""
        WITH pair_orders AS ({_orders_sql()}),
        totals AS ({_totals_sql()}),
        runs AS ({_longest_runs_sql()}),
        channels AS ({_channels_sql()})
        SELECT pr.pair, pr.suspect_key AS suspect_person, pr.victim_key AS victim_person, pr.suspect_name,
               pr.victim_name, t.contacts, t.first_contact, t.last_contact, t.days_with_contact,
               r.longest_run_days, r.longest_run_from, r.longest_run_to, ch.channels,
               CASE WHEN $request::TIMESTAMP IS NOT NULL THEN t.after_request END AS after_no_contact_request,
               $request::TIMESTAMP AS no_contact_requested_on,
               CASE WHEN o.order_ids IS NOT NULL THEN coalesce(t.after_order, 0) END AS after_order,
               o.order_ids, o.order_made_on
        FROM ev_pairs pr JOIN totals t USING (pair) JOIN runs r USING (pair) JOIN channels ch USING (pair)
        LEFT JOIN (SELECT pair, string_agg(DISTINCT order_id, '; ' ORDER BY order_id) AS order_ids,
                          min(made_on) AS order_made_on FROM pair_orders GROUP BY pair) o USING (pair)
        ORDER BY pr.pair""", {"request": request}))


def _totals_sql() -> str:
    return """
        SELECT c.pair, count(*) AS contacts, min(c.at_utc) AS first_contact, max(c.at_utc) AS last_contact,
               count(DISTINCT c.day) AS days_with_contact,
               count(*) FILTER (WHERE c.local_at > $request::TIMESTAMP) AS after_request,
               count(*) FILTER (WHERE EXISTS (
                   SELECT 1 FROM pair_orders o WHERE o.pair = c.pair AND o.made_on <= c.day
                   AND (o.expires_on IS NULL OR c.day <= o.expires_on)
                   AND (o.discharged_on IS NULL OR c.day < o.discharged_on))) AS after_order
        FROM ev_contacts c GROUP BY c.pair"""


def _longest_runs_sql() -> str:
    """Gaps and islands: consecutive days share day - row_number; the longest island (the earliest
    of equals) is the run."""
    return """
        SELECT pair, length AS longest_run_days, first AS longest_run_from, last AS longest_run_to FROM (
            SELECT pair, count(*) AS length, min(day) AS first, max(day) AS last,
                   row_number() OVER (PARTITION BY pair ORDER BY count(*) DESC, min(day)) AS rank
            FROM (SELECT pair, day, day - CAST(row_number() OVER (PARTITION BY pair ORDER BY day) AS INTEGER) AS island
                  FROM (SELECT DISTINCT pair, day FROM ev_contacts))
            GROUP BY pair, island)
        WHERE rank = 1"""


def _channels_sql() -> str:
    return """
        SELECT pair, string_agg(channel || ' ' || n, '; ' ORDER BY n DESC, channel) AS channels
        FROM (SELECT pair, channel, count(*) AS n FROM ev_contacts GROUP BY ALL) GROUP BY pair"""


def _orders_sql() -> str:
    return f"""
        SELECT pr.pair, o.order_id, o.made_on, o.expires_on, d.discharged_on
        FROM orders o
        LEFT JOIN people sp ON sp.person_record_id = o.subject_person_record_id
        LEFT JOIN people pp ON pp.person_record_id = o.protected_person_record_id
        JOIN ev_pairs pr ON pr.suspect_key = {key_of('sp', 'o.subject_person_record_id')}
                        AND pr.victim_key = {key_of('pp', 'o.protected_person_record_id')}
        LEFT JOIN (SELECT order_id, CAST(min("at") AS DATE) AS discharged_on FROM order_events
                   WHERE event = 'discharged' GROUP BY order_id) d USING (order_id)
        WHERE o.made_on IS NOT NULL"""


def daily(con: duckdb.DuckDBPyConnection) -> list[dict]:
    return rows(con.execute("""
        SELECT pair, day, channel, count(*) AS contacts FROM ev_contacts GROUP BY ALL ORDER BY pair, day, channel"""))


def core_times(con: duckdb.DuckDBPyConnection) -> list[dict]:
    return rows(con.execute("""
        SELECT pair, weekday, hour, count(*) AS contacts FROM ev_contacts GROUP BY ALL ORDER BY pair, weekday, hour"""))
