"""The casework definitions every figure shares, as SQL: which crimes are stalking cases, who
their victims are, what counts as an SPO consideration, a Victims' Code event, a case's team and
a deadline. oversight/measures.py builds its SPO, needs-assessment, care-card and referral
measures from these, so `plans evidence`, the problem profile and `stalkscreen victims` agree.

Each function returns (sql, params); values reach SQL as bound parameters.
"""

from __future__ import annotations

import datetime as dt

from stalkscreen.reference import offences as offence_catalogue
from stalkscreen.reference.offences import Catalogue

SPO_TYPES = ["SPO", "interim_SPO"]
# Monday 5 January 1970: working days are counted from it (Monday to Friday; bank holidays are
# not known to the store, so a deadline over one is a day early).
EPOCH_MONDAY = "DATE '1970-01-05'"


def window_sql(column: str, date_from: dt.date | None, date_to: dt.date | None) -> tuple[str, list]:
    """`column` (a timestamp) within [date_from, date_to], both days whole; None leaves a side open."""
    end = date_to + dt.timedelta(days=1) if date_to else None
    return (f"(?::TIMESTAMP IS NULL OR {column} >= ?) AND (?::TIMESTAMP IS NULL OR {column} < ?)",
            [date_from, date_from, end, end])


def stalking_cases_sql(date_from=None, date_to=None, catalogue: Catalogue | None = None) -> tuple[str, list]:
    """crime_id of every stalking case recorded in the window: a stalking offence, principal or
    included, on the source record or added by an accepted screening flag (`offences_effective`),
    or a crime whose latest screening decision accepted the flag. The first parameter is the list
    of stalking codes (measures.included_classification reuses it)."""
    codes = (catalogue or offence_catalogue.load()).group_codes("stalking")
    window, params = window_sql("c.recorded_at", date_from, date_to)
    sql = f"""SELECT DISTINCT crime_id FROM (
                  SELECT o.crime_id FROM offences_effective o WHERE o.offence_code IN (SELECT unnest(?::VARCHAR[]))
                  UNION ALL
                  SELECT d.crime_id FROM flag_decisions d WHERE d.decision = 'accepted') s
              JOIN crimes c USING (crime_id) WHERE {window}"""
    return sql, [codes, *params]


def spo_considered_sql(crime: str = "s.crime_id") -> tuple[str, list]:
    """A condition: an SPO was considered on the crime: a recorded consideration (case event
    `spo_considered`), or an SPO or interim SPO (at any step of its lifecycle, even not pursued)
    whose subject is a person record on the crime."""
    order, params = spo_order_sql(crime)
    return f"({crime} IN (SELECT crime_id FROM case_events WHERE event = 'spo_considered') OR {order})", params


def spo_order_sql(crime: str = "s.crime_id", condition: str = "true") -> tuple[str, list]:
    """A condition: an SPO or interim SPO meeting `condition` (over orders `o`) reaches the crime
    through its subject's person record on that crime."""
    return (f"""{crime} IN (SELECT p.crime_id FROM orders o
                            JOIN person_records p ON p.person_record_id = o.subject_person_record_id
                            WHERE o.order_type IN (SELECT unnest(?::VARCHAR[])) AND {condition})""", [SPO_TYPES])


def victims_sql(cases_sql: str) -> str:
    """One row per victim record of each case in `cases_sql` (a query of crime_id)."""
    return f"""SELECT p.crime_id, p.person_record_id FROM person_records p
               WHERE p.role = 'victim' AND p.crime_id IN ({cases_sql})"""


def victim_event_sql(victim: str = "v") -> str:
    """A condition: the victim has a Victims' Code event among the list bound to its one `?`."""
    return f"""EXISTS (SELECT 1 FROM victim_care_events e
                       WHERE e.crime_id = {victim}.crime_id AND e.person_record_id = {victim}.person_record_id
                         AND e.event IN (SELECT unnest(?::VARCHAR[])))"""


def teams_sql(cases: str) -> str:
    """crime_id, team for the cases in `cases` (a query or CTE name of crime_id): each case's
    latest recorded team before the one bound `?` (the as-of time). The view case_team_records
    (migration 011) holds both the export's `allocated` case events (the team as the force names
    it) and `stalkscreen allocation set` (the policy's team id), so a team set here counts too."""
    return f"""SELECT crime_id, arg_max(team, "at") AS team FROM case_team_records
               WHERE "at" < ? AND crime_id IN (SELECT crime_id FROM {cases})
               GROUP BY crime_id"""


def working_day_sql(day: str) -> str:
    """The number of working days from the epoch Monday up to and including `day` (a date); a
    weekend day has its Friday's number."""
    days = f"date_diff('day', {EPOCH_MONDAY}, {day})"
    return f"(5 * ({days} // 7) + least({days} % 7 + 1, 5))"


def due_sql(day: str, within: int, unit: str) -> str:
    """The last day (a date) on which something due `within` days or working days after `day` is
    on time. `within` and `unit` come from validated rules, never from a user's text."""
    within, unit = int(within), str(unit)
    if unit == "days":
        return f"CAST({day} + INTERVAL {within} DAY AS DATE)"
    target = f"({working_day_sql(day)} + {within} - 1)"
    return f"CAST({EPOCH_MONDAY} + INTERVAL 1 DAY * (7 * ({target} // 5) + {target} % 5) AS DATE)"
