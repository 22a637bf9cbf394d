"""The screening inputs as flat relations, prepared from the store (DuckDB).

Dates become day numbers and date text, lists become rows, and person records become linked
people, so the rule SQL over these relations (structural.py, narrative.py) is plain enough to run
unchanged on DuckDB and Spark.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import duckdb
import pyarrow as pa

from stalkscreen import store
from stalkscreen.reference.offences import Catalogue

# The relations the structural rules read; an engine other than the store's DuckDB gets copies.
# The narrative rules then read screen_narratives, made once the scope is known (`narratives`).
INPUTS = ("screen_crimes", "screen_offences", "screen_dyad_crimes", "screen_parties", "screen_orders")
STALKING_GROUP = "stalking"
EVENT = "coalesce(c.occurred_from, c.recorded_at)"  # as dyads date an occasion
FEW_OLDER = 200   # older crimes to read one by one; more are read in one pass
LAST = "greatest(coalesce(c.occurred_to, c.occurred_from, c.recorded_at), coalesce(c.occurred_from, c.recorded_at))"


def _day(expression: str) -> str:
    return f"CAST(date_diff('day', DATE '1970-01-01', CAST({expression} AS DATE)) AS INTEGER)"


def prepare(con: duckdb.DuckDBPyConnection, catalogue: Catalogue, narrative_key: str,
            since: dt.date | None, full: bool, seen: Seen | None = None) -> None:
    """The inputs; with `seen` (what the last complete run saw), only crimes touched since are targets."""
    _catalogue(con, catalogue)
    _offences(con)
    _dyad_crimes(con)
    _orders(con)
    _parties(con)
    if seen:
        _touched(con, seen)
    _crimes(con, narrative_key, since, full, touched=seen is not None)


def _catalogue(con: duckdb.DuckDBPyConnection, catalogue: Catalogue) -> None:
    codes = catalogue.to_arrow().select(["offence_code", "offence_group"])
    adjacent = [g for g, spec in catalogue.groups.items() if spec.get("adjacent")]
    con.register("screen_catalogue_arrow", codes)
    con.execute("""
        CREATE OR REPLACE TEMP TABLE screen_catalogue AS
        SELECT offence_code, offence_group, list_contains($adjacent, offence_group) AS adjacent,
               offence_group = $stalking AS stalking
        FROM screen_catalogue_arrow""", {"adjacent": adjacent, "stalking": STALKING_GROUP})
    con.unregister("screen_catalogue_arrow")


def _crimes(con: duckdb.DuckDBPyConnection, narrative_key: str, since: dt.date | None, full: bool,
            touched: bool) -> None:
    """target: screened this run (all, recorded since --since, or touched since the last run);
    rescan: its narrative is read again if in scope (full run, a new version of the crime, or no
    stored scan made the same way)."""
    among = "c.crime_id IN (SELECT crime_id FROM screen_touched)" if touched else "true"
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE screen_crimes AS
        WITH marked AS (
            SELECT c.crime_id, c.ingest_run_id, {_day(EVENT)} AS event_day, {_day(LAST)} AS last_day,
                   ($since IS NULL OR c.recorded_at >= $since) AND {among} AS target
            FROM crimes c),
        stored AS (
            SELECT crime_id, crime_ingest_run_id FROM screening_results WHERE narrative_key = $key)
        SELECT m.*, m.target AND ($full OR s.crime_id IS NULL) AS rescan
        FROM marked m LEFT JOIN stored s ON s.crime_id = m.crime_id AND s.crime_ingest_run_id = m.ingest_run_id""",
                {"since": since, "full": full, "key": narrative_key})


@dataclass(frozen=True)
class Seen:
    """What the last screen run saw: its id, and the newest load and link run then."""
    run_id: int
    ingest_run: int
    link_run: int


def _touched(con: duckdb.DuckDBPyConnection, seen: Seen) -> None:
    """screen_touched: every crime whose structural evidence may differ from its stored result.

    A crime's structural rules read its own version and offences, the dyads it belongs to and the
    dates and principal offences of their crimes, and, for a breach, orders and linked people. So:
    crimes loaded or re-offenced since; every crime of a dyad the link stage changed since or that
    holds such a crime; crimes whose stored result names a dyad changed or gone; and every crime
    the breach rule could match now or matched before (a few percent: orders and people are not
    versioned per crime, so these are always worked out again)."""
    con.execute("""
        CREATE OR REPLACE TEMP TABLE screen_touched AS
        WITH changed AS (
            SELECT crime_id FROM crimes WHERE ingest_run_id > $ingest
            UNION SELECT crime_id FROM offences WHERE ingest_run_id > $ingest
            UNION SELECT crime_id FROM offences_history WHERE superseded_by_run > $ingest),
        regrouped AS (
            SELECT dyad_id FROM dyads WHERE link_run_id > $link
            UNION SELECT dyad_id FROM screen_dyad_crimes SEMI JOIN changed USING (crime_id))
        SELECT crime_id FROM changed
        UNION SELECT crime_id FROM screen_dyad_crimes SEMI JOIN regrouped USING (dyad_id)
        UNION SELECT crime_id FROM screening_results
              WHERE dyad_id IN (SELECT dyad_id FROM regrouped) OR dyad_id NOT IN (SELECT dyad_id FROM dyads)
                 OR list_contains(evidence_items, 'rule:order.breach')
        UNION SELECT crime_id FROM screen_parties""", {"ingest": seen.ingest_run, "link": seen.link_run})


