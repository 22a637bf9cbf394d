"""Live figures for stalking crimes, computed from the store: the measures that evidence an
action plan (`stalkscreen plans evidence`) and fill the problem profile's sections.

Contract (the profile and the plan tracker import these; keep names and shapes stable):

- every measure is `f(con, date_from=None, date_to=None, *, catalogue=None) -> dict`;
- the dict always has `measure` (the function's name), `numerator` (int), `denominator` (int),
  `rate` (numerator / denominator as a float, None when the denominator is 0), `definition`
  (what is counted, in words a reader of a report understands), `available` (False only when
  the stage that fills the measure's tables has not run: the migrations create every table, so
  an empty table, never a missing one, means "not run") and `note` (why not available, else None);
  some add named extras (for example `included_only`, `spo_made`);
- a "stalking crime" is a record whose principal or an included offence is in the `stalking` group
  of the offence catalogue (the set `stalkscreen search --offence stalking` finds), or one whose
  screening flag was accepted (casework/definitions.py, the one definition `stalkscreen victims`
  and `orders unconsidered` use too); `date_from` and `date_to` bound the crimes by `recorded_at`, both days
  included; the events counted are those of the crimes in that window, whenever they happened;
- `catalogue` is an offence catalogue (`stalkscreen.reference.offences.load()` by default).
"""

from __future__ import annotations

import datetime as dt

import duckdb

from stalkscreen.casework import definitions
from stalkscreen.reference.offences import Catalogue

NOT_SCREENED = "not available: screening has not been run"
NO_DMM_LISTS = "not available: no daily management meeting list has been produced"
SPO_TYPES = definitions.SPO_TYPES


def _window(date_from: dt.date | None, date_to: dt.date | None) -> tuple[str, list]:
    """SQL condition on c.recorded_at and its parameters; date_to includes the whole day."""
    return definitions.window_sql("c.recorded_at", date_from, date_to)


def stalking_crimes_sql(date_from=None, date_to=None, catalogue: Catalogue | None = None) -> tuple[str, list]:
    """A query of crime_id for the stalking crimes in the window, and its parameters. One
    definition with the casework stage (casework/definitions.py): a stalking offence, principal
    or included, or an accepted screening flag."""
    return definitions.stalking_cases_sql(date_from, date_to, catalogue)


def _result(name: str, numerator: int, denominator: int, definition: str, **extra) -> dict:
    rate = numerator / denominator if denominator else None
    return {"measure": name, "numerator": int(numerator), "denominator": int(denominator), "rate": rate,
            "definition": definition, "available": True, "note": None, **extra}


def unavailable(name: str, note: str, definition: str) -> dict:
    """A figure the store cannot give yet: said plainly, never reported as 0."""
    return {"measure": name, "numerator": None, "denominator": None, "rate": None,
            "definition": definition, "available": False, "note": note}


def _has_rows(con: duckdb.DuckDBPyConnection, table: str) -> bool:
    """Whether a stage has written to its table (`table` is a name from this module, never user text)."""
    return con.execute(f"SELECT EXISTS (SELECT 1 FROM {table})").fetchone()[0]


def stalking_crimes(con, date_from=None, date_to=None, *, catalogue=None) -> dict:
    """How many stalking crimes there are (numerator = denominator: the base of the rates below)."""
    sql, params = stalking_crimes_sql(date_from, date_to, catalogue)
    n = con.execute(f"SELECT count(*) FROM ({sql})", params).fetchone()[0]
    return _result("stalking_crimes", n, n, "crime records with a stalking offence, principal or included")


def included_classification(con, date_from=None, date_to=None, *, catalogue=None) -> dict:
    """Recommendation 7.1: stalking recorded as an included classification, which counts of
    principal offences alone would miss (`included_only`)."""
    sql, params = stalking_crimes_sql(date_from, date_to, catalogue)
    codes = params[0]
    included, included_only, principal, total = con.execute(f"""
        WITH stalking AS ({sql}),
        roles AS (
            SELECT crime_id, bool_or(role = 'included') AS included, bool_or(role = 'principal') AS principal
            FROM offences WHERE offence_code IN (SELECT unnest(?::VARCHAR[]))
              AND crime_id IN (SELECT crime_id FROM stalking)
            GROUP BY crime_id)
        SELECT count(*) FILTER (WHERE included), count(*) FILTER (WHERE included AND NOT principal),
               count(*) FILTER (WHERE principal), count(*)
        FROM roles""", [*params, codes]).fetchone()
    return _result("included_classification", included, total,
                   "stalking crimes with stalking as an included classification, of all stalking crimes",
                   included_only=int(included_only), principal=int(principal))


def _share_of_crimes(con, name: str, condition: str, condition_params: list, definition: str,
                     date_from, date_to, catalogue, **extra_sql) -> dict:
    """Stalking crimes for which `condition` (SQL over s.crime_id) holds, of all stalking crimes."""
    sql, params = stalking_crimes_sql(date_from, date_to, catalogue)
    extras = "".join(f", count(*) FILTER (WHERE {expr}) AS {key}" for key, expr in extra_sql.items())
    row = con.execute(f"""
        WITH stalking AS ({sql})
        SELECT count(*) FILTER (WHERE {condition}), count(*){extras} FROM stalking s""",
                      [*params, *condition_params]).fetchone()
    return _result(name, row[0], row[1], definition, **{k: int(v) for k, v in zip(extra_sql, row[2:])})


