"""Live figures for stalking crimes, computed from the store: the measures that evidence an
action plan (`stalkscreen plans evidence`) and fill the problem profile's sections.

Contract (the profile and the plan tracker import these; keep names and shapes stable):

- every measure is `f(con, date_from=None, date_to=None, *, catalogue=None) -> dict`;
- the dict always has `measure` (the function's name), `numerator` (int), `denominator` (int),
  `rate` (numerator / denominator as a float, None when the denominator is 0), `definition`
  (what is counted, in words a reader of a report understands), `available` (False only when
  the tables the measure needs do not exist yet) and `note` (why not available, else None);
  some add named extras (for example `included_only`, `spo_made`);
- a "stalking crime" is a record whose principal or an included offence (table `offences`) is in
  the `stalking` group of the offence catalogue, the same set `stalkscreen search --offence
  stalking` finds; `date_from` and `date_to` bound the crimes by `recorded_at`, both days
  included; the events counted are those of the crimes in that window, whenever they happened;
- `catalogue` is an offence catalogue (`stalkscreen.reference.offences.load()` by default).
"""

from __future__ import annotations

import datetime as dt

import duckdb

from stalkscreen.reference import offences as offence_catalogue
from stalkscreen.reference.offences import Catalogue

NOT_SCREENED = "not available: screening has not been run"
NO_DMM_LISTS = "not available: no daily management meeting list has been produced"
SPO_TYPES = ["SPO", "interim_SPO"]


def _window(date_from: dt.date | None, date_to: dt.date | None) -> tuple[str, list]:
    """SQL condition on c.recorded_at and its parameters; date_to includes the whole day."""
    end = date_to + dt.timedelta(days=1) if date_to else None
    return "(?::TIMESTAMP IS NULL OR c.recorded_at >= ?) AND (?::TIMESTAMP IS NULL OR c.recorded_at < ?)", \
        [date_from, date_from, end, end]


def stalking_crimes_sql(date_from=None, date_to=None, catalogue: Catalogue | None = None) -> tuple[str, list]:
    """A query of crime_id for the stalking crimes in the window, and its parameters."""
    codes = (catalogue or offence_catalogue.load()).group_codes("stalking")
    window, params = _window(date_from, date_to)
    sql = f"""SELECT DISTINCT o.crime_id FROM offences o JOIN crimes c USING (crime_id)
              WHERE o.offence_code IN (SELECT unnest(?::VARCHAR[])) AND {window}"""
    return sql, [codes, *params]


def _result(name: str, numerator: int, denominator: int, definition: str, **extra) -> dict:
    rate = numerator / denominator if denominator else None
    return {"measure": name, "numerator": int(numerator), "denominator": int(denominator), "rate": rate,
            "definition": definition, "available": True, "note": None, **extra}


def unavailable(name: str, note: str, definition: str) -> dict:
    """A figure the store cannot give yet: said plainly, never reported as 0."""
    return {"measure": name, "numerator": None, "denominator": None, "rate": None,
            "definition": definition, "available": False, "note": note}


