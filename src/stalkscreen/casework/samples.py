"""Samples for reality testing (recommendation 11.2) and victim surveys (11.3).

A sample is drawn by ranking the population on md5(seed || id), so the same seed over the same
records always gives the same sample, whatever the engine's hashing or the order rows are stored
in. Drawing the same sample again returns the stored one. Audit answers are stored one per
(crime, question), the latest standing, and summarised as compliance rates."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import duckdb

from stalkscreen import store
from stalkscreen.casework import definitions as d
from stalkscreen.casework.rules import Rules
from stalkscreen.errors import StalkscreenError
from stalkscreen.reference.offences import Catalogue

ANSWERS = ("yes", "no", "not_applicable")
CHECKLIST_COLUMNS = ["position", "crime_id", "recorded_at", "principal_offence", "stalking_recorded", "risk_assessment",
                     "spo_considered", "needs_assessment", "enquiry_and_supervision", "answers"]
MEMBER_COLUMNS = ["sample_id", "position", "crime_id", "person_record_id", "forename", "surname", "phone", "email",
                  "recorded_at", "offence"]


def _existing(con, kind: str, seed: int, n: int, date_from: dt.date, date_to: dt.date) -> int | None:
    row = con.execute("""SELECT min(sample_id) FROM casework_samples WHERE kind = ? AND seed = ? AND requested = ?
                         AND date_from = ? AND date_to = ?""", [kind, seed, n, date_from, date_to]).fetchone()
    return row[0]


def _check_n(n: int) -> None:
    if n < 1:
        raise StalkscreenError(f"--n {n}: a sample needs at least 1 member")


def _record(con, kind: str, seed: int, n: int, date_from, date_to, rules: Rules, population: int, excluded: int,
            members_sql: str, params: list, by: str | None) -> int:
    """Store the sample and its members (from members_sql: position, crime_id, person_record_id,
    person_key) in one transaction; return its id."""
    with store.transaction(con):
        sample_id = con.execute("SELECT nextval('casework_sample_seq')").fetchone()[0]
        con.execute(f"INSERT INTO casework_sample_members SELECT ?, * FROM ({members_sql})", [sample_id, *params])
        drawn = con.execute("SELECT count(*) FROM casework_sample_members WHERE sample_id = ?", [sample_id]).fetchone()[0]
        con.execute("INSERT INTO casework_samples VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, current_localtimestamp(), ?)",
                    [sample_id, kind, seed, n, drawn, population, excluded, date_from, date_to, rules.version, by])
    return sample_id


# ---- audit -------------------------------------------------------------------------------------

def _audit_population_sql(rules: Rules, catalogue: Catalogue, date_from, date_to) -> tuple[str, list]:
    """Crimes (not incidents) recorded in the window with an offence in the audit groups
    (principal, included or from an accepted flag), or an accepted screening flag."""
    codes = sorted({c for g in rules.audit_groups for c in catalogue.group_codes(g)})
    window, params = d.window_sql("c.recorded_at", date_from, date_to)
    sql = f"""SELECT DISTINCT c.crime_id FROM crimes c
              WHERE c.record_type = 'crime' AND {window}
                AND (c.crime_id IN (SELECT crime_id FROM offences_effective WHERE offence_code IN (SELECT unnest(?::VARCHAR[])))
                     OR c.crime_id IN (SELECT crime_id FROM flag_decisions WHERE decision = 'accepted'))"""
    return sql, [*params, codes]


def draw_audit(con: duckdb.DuckDBPyConnection, rules: Rules, catalogue: Catalogue, n: int, seed: int,
               date_from: dt.date, date_to: dt.date, by: str | None = None) -> int:
    """A reproducible random sample of stalking and harassment crimes; returns its sample id."""
    _check_n(n)
    found = _existing(con, "audit", seed, n, date_from, date_to)
    if found is not None:
        return found
    population, params = _audit_population_sql(rules, catalogue, date_from, date_to)
    size = con.execute(f"SELECT count(*) FROM ({population})", params).fetchone()[0]
    members = f"""SELECT row_number() OVER (ORDER BY md5(CAST(? AS VARCHAR) || ':' || crime_id), crime_id) AS position,
                         crime_id, CAST(NULL AS VARCHAR), CAST(NULL AS VARCHAR)
                  FROM ({population}) QUALIFY position <= ?"""
    return _record(con, "audit", seed, n, date_from, date_to, rules, size, 0, members, [seed, *params, n], by)


def checklist(con: duckdb.DuckDBPyConnection, rules: Rules, catalogue: Catalogue, sample_id: int) -> list[dict]:
    """Each sampled crime with what its records show for each audit question and the auditor's
    latest answers so far."""
    _sample(con, sample_id, "audit")
    stalking = catalogue.group_codes("stalking")
    considered, c_params = d.spo_considered_sql("m.crime_id")
    cursor = con.execute(f"""
        WITH m AS (SELECT * FROM casework_sample_members WHERE sample_id = ?),
        answers AS ({_latest_answers_sql()})
        SELECT m.position, m.crime_id, c.recorded_at, c.offence_code || ' ' || c.offence AS principal_offence,
               CASE WHEN c.offence_code IN (SELECT unnest(?::VARCHAR[])) THEN 'principal'
                    WHEN m.crime_id IN (SELECT crime_id FROM offences_effective WHERE role = 'included'
                                        AND offence_code IN (SELECT unnest(?::VARCHAR[]))) THEN 'included'
                    ELSE 'no' END AS stalking_recorded,
               CASE WHEN m.crime_id IN (SELECT crime_id FROM risk_assessments_all) THEN 'yes' ELSE 'no' END AS risk_assessment,
               CASE WHEN {considered} THEN 'yes' ELSE 'no' END AS spo_considered,
               CASE WHEN NOT EXISTS (SELECT 1 FROM person_records p WHERE p.crime_id = m.crime_id AND p.role = 'victim'
                        AND NOT EXISTS (SELECT 1 FROM victim_care_events e WHERE e.crime_id = p.crime_id
                                        AND e.person_record_id = p.person_record_id AND e.event = 'vna_completed'))
                    THEN 'yes' ELSE 'no' END AS needs_assessment,
               'enquiry ' || CASE WHEN m.crime_id IN (SELECT crime_id FROM case_events WHERE event = 'digital_enquiry')
                                  THEN 'yes' ELSE 'no' END
                 || ', supervision ' || CASE WHEN m.crime_id IN (SELECT crime_id FROM case_events
                                                                 WHERE event = 'supervisor_review') THEN 'yes' ELSE 'no' END
                 AS enquiry_and_supervision,
               (SELECT string_agg(a.question || '=' || a.answer, ', ' ORDER BY a.question) FROM answers a
                WHERE a.crime_id = m.crime_id) AS answers
        FROM m JOIN crimes c USING (crime_id) ORDER BY m.position""",
                         [sample_id, sample_id, stalking, stalking, *c_params])
    names = [x[0] for x in cursor.description]
    return [dict(zip(names, r)) for r in cursor.fetchall()]


def _latest_answers_sql() -> str:
    """The latest answer per (crime, question) of the sample bound to its one `?`."""
    return """SELECT * FROM audit_answers WHERE sample_id = ?
              QUALIFY row_number() OVER (PARTITION BY crime_id, question ORDER BY "at" DESC) = 1"""


def _sample(con, sample_id: int, kind: str) -> dict:
    cursor = con.execute("SELECT * FROM casework_samples WHERE sample_id = ?", [sample_id])
    row = cursor.fetchone()
    if row is None or row[1] != kind:
        raise StalkscreenError(f"--sample {sample_id}: no {kind} sample with this id",
                               hint=f"draw one with `stalkscreen sample {kind}`")
    return dict(zip([x[0] for x in cursor.description], row))


def answer(con: duckdb.DuckDBPyConnection, rules: Rules, sample_id: int, crime_id: str, question: str, value: str,
           by: str, note: str | None = None) -> dict:
    """Store an auditor's answer (the latest on a crime and question stands)."""
    _sample(con, sample_id, "audit")
    rules.question(question)
    value = value.strip().lower().replace("-", "_").replace(" ", "_")
    if value not in ANSWERS:
        raise StalkscreenError(f"--answer '{value}': not an answer", hint="one of: " + ", ".join(ANSWERS))
    if not by.strip():
        raise StalkscreenError("an answer needs who gave it (--by)")
    if not con.execute("SELECT count(*) FROM casework_sample_members WHERE sample_id = ? AND crime_id = ?",
                       [sample_id, crime_id]).fetchone()[0]:
        raise StalkscreenError(f"--crime '{crime_id}': not in audit sample {sample_id}",
                               hint=f"list the sample with `stalkscreen sample show --sample {sample_id}`")
    with store.transaction(con):
        con.execute("INSERT INTO audit_answers VALUES (?, ?, ?, ?, ?, ?, current_localtimestamp(), ?)",
                    [sample_id, crime_id, question, value, note, by.strip(), rules.version])
    return {"sample_id": sample_id, "crime_id": crime_id, "question": question, "answer": value}


