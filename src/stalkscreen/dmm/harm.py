"""High-harm offenders with new activity: the top N of each kind in the latest harm run (table
harm_scores, written by the harm stage) who are a suspect on a crime recorded in the look-back. A
person subject (people.person_id) is active when one of its records is a suspect on a new crime; a
dyad when its suspect and its victim (harm_scores' suspect_person_id, victim_person_id) are on the
same new crime, as suspect and victim."""

from __future__ import annotations

import duckdb

from stalkscreen.dmm.rules import DmmRules
from stalkscreen.dmm.sections import line, rows
from stalkscreen.dmm.window import Window

NOT_RUN = "not available: no harm ranking in the store (run `stalkscreen harm`)"


class Unavailable(Exception):
    """A section the store cannot give yet; the list says so instead of showing it empty."""


def latest_run(con: duckdb.DuckDBPyConnection) -> int | None:
    """The harm stage's latest run (its own function, when the stage is installed)."""
    if not con.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = 'harm_scores'").fetchone()[0]:
        return None
    from stalkscreen.harm.scores import latest_run as harm_latest_run

    return harm_latest_run(con)


_ACTIVITY_SQL = """
    WITH top AS (
        SELECT subject_kind, subject_id, suspect_person_id, victim_person_id, rank, score, spec_version
        FROM harm_scores
        WHERE harm_run_id = ? AND subject_kind IN (SELECT unnest(?::VARCHAR[])) AND rank <= ?),
    sides AS (  -- the people behind each subject: a person is a suspect; a dyad is a suspect and a victim
        SELECT subject_kind, subject_id, 'suspect' AS side, suspect_person_id AS person_id FROM top
        UNION ALL
        SELECT subject_kind, subject_id, 'victim', victim_person_id FROM top WHERE subject_kind = 'dyad'),
    records AS (
        SELECT s.subject_kind, s.subject_id, s.side, p.person_record_id
        FROM sides s JOIN people p ON p.person_id = s.person_id
        UNION
        SELECT subject_kind, subject_id, side, person_id FROM sides WHERE person_id IS NOT NULL),
    recent AS (
        SELECT c.crime_id, c.recorded_at, c.offence, p.person_record_id, p.role
        FROM crimes c JOIN person_records p USING (crime_id)
        WHERE c.recorded_at >= ? AND c.recorded_at < ? AND p.role IN ('suspect', 'victim')),
    hits AS (
        SELECT r.subject_kind, r.subject_id, w.crime_id, w.recorded_at, w.offence
        FROM records r JOIN recent w ON w.person_record_id = r.person_record_id AND w.role = r.side
        GROUP BY ALL
        HAVING bool_or(r.side = 'suspect') AND (r.subject_kind = 'person' OR bool_or(r.side = 'victim')))
    SELECT t.subject_kind, t.subject_id, t.rank, t.score, t.spec_version,
           list(h.crime_id || ' (' || h.offence || ')' ORDER BY h.recorded_at, h.crime_id) AS crimes,
           arg_max(h.crime_id, h.recorded_at) AS latest_crime, max(h.recorded_at) AS latest_at
    FROM top t JOIN hits h ON h.subject_kind = t.subject_kind AND h.subject_id = t.subject_id
    GROUP BY t.subject_kind, t.subject_id, t.rank, t.score, t.spec_version
    ORDER BY t.subject_kind = 'dyad', t.rank, t.subject_id"""


def high_harm(con, rules: DmmRules, window: Window, run: int | None) -> list[dict]:
    if run is None:
        raise Unavailable(NOT_RUN)
    found = rows(con, _ACTIVITY_SQL, [run, list(rules.harm_subject_kinds), rules.harm_top,
                                      window.start, window.end])
    return [line("high_harm", r["latest_crime"], f"{r['subject_kind']} {r['subject_id']}", _reason(r, run, rules),
                 r["latest_at"]) for r in found]


def _reason(r: dict, run: int, rules: DmmRules) -> str:
    who = "suspect" if r["subject_kind"] == "person" else "the dyad's suspect against its victim"
    return (f"harm rank {r['rank']} of the top {rules.harm_top} (run {run}, spec {r['spec_version']}, "
            f"score {r['score']:.1f}); {who} on {len(r['crimes'])} crime(s) recorded in the look-back: "
            + ", ".join(r["crimes"]))
