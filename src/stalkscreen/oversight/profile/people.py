"""Repeat victims, repeat and serial perpetrators, and how concentrated harm is among offenders.

A person is a linked person (table `people`) where linkage has run; before that each person
record counts as a person, which undercounts repeats and says so. Harm is the harm stage's
score of each person in its latest run (`harm_scores`, kind `person`) once it has run, else the
number of stalking crimes.
"""

from __future__ import annotations

from stalkscreen.oversight.profile import publish
from stalkscreen.oversight.profile.model import Chart, Section, Table
from stalkscreen.harm.scores import latest_run
from stalkscreen.oversight.profile.scope import NOT_LINKED, SERIAL_YEARS, Context, rows

TOP_SHARES = (1, 5, 10, 20, 50)  # per cent of offenders, most harmful first
HEADLINE_SHARE = 5
ANNEX_SIZE = 10


def section(ctx: Context) -> Section:
    harm_sql, harm_words = _harm(ctx)
    notes = [
        "Linked people: each person is counted once across all their records." if ctx.linked else
        f"Linkage has not run — {NOT_LINKED}. One person on several crimes is counted several times, so "
        "repeats are undercounted; run `stalkscreen link` first.",
        f"A repeat victim or perpetrator is on two or more stalking crimes in the period. A serial perpetrator "
        f"is a suspect on a stalking crime in the period who has been a suspect against two or more different "
        f"victims in the {SERIAL_YEARS} years up to the end of the period.",
        f"Harm: {harm_words}.",
    ]
    concentration = concentration_table(ctx, harm_sql)
    headline = next((r for r in concentration.rows if r["top"] == f"{HEADLINE_SHARE}%"), None)
    if headline and headline["harm_share"] is not None:
        offenders = publish.count(headline["offenders"], ctx.options.publish)
        share = "a share withheld" if offenders == publish.SUPPRESSED else f"{headline['harm_share']}%"
        notes.append(f"The top {HEADLINE_SHARE}% of offenders ({offenders} of "
                     f"{publish.count(headline['of'], ctx.options.publish)}) account for {share} of harm.")
    tables = [summary(ctx), concentration]
    if not ctx.options.publish:
        tables.append(annex(ctx))
    return Section("people", "Repeat victims, repeat and serial perpetrators, harm concentration", notes, tables)


def summary(ctx: Context) -> Table:
    found = rows(ctx.con, f"""
        WITH per_person AS (
            SELECT role, person_id, count(DISTINCT crime_id) AS crimes FROM profile_persons
            WHERE in_period GROUP BY ALL),
        serial AS ({_serial_sql()})
        SELECT 'victims' AS measure, count(*) FILTER (WHERE role = 'victim') AS people,
               NULL::BIGINT AS of FROM per_person
        UNION ALL SELECT 'repeat victims', count(*) FILTER (WHERE role = 'victim' AND crimes >= 2),
               count(*) FILTER (WHERE role = 'victim') FROM per_person
        UNION ALL SELECT 'perpetrators', count(*) FILTER (WHERE role = 'suspect'), NULL FROM per_person
        UNION ALL SELECT 'repeat perpetrators', count(*) FILTER (WHERE role = 'suspect' AND crimes >= 2),
               count(*) FILTER (WHERE role = 'suspect') FROM per_person
        UNION ALL SELECT 'serial perpetrators', (SELECT count(*) FROM serial),
               count(*) FILTER (WHERE role = 'suspect') FROM per_person""")
    order = ["victims", "repeat victims", "perpetrators", "repeat perpetrators", "serial perpetrators"]
    found.sort(key=lambda r: order.index(r["measure"]))
    for row in found:
        row["share"] = round(100.0 * row["people"] / row["of"], 1) if row["of"] else None
    return Table("repeats", "Victims and perpetrators of stalking crimes in the period",
                 ["measure", "people", "of", "share"], found, counts=("people", "of"), rates={"share": "people"})


def _serial_sql() -> str:
    return """
        SELECT s.person_id FROM profile_persons s JOIN profile_persons v
          ON v.crime_id = s.crime_id AND v.role = 'victim' AND v.in_serial_window AND v.person_id <> s.person_id
        WHERE s.role = 'suspect' AND s.in_serial_window
          AND s.person_id IN (SELECT person_id FROM profile_persons WHERE role = 'suspect' AND in_period)
        GROUP BY s.person_id HAVING count(DISTINCT v.person_id) >= 2"""