def import_answers(con: duckdb.DuckDBPyConnection, rules: Rules, sample_id: int, path: Path, by: str) -> int:
    """Store every answer in a CSV file (columns crime_id, question, answer, note), all or none:
    the first bad row stops the import, naming its line."""
    _sample(con, sample_id, "audit")
    if not by.strip():
        raise StalkscreenError("answers need who gave them (--by)")
    rows = _read_answers(path)
    members = {r[0] for r in con.execute("SELECT crime_id FROM casework_sample_members WHERE sample_id = ?",
                                         [sample_id]).fetchall()}
    known = {q.id for q in rules.questions}
    for line, row in rows:
        answer_text = (row.get("answer") or "").strip().lower().replace("-", "_").replace(" ", "_")
        problem = ("crime_id '{crime_id}' is not in the sample" if row.get("crime_id") not in members else
                   "question '{question}' is not an audit question" if row.get("question") not in known else
                   "answer '{answer}' is not yes, no or not_applicable" if answer_text not in ANSWERS else None)
        if problem:
            raise StalkscreenError(f"{path}:{line}: " + problem.format(**{k: row.get(k) for k in ("crime_id", "question", "answer")}),
                                   hint="columns: crime_id, question, answer, note")
        row["answer"] = answer_text
    with store.transaction(con):
        con.executemany("INSERT INTO audit_answers VALUES (?, ?, ?, ?, ?, ?, current_localtimestamp(), ?)",
                        [[sample_id, r["crime_id"], r["question"], r["answer"], r.get("note") or None, by.strip(),
                          rules.version] for _, r in rows])
    return len(rows)