def _table_exists(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    return con.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = ?", [name]).fetchone()[0] > 0


def _columns(con: duckdb.DuckDBPyConnection, table: str) -> set[str]:
    return {c for (c,) in con.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = ?", [table]).fetchall()}


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
    """Recommendations 12.x: a risk assessment (any instrument) recorded against the crime."""
    return _share_of_crimes(
        con, "risk_assessment_completion",
        "s.crime_id IN (SELECT crime_id FROM risk_assessments)", [],
        "stalking crimes with at least one completed risk assessment (any instrument), of all stalking crimes",
        date_from, date_to, catalogue)


def _spo_order_sql(condition: str = "true") -> str:
    # An order reaches a crime through its subject's person record on that crime.
    return f"""s.crime_id IN (SELECT p.crime_id FROM orders o
                              JOIN person_records p ON p.person_record_id = o.subject_person_record_id
                              WHERE o.order_type IN (SELECT unnest(?::VARCHAR[])) AND {condition})"""


def spo_consideration(con, date_from=None, date_to=None, *, catalogue=None) -> dict:
    """Recommendations 13.x: an SPO considered (case event `spo_considered`, or an SPO or interim
    SPO sought against a suspect on the crime); extras count crimes with an SPO applied for or made."""
    sql, params = stalking_crimes_sql(date_from, date_to, catalogue)
    row = con.execute(f"""
        WITH stalking AS ({sql})
        SELECT count(*) FILTER (WHERE s.crime_id IN (SELECT crime_id FROM case_events WHERE event = 'spo_considered')
                                   OR {_spo_order_sql()}),
               count(*),
               count(*) FILTER (WHERE {_spo_order_sql("o.applied_on IS NOT NULL")}),
               count(*) FILTER (WHERE {_spo_order_sql("o.made_on IS NOT NULL")})
        FROM stalking s""", [*params, SPO_TYPES, SPO_TYPES, SPO_TYPES]).fetchone()
    return _result("spo_consideration", row[0], row[1],
                   "stalking crimes where an SPO was considered (a recorded SPO consideration, or an SPO or "
                   "interim SPO against a suspect on the crime), of all stalking crimes",
                   spo_applied=int(row[2]), spo_made=int(row[3]))


def _victim_event_rate(con, name: str, event: str, definition: str, date_from, date_to, catalogue) -> dict:
    """Victims of stalking crimes (one per victim record per crime) with this Victims' Code event."""
    sql, params = stalking_crimes_sql(date_from, date_to, catalogue)
    numerator, denominator = con.execute(f"""
        WITH stalking AS ({sql}),
        victims AS (SELECT p.crime_id, p.person_record_id FROM person_records p
                    WHERE p.role = 'victim' AND p.crime_id IN (SELECT crime_id FROM stalking))
        SELECT count(*) FILTER (WHERE EXISTS (
                   SELECT 1 FROM victim_care_events e
                   WHERE e.crime_id = v.crime_id AND e.person_record_id = v.person_record_id AND e.event = ?)),
               count(*)
        FROM victims v""", [*params, event]).fetchone()
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
    """Recommendation 23.1: crimes screened, flags raised, reviewed and accepted. Needs the
    screening stage's tables `screening_results` (crime_id, flagged) and `flag_reviews`
    (crime_id, decision); until they exist the figure says so instead of 0."""
    definition = "crimes screened for stalking behaviour; numerator: flags accepted on review"
    if not (_table_exists(con, "screening_results") and _table_exists(con, "flag_reviews")):
        return unavailable("screening", NOT_SCREENED, definition)
    wanted = {"screening_results": {"crime_id", "flagged"}, "flag_reviews": {"crime_id", "decision"}}
    for table, columns in wanted.items():
        missing = columns - _columns(con, table)
        if missing:
            return unavailable("screening", f"not available: {table} lacks {', '.join(sorted(missing))}", definition)
    window, params = _window(date_from, date_to)
    screened, flagged, reviewed, accepted = con.execute(f"""
        WITH r AS (SELECT s.crime_id, bool_or(s.flagged) AS flagged FROM screening_results s
                   JOIN crimes c USING (crime_id) WHERE {window} GROUP BY s.crime_id),
             v AS (SELECT crime_id, bool_or(decision = 'accepted') AS accepted FROM flag_reviews GROUP BY crime_id)
        SELECT count(*), count(*) FILTER (WHERE flagged), count(v.crime_id) FILTER (WHERE flagged),
               count(*) FILTER (WHERE flagged AND v.accepted)
        FROM r LEFT JOIN v USING (crime_id)""", params).fetchone()
    return _result("screening", accepted, screened, definition,
                   flagged=int(flagged), reviewed=int(reviewed))


def dmm_lists(con, date_from=None, date_to=None, *, catalogue=None) -> dict:
    """Recommendation 12.4: daily management meeting lists produced (table `dmm_lists`, one row
    per list, `produced_on`), out of the days in the window; unavailable until that stage runs."""
    definition = "days with a daily management meeting list produced"
    if not _table_exists(con, "dmm_lists") or "produced_on" not in _columns(con, "dmm_lists"):
        return unavailable("dmm_lists", NO_DMM_LISTS, definition)
    first, last, days = con.execute(
        "SELECT min(produced_on), max(produced_on), count(DISTINCT produced_on) FROM dmm_lists "
        "WHERE (?::DATE IS NULL OR produced_on >= ?) AND (?::DATE IS NULL OR produced_on <= ?)",
        [date_from, date_from, date_to, date_to]).fetchone()
    start, end = date_from or first, date_to or last
    span = (end - start).days + 1 if start and end else 0
    return _result("dmm_lists", days, span, definition)