def risk_assessment_completion(con, date_from=None, date_to=None, *, catalogue=None) -> dict:
    """Recommendations 12.x: a risk assessment (any instrument) against the crime, loaded from the
    force export or recorded with `stalkscreen risk record` (view risk_assessments_all)."""
    return _share_of_crimes(
        con, "risk_assessment_completion",
        "s.crime_id IN (SELECT crime_id FROM risk_assessments_all)", [],
        "stalking crimes with at least one completed risk assessment (any instrument), of all stalking crimes",
        date_from, date_to, catalogue)


def spo_consideration(con, date_from=None, date_to=None, *, catalogue=None) -> dict:
    """Recommendations 13.x: an SPO considered (casework/definitions.py: case event
    `spo_considered`, or an SPO or interim SPO sought against a suspect on the crime); extras
    count crimes with an SPO applied for or made."""
    sql, params = stalking_crimes_sql(date_from, date_to, catalogue)
    considered, c_params = definitions.spo_considered_sql("s.crime_id")
    applied, a_params = definitions.spo_order_sql("s.crime_id", "o.applied_on IS NOT NULL")
    made, m_params = definitions.spo_order_sql("s.crime_id", "o.made_on IS NOT NULL")
    row = con.execute(f"""
        WITH stalking AS ({sql})
        SELECT count(*) FILTER (WHERE {considered}), count(*),
               count(*) FILTER (WHERE {applied}), count(*) FILTER (WHERE {made})
        FROM stalking s""", [*params, *c_params, *a_params, *m_params]).fetchone()
    return _result("spo_consideration", row[0], row[1],
                   "stalking crimes where an SPO was considered (a recorded SPO consideration, or an SPO or "
                   "interim SPO against a suspect on the crime), of all stalking crimes",
                   spo_applied=int(row[2]), spo_made=int(row[3]))


def _victim_event_rate(con, name: str, event: str, definition: str, date_from, date_to, catalogue) -> dict:
    """Victims of stalking crimes (one per victim record per crime) with this Victims' Code event
    (casework/definitions.py, shared with `stalkscreen victims`)."""
    sql, params = stalking_crimes_sql(date_from, date_to, catalogue)
    numerator, denominator = con.execute(f"""
        WITH stalking AS ({sql}), victims AS ({definitions.victims_sql("SELECT crime_id FROM stalking")})
        SELECT count(*) FILTER (WHERE {definitions.victim_event_sql("v")}), count(*)
        FROM victims v""", [*params, [event]]).fetchone()
    return _result(name, numerator, denominator, definition)


def needs_assessment_rate(con, date_from=None, date_to=None, *, catalogue=None) -> dict:
    """Recommendation 14.1: victims of stalking crimes with a victim needs assessment (VNA)."""
    return _victim_event_rate(con, "needs_assessment_rate", "vna_completed",
                              "victims of stalking crimes with a completed victim needs assessment (VNA), "
                              "of all victims of stalking crimes", date_from, date_to, catalogue)


def care_card_rate(con, date_from=None, date_to=None, *, catalogue=None) -> dict:
    """Recommendation 14.2: victims of stalking crimes given a victim care card (their rights)."""
    return _victim_event_rate(con, "care_card_rate", "vcc_given",
                              "victims of stalking crimes given a victim care card (VCC), "
                              "of all victims of stalking crimes", date_from, date_to, catalogue)


def referral_rate(con, date_from=None, date_to=None, *, catalogue=None) -> dict:
    """Recommendations 14.4, 14.5: victims of stalking crimes referred to specialist support."""
    return _victim_event_rate(con, "referral_rate", "referral_made",
                              "victims of stalking crimes referred to a support service (referral made), "
                              "of all victims of stalking crimes", date_from, date_to, catalogue)


def screening(con, date_from=None, date_to=None, *, catalogue=None) -> dict:
    """Recommendation 23.1: crimes screened, flags raised (indicated, not recorded as stalking),
    reviewed and accepted, by the latest decision on each. Until `stalkscreen screen` has run the
    figure says so instead of 0."""
    definition = "crimes screened for stalking behaviour; numerator: flags accepted on review"
    if not _has_rows(con, "screen_runs"):
        return unavailable("screening", NOT_SCREENED, definition)
    window, params = _window(date_from, date_to)
    screened, flagged, reviewed, accepted = con.execute(f"""
        WITH r AS (SELECT s.crime_id, s.indicated AND s.stalking_recorded IS NULL AS flagged
                   FROM screening_results s JOIN crimes c USING (crime_id) WHERE {window})
        SELECT count(*), count(*) FILTER (WHERE flagged), count(d.crime_id) FILTER (WHERE flagged),
               count(*) FILTER (WHERE flagged AND d.decision = 'accepted')
        FROM r LEFT JOIN flag_decisions d USING (crime_id)""", params).fetchone()
    return _result("screening", accepted, screened, definition,
                   flagged=int(flagged), reviewed=int(reviewed))


def dmm_lists(con, date_from=None, date_to=None, *, catalogue=None) -> dict:
    """Recommendation 12.4: daily management meeting lists produced (table `dmm_lists`, one row
    per list, `produced_on`), out of the days in the window; unavailable until the first list is
    produced (migration 011 always creates the table, so an empty one means the stage never ran)."""
    definition = "days with a daily management meeting list produced"
    if not _has_rows(con, "dmm_lists"):
        return unavailable("dmm_lists", NO_DMM_LISTS, definition)
    first, last, days = con.execute(
        "SELECT min(produced_on), max(produced_on), count(DISTINCT produced_on) FROM dmm_lists "
        "WHERE (?::DATE IS NULL OR produced_on >= ?) AND (?::DATE IS NULL OR produced_on <= ?)",
        [date_from, date_from, date_to, date_to]).fetchone()
    start, end = date_from or first, date_to or last
    span = (end - start).days + 1 if start and end else 0
    return _result("dmm_lists", days, span, definition)