def _read_answers(path: Path) -> list[tuple[int, dict]]:
    """(line, row) per answer; a small hand-made file, so csv.DictReader is enough."""
    try:
        with open(path, newline="", encoding="utf-8") as f:
            reader = csv.DictReader(f)
            missing = {"crime_id", "question", "answer"} - set(reader.fieldnames or [])
            if missing:
                raise StalkscreenError(f"{path}:1: missing column(s) {', '.join(sorted(missing))}",
                                       hint="columns: crime_id, question, answer, note")
            return [(reader.line_num, {k: (v or "").strip() for k, v in row.items() if k}) for row in reader]
    except FileNotFoundError:
        raise StalkscreenError(f"{path}: no such file") from None
    except UnicodeDecodeError as exc:
        raise StalkscreenError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None


def summary(con: duckdb.DuckDBPyConnection, rules: Rules, sample_id: int) -> list[dict]:
    """Per question: yes / (yes + no) as the compliance rate, with not-applicable and unanswered."""
    sample = _sample(con, sample_id, "audit")
    found = {r[0]: r[1:] for r in con.execute(f"""
        SELECT question, count(*) FILTER (WHERE answer = 'yes'), count(*) FILTER (WHERE answer = 'no'),
               count(*) FILTER (WHERE answer = 'not_applicable')
        FROM ({_latest_answers_sql()}) GROUP BY question""", [sample_id]).fetchall()}
    rows = []
    for q in rules.questions:
        yes, no, na = found.get(q.id, (0, 0, 0))
        rows.append({"sample_id": sample_id, "question": q.id, "text": q.question, "yes": yes, "no": no,
                     "not_applicable": na, "unanswered": sample["drawn"] - yes - no - na,
                     "rate": yes / (yes + no) if yes + no else None})
    return rows