def _harm(ctx: Context) -> tuple[str, str]:
    """SQL of (person_id, harm) for the perpetrators in the period, and how harm was measured."""
    crimes = """SELECT person_id, count(DISTINCT crime_id) AS harm FROM profile_persons
                WHERE role = 'suspect' AND in_period GROUP BY person_id"""
    # migration 010 always creates harm_scores: "not run" is no harm run, not a missing table
    run = latest_run(ctx.con)
    if run is None:
        return crimes, "harm scores not computed yet (`stalkscreen harm run`): concentration is of stalking crimes"
    if not ctx.linked:
        return crimes, "harm scores cannot be matched to people yet: concentration is of stalking crimes"
    scored = f"""SELECT p.person_id, coalesce(h.score, 0) AS harm FROM ({crimes}) p
                 LEFT JOIN (SELECT subject_id AS person_id, score FROM harm_scores
                            WHERE harm_run_id = {int(run)} AND subject_kind = 'person') h USING (person_id)"""
    return scored, f"the harm stage's score per person (harm run {int(run)}, table harm_scores)"


def concentration_table(ctx: Context, harm_sql: str) -> Table:
    found = rows(ctx.con, f"""
        WITH harm AS ({harm_sql}),
        ranked AS (SELECT harm, row_number() OVER (ORDER BY harm DESC, person_id) AS rank,
                          count(*) OVER () AS offenders, sum(harm) OVER () AS total FROM harm),
        tops AS (SELECT unnest(?::INTEGER[]) AS top)
        SELECT t.top, CAST(ceil(any_value(r.offenders) * t.top / 100.0) AS BIGINT) AS offenders,
               any_value(r.offenders) AS of,
               round(100.0 * sum(r.harm) FILTER (WHERE r.rank <= ceil(r.offenders * t.top / 100.0))
                     / nullif(any_value(r.total), 0), 1) AS harm_share
        FROM tops t LEFT JOIN ranked r ON true GROUP BY t.top ORDER BY t.top""", [list(TOP_SHARES)])
    for row in found:
        row["top"] = f"{row['top']}%"
    return Table("harm_concentration", "Share of harm caused by the most harmful offenders",
                 ["top", "offenders", "of", "harm_share"], found, counts=("offenders", "of"),
                 rates={"harm_share": "offenders"},
                 charts=[Chart("bar", "top", "harm_share", y_title="share of harm (%)", x_title="top share of offenders")],
                 labels={"top": "most harmful offenders", "harm_share": "share of harm"})


def annex(ctx: Context) -> Table:
    """For the force's own analysts: who the most prolific perpetrators are. Never published."""
    found = rows(ctx.con, """
        WITH mine AS (SELECT DISTINCT person_id FROM profile_persons WHERE role = 'suspect' AND in_period),
        victims AS (
            SELECT s.person_id, count(DISTINCT v.person_id) AS victims, count(DISTINCT s.crime_id) AS crimes,
                   string_agg(DISTINCT s.crime_id, ' ' ORDER BY s.crime_id) AS crime_ids
            FROM profile_persons s LEFT JOIN profile_persons v
              ON v.crime_id = s.crime_id AND v.role = 'victim' AND v.person_id <> s.person_id
            WHERE s.role = 'suspect' AND s.in_serial_window AND s.person_id IN (SELECT person_id FROM mine)
            GROUP BY s.person_id)
        SELECT v.person_id, (SELECT min(concat_ws(' ', r.forename, r.surname)) FROM profile_persons q
                             JOIN person_records r USING (person_record_id) WHERE q.person_id = v.person_id) AS name,
               v.victims, v.crimes, v.crime_ids
        FROM victims v ORDER BY v.victims DESC, v.crimes DESC, v.person_id LIMIT ?""", [ANNEX_SIZE])
    return Table("perpetrators_annex", f"Restricted: the {ANNEX_SIZE} perpetrators with most victims "
                 f"({SERIAL_YEARS} years to the end of the period)",
                 ["person_id", "name", "victims", "crimes", "crime_ids"], found, identifying=True,
                 labels={"person_id": "person", "crime_ids": "stalking crimes"})