def narratives(con: duckdb.DuckDBPyConnection) -> None:
    """screen_narratives: the texts to read, of crimes in scope (screen_scope) marked rescan. Out of
    scope, half the crimes have no stored result and would be rescan every run.

    DuckDB reads the narrative column of every row an id filter passes over. So the crimes of the
    newest load among them are read with a filter on the load too, which skips older blocks; a few
    older crimes (brought into scope by a new crime of their course of conduct) are read by row id."""
    con.execute("""
        CREATE OR REPLACE TEMP TABLE screen_to_read AS
        SELECT c.crime_id, c.ingest_run_id FROM screen_crimes c SEMI JOIN screen_scope s USING (crime_id)
        WHERE c.rescan""")
    newest = con.execute("SELECT coalesce(max(ingest_run_id), 0) FROM screen_to_read").fetchone()[0]
    older = [c for (c,) in con.execute("SELECT crime_id FROM screen_to_read WHERE ingest_run_id < ? LIMIT ?",
                                       [newest, FEW_OLDER + 1]).fetchall()]
    if len(older) > FEW_OLDER:
        newest, older = 0, []   # many: one pass over every block
    picked, params = store.picked(con, "crimes", "crime_id", older)
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE screen_narratives AS
        SELECT crime_id, narrative FROM crimes
        WHERE ingest_run_id >= ? AND crime_id IN (SELECT crime_id FROM screen_to_read)
        UNION ALL SELECT crime_id, narrative FROM {picked} p""", [newest, *params])


def _offences(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("""
        CREATE OR REPLACE TEMP TABLE screen_offences AS
        SELECT o.crime_id, o.offence_code, o.offence, o.role, k.offence_group,
               coalesce(k.adjacent, false) AS adjacent, coalesce(k.stalking, false) AS stalking
        FROM offences o LEFT JOIN screen_catalogue k USING (offence_code)""")


def _dyad_crimes(con: duckdb.DuckDBPyConnection) -> None:
    """One row per crime of each dyad, with its date and principal offence (for the evidence)."""
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE screen_dyad_crimes AS
        WITH members AS (
            SELECT dyad_id, unnest(crime_ids) AS crime_id,
                   coalesce(list_contains(relationships, 'ex_partner'), false) AS ex_partner,
                   len(crime_ids) AS dyad_size
            FROM dyads)
        SELECT m.dyad_id, m.crime_id, {_day(EVENT)} AS event_day,
               strftime(CAST({EVENT} AS DATE), '%Y-%m-%d') AS event_date,
               c.offence_code || ' ' || c.offence AS principal, m.ex_partner, CAST(m.dyad_size AS INTEGER) AS dyad_size
        FROM members m JOIN crimes c USING (crime_id)""")


def _parties(con: duckdb.DuckDBPyConnection) -> None:
    """Suspects and victims as linked people (a record not yet linked stands for itself), of the
    crimes whose suspect some order binds: the only crimes the breach rule can match. Found from
    the orders outwards, so a run does not map every person record in the store."""
    con.execute("""
        CREATE OR REPLACE TEMP TABLE screen_parties AS
        WITH bound AS (SELECT DISTINCT subject_person_id AS person_id FROM screen_orders),
        bound_records AS (
            SELECT p.person_record_id FROM people p SEMI JOIN bound b ON b.person_id = p.person_id
            UNION SELECT person_id FROM bound),
        candidate_crimes AS (
            SELECT DISTINCT r.crime_id FROM person_records r SEMI JOIN bound_records b USING (person_record_id)
            WHERE r.role = 'suspect')
        SELECT DISTINCT r.crime_id, r.role, coalesce(p.person_id, r.person_record_id) AS person_id
        FROM person_records r SEMI JOIN candidate_crimes c USING (crime_id)
        LEFT JOIN people p USING (person_record_id)
        WHERE r.role IN ('suspect', 'victim')""")


def _orders(con: duckdb.DuckDBPyConnection) -> None:
    """Orders that were made, with the people they bind and the day they stopped being in force
    (expiry or an earlier discharge; none for "until further order")."""
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE screen_orders AS
        WITH discharged AS (
            SELECT order_id, min(CAST("at" AS DATE)) AS discharged_on FROM order_events
            WHERE event = 'discharged' GROUP BY order_id),
        spans AS (
            SELECT o.order_id, o.order_type, o.subject_person_record_id, o.protected_person_record_id, o.made_on,
                   least(o.expires_on, d.discharged_on) AS ends_on
            FROM orders o LEFT JOIN discharged d USING (order_id)
            WHERE o.made_on IS NOT NULL AND o.protected_person_record_id IS NOT NULL),
        -- The people of the orders' records, found in one pass over people (a join per side took two).
        linked AS MATERIALIZED (
            SELECT person_record_id, person_id FROM people
            WHERE person_record_id IN (SELECT subject_person_record_id FROM spans
                                       UNION SELECT protected_person_record_id FROM spans))
        SELECT s.order_id, s.order_type,
               coalesce(sp.person_id, s.subject_person_record_id) AS subject_person_id,
               coalesce(pp.person_id, s.protected_person_record_id) AS protected_person_id,
               {_day('s.made_on')} AS made_day, strftime(s.made_on, '%Y-%m-%d') AS made_date,
               {_day('s.ends_on')} AS end_day, strftime(s.ends_on, '%Y-%m-%d') AS end_date
        FROM spans s
        LEFT JOIN linked sp ON sp.person_record_id = s.subject_person_record_id
        LEFT JOIN linked pp ON pp.person_record_id = s.protected_person_record_id""")


def arrow(con: duckdb.DuckDBPyConnection, name: str) -> pa.Table:
    return con.execute(f"SELECT * FROM {name}").to_arrow_table()