# ---- survey ------------------------------------------------------------------------------------

def _survey_sql(rules: Rules, catalogue: Catalogue, first: dt.date, last: dt.date) -> tuple[str, list]:
    """Victims of the month's stalking cases with their person key and whether each is excluded."""
    cases, params = d.stalking_cases_sql(first, last, catalogue)
    recent_from = _months_before(first, rules.survey_recent_months)
    sql = f"""
        WITH v AS ({d.victims_sql(cases)}),
        keyed AS (SELECT v.crime_id, v.person_record_id, coalesce(p.person_id, v.person_record_id) AS person_key
                  FROM v LEFT JOIN people p USING (person_record_id)),
        declined AS (SELECT DISTINCT coalesce(p.person_id, e.person_record_id) AS person_key FROM victim_care_events e
                     LEFT JOIN people p USING (person_record_id) WHERE e.event IN (SELECT unnest(?::VARCHAR[]))),
        surveyed AS (SELECT DISTINCT m.person_key FROM casework_sample_members m JOIN casework_samples s USING (sample_id)
                     WHERE s.kind = 'survey' AND s.date_from >= ? AND s.date_from <= ?)
        SELECT k.*, k.person_key IN (SELECT person_key FROM declined) OR k.person_key IN (SELECT person_key FROM surveyed)
               AS excluded
        FROM keyed k"""
    return sql, [*params, list(rules.survey_exclude_events), recent_from, first]


def _months_before(first: dt.date, months: int) -> dt.date:
    index = first.year * 12 + first.month - 1 - months
    return dt.date(index // 12, index % 12 + 1, 1)


def draw_survey(con: duckdb.DuckDBPyConnection, rules: Rules, catalogue: Catalogue, n: int, seed: int,
                first: dt.date, last: dt.date, by: str | None = None) -> int:
    """A random sample of the month's stalking victims, one per person, never one who declined
    contact or was surveyed in the recent months (or earlier this month); returns its id."""
    _check_n(n)
    found = _existing(con, "survey", seed, n, first, last)
    if found is not None:
        return found
    victims, params = _survey_sql(rules, catalogue, first, last)
    size, excluded = con.execute(f"SELECT count(DISTINCT person_key), count(DISTINCT person_key) FILTER (WHERE excluded) "
                                 f"FROM ({victims})", params).fetchone()
    members = f"""SELECT row_number() OVER (ORDER BY rank_key, person_key) AS position, crime_id, person_record_id, person_key
                  FROM (SELECT *, md5(CAST(? AS VARCHAR) || ':' || person_record_id) AS rank_key FROM ({victims})
                        WHERE NOT excluded QUALIFY row_number() OVER (PARTITION BY person_key ORDER BY rank_key) = 1)
                  QUALIFY position <= ?"""
    return _record(con, "survey", seed, n, first, last, rules, size, excluded, members, [seed, *params, n], by)


def members(con: duckdb.DuckDBPyConnection, sample_id: int, kind: str) -> list[dict]:
    """A survey sample's victims with the details a researcher needs to make contact."""
    _sample(con, sample_id, kind)
    cursor = con.execute("""
        SELECT m.sample_id, m.position, m.crime_id, m.person_record_id, p.forename, p.surname, p.phone, p.email,
               c.recorded_at, c.offence
        FROM casework_sample_members m JOIN crimes c USING (crime_id)
        LEFT JOIN person_records p ON p.person_record_id = m.person_record_id
        WHERE m.sample_id = ? ORDER BY m.position""", [sample_id])
    names = [x[0] for x in cursor.description]
    return [dict(zip(names, r)) for r in cursor.fetchall()]
