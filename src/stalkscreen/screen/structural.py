"""The structural rules as SQL over the flat inputs (inputs.py): offence held, course of conduct,
breach of a protective order, and the scope of screening.

Every step is a plain SELECT (joins, window functions, CASE, concat) that DuckDB and Spark both
run; each returns evidence rows in one shape (EVIDENCE), so the engine that ran them does not
matter to the assembly that follows.
"""

from __future__ import annotations

from stalkscreen.screen.rules import RulePack

# crime_id, rule, ord (order within the rule), text, span_start, span_end, linked_crime_id, dyad_id
NO_SPAN = "CAST(NULL AS INT) AS span_start, CAST(NULL AS INT) AS span_end"
NO_LINK = "CAST(NULL AS STRING) AS linked_crime_id"
NO_DYAD = "CAST(NULL AS STRING) AS dyad_id"


def steps(pack: RulePack) -> list[tuple[str, str]]:
    """(relation name, SELECT) in order; each may read the inputs and the relations before it."""
    window, least = int(pack.window_days), int(pack.min_occasions)
    return [
        ("screen_targets", "SELECT crime_id, event_day, last_day FROM screen_crimes WHERE target"),
        ("screen_offence_evidence", OFFENCE),
        ("screen_conduct_pairs", CONDUCT_PAIRS.format(window=window)),
        ("screen_conduct_dyad", CONDUCT_DYAD.format(least=least)),
        ("screen_conduct_evidence", CONDUCT_EVIDENCE),
        ("screen_order_evidence", ORDER_BREACH),
        ("screen_scope", SCOPE.format(least=least)),
    ]


# Each adjacent or stalking offence on the crime, the principal first.
OFFENCE = f"""
SELECT o.crime_id, CASE WHEN o.stalking THEN 'offence.stalking_recorded' ELSE 'offence.adjacent' END AS rule,
       row_number() OVER (PARTITION BY o.crime_id, o.stalking
                          ORDER BY CASE WHEN o.role = 'principal' THEN 0 ELSE 1 END, o.offence_code) AS ord,
       concat(o.offence_code, ' ', o.offence, ' (', o.role, ')') AS text, {NO_SPAN}, {NO_LINK}, {NO_DYAD}
FROM screen_offences o JOIN screen_targets t ON t.crime_id = o.crime_id
WHERE o.adjacent OR o.stalking"""

# Every other crime of the same dyad within the window of this one: its occasions.
CONDUCT_PAIRS = """
SELECT a.dyad_id, a.crime_id, a.ex_partner, b.crime_id AS linked_crime_id, b.event_day AS linked_day,
       concat(b.event_date, ' ', b.principal) AS linked_text
FROM screen_dyad_crimes a
JOIN screen_targets t ON t.crime_id = a.crime_id
JOIN screen_dyad_crimes b ON b.dyad_id = a.dyad_id AND b.crime_id <> a.crime_id
WHERE abs(a.event_day - b.event_day) <= {window}"""

# A crime in two courses of conduct (two suspects, say) is explained by the one with most occasions.
CONDUCT_DYAD = """
SELECT crime_id, dyad_id, ex_partner, occasions FROM (
    SELECT crime_id, dyad_id, ex_partner, occasions,
           row_number() OVER (PARTITION BY crime_id ORDER BY occasions DESC, dyad_id) AS pick
    FROM (SELECT crime_id, dyad_id, ex_partner, count(*) + 1 AS occasions
          FROM screen_conduct_pairs GROUP BY crime_id, dyad_id, ex_partner) counted) ranked
WHERE pick = 1 AND occasions >= {least}"""

CONDUCT_EVIDENCE = f"""
SELECT p.crime_id, 'conduct.dyad' AS rule,
       row_number() OVER (PARTITION BY p.crime_id ORDER BY p.linked_day, p.linked_crime_id) AS ord,
       p.linked_text AS text, {NO_SPAN}, p.linked_crime_id, p.dyad_id
FROM screen_conduct_pairs p JOIN screen_conduct_dyad d ON d.crime_id = p.crime_id AND d.dyad_id = p.dyad_id
UNION ALL
SELECT crime_id, 'conduct.ex_partner' AS rule, 1 AS ord,
       'suspect and victim recorded as former partners (ex_partner)' AS text, {NO_SPAN}, {NO_LINK}, dyad_id
FROM screen_conduct_dyad WHERE ex_partner"""

# A suspect bound by an order protecting the victim, the crime overlapping the order's life.
ORDER_BREACH = f"""
SELECT crime_id, 'order.breach' AS rule, row_number() OVER (PARTITION BY crime_id ORDER BY made_day, order_id) AS ord,
       concat('order ', order_id, ' (', order_type, ') made ', made_date,
              CASE WHEN end_date IS NULL THEN ', until further order' ELSE concat(', in force to ', end_date) END,
              ': the suspect is its subject and the victim its protected person') AS text,
       {NO_SPAN}, {NO_LINK}, {NO_DYAD}
FROM (SELECT DISTINCT t.crime_id, o.order_id, o.order_type, o.made_day, o.made_date, o.end_date
      FROM screen_targets t
      JOIN screen_parties s ON s.crime_id = t.crime_id AND s.role = 'suspect'
      JOIN screen_parties v ON v.crime_id = t.crime_id AND v.role = 'victim'
      JOIN screen_orders o ON o.subject_person_id = s.person_id AND o.protected_person_id = v.person_id
      WHERE t.last_day >= o.made_day AND (o.end_day IS NULL OR t.event_day <= o.end_day)) matched"""

# Screened: any structural rule fired, or the crime belongs to a dyad with enough records (a course
# of conduct can include crimes of any classification, whatever the window).
SCOPE = """
SELECT crime_id FROM screen_offence_evidence
UNION SELECT crime_id FROM screen_conduct_evidence
UNION SELECT crime_id FROM screen_order_evidence
UNION SELECT d.crime_id FROM screen_dyad_crimes d JOIN screen_targets t ON t.crime_id = d.crime_id
      WHERE d.dyad_size >= {least}"""
