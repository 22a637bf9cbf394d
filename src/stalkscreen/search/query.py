"""Finding crimes by offence (principal or included), narrative words, person and date.

Every part of a search is a CTE joined to `crimes`, so filters combine as AND. User values
reach SQL only as bound parameters; the SQL text varies only by which parts are present.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

import duckdb

from stalkscreen.errors import StalkscreenError
from stalkscreen.reference.offences import Catalogue
from stalkscreen.search.index import STEMMER, indexable, load_stemmer, words_sql

ROLES = ("principal", "included", "any")
PERSON_ROLES = ("victim", "suspect", "witness", "reporter")
BM25_K1 = 1.2
BM25_B = 0.75
TYPO_MIN_LENGTH = 4
MAX_TEXT_STEMS = 60  # one bit each in a BIGINT mask  # shorter names must match exactly: one edit turns "Li" into "Lu"


@dataclass
class Query:
    offence: str | None = None
    role: str = "any"
    text: str | None = None
    person: str | None = None
    person_role: str | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    force: str | None = None
    limit: int = 100


def _name_sql(expression: str) -> str:
    """A name compared without case, accents, spaces or punctuation (O'Brien = obrien)."""
    return f"regexp_replace(lower(strip_accents(coalesce({expression}, ''))), '[^\\p{{L}}]+', '', 'g')"


def _close(column: str, wanted: str) -> tuple[str, list]:
    """Equal, or one edit apart when the wanted name is long enough for a typo to be told apart.
    Values are constants, so DuckDB works on each distinct stored name once (dictionary vectors)."""
    if len(wanted) >= TYPO_MIN_LENGTH:
        return f"({column} = ? OR levenshtein({column}, ?) <= 1)", [wanted, wanted]
    return f"{column} = ?", [wanted]


def validate(query: Query) -> None:
    if query.role not in ROLES:
        raise StalkscreenError(f"unknown offence role '{query.role}'", hint="use principal, included or any")
    if query.person_role is not None and query.person_role not in PERSON_ROLES:
        raise StalkscreenError(f"unknown person role '{query.person_role}'", hint="use " + ", ".join(PERSON_ROLES))
    if query.role != "any" and not query.offence:
        raise StalkscreenError("--role applies to --offence, which is missing", hint="add --offence stalking (for example)")
    if query.person_role and not query.person:
        raise StalkscreenError("--person-role applies to --person, which is missing", hint='add --person "name"')
    if query.limit < 1:
        raise StalkscreenError(f"--limit must be at least 1, not {query.limit}")
    if query.date_from and query.date_to and query.date_to < query.date_from:
        raise StalkscreenError(f"--to {query.date_to} is before --from {query.date_from}", hint="swap the dates")
    if query.text is not None and not query.text.strip():
        raise StalkscreenError("--text is empty", hint='give words to look for, e.g. --text "followed home"')
    if query.person is not None and not query.person.strip():
        raise StalkscreenError("--person is empty", hint='give a surname or a full name, e.g. --person "Jane Smith"')
    if not any([query.offence, query.text, query.person, query.date_from, query.date_to, query.force]):
        raise StalkscreenError(
            "nothing to search for",
            hint="give at least one of --offence, --text, --person, --from, --to, --force",
        )


def _text_words(con: duckdb.DuckDBPyConnection, text: str) -> tuple[dict[str, list[str]], list[int], list[int]]:
    """The query's words by stem, and the indexed word ids to read with the number of their stem
    (its position in the sorted stems, which is its bit in a hit's `stem_mask`)."""
    pairs = con.execute(
        f"SELECT DISTINCT w, stem(w, '{STEMMER}') FROM (SELECT unnest({words_sql('?')}) AS w) ORDER BY w", [text]
    ).fetchall()
    by_stem: dict[str, list[str]] = {}
    for word, stem in pairs:
        if indexable(word):
            by_stem.setdefault(stem, []).append(word)
    if not by_stem:
        raise StalkscreenError(
            f"--text '{text}' has no words that are searched (one-letter and common words are skipped)",
            hint='use distinctive words, e.g. --text "followed home"',
        )
    if len(by_stem) > MAX_TEXT_STEMS:
        raise StalkscreenError(f"--text has {len(by_stem)} different words; at most {MAX_TEXT_STEMS} are searched",
                               hint="keep the words that tell the narratives apart")
    stems = sorted(by_stem)
    rows = con.execute(
        "SELECT word_id, stem FROM search_words WHERE stem IN (SELECT unnest(?::VARCHAR[])) ORDER BY word_id",
        [stems],
    ).fetchall()
    return {s: by_stem[s] for s in stems}, [r[0] for r in rows], [stems.index(r[1]) for r in rows]


def _idf(con: duckdb.DuckDBPyConnection, word_ids: list[int], stem_numbers: list[int]) -> list[float]:
    """BM25 idf of each word's stem: a stem's document frequency is the sum over its forms
    (capped at the number of documents), counted from the word_id-ordered postings."""
    in_list = ", ".join("?" * len(word_ids))
    df = dict(con.execute(
        f"SELECT word_id, count(*) FROM search_postings WHERE word_id IN ({in_list}) GROUP BY word_id", word_ids
    ).fetchall())
    n = con.execute("SELECT count(*) FROM search_documents").fetchone()[0]
    stem_df: dict[int, int] = {}
    for word_id, stem_no in zip(word_ids, stem_numbers):
        stem_df[stem_no] = stem_df.get(stem_no, 0) + df.get(word_id, 0)
    return [math.log((n - min(stem_df[s], n) + 0.5) / (min(stem_df[s], n) + 0.5) + 1) for s in stem_numbers]


def _text_scores_sql(word_ids: list[int], stem_numbers: list[int], idf: list[float], top: int | None) -> tuple[str, list]:
    """BM25 summed over the query's indexed word forms, each with its stem's idf: one pass over
    the postings and one group-by (grouping by stem first tripled the time, measured)."""
    # A constant IN list lets DuckDB skip row groups: postings are stored in word_id order.
    in_list = ", ".join("?" * len(word_ids))
    top_sql = "ORDER BY score DESC, p.doc_id LIMIT ?" if top else ""
    sql = f"""
        SELECT p.doc_id,
               sum(t.idf * p.tf * ({BM25_K1} + 1)
                   / (p.tf + {BM25_K1} * (1 - {BM25_B} + {BM25_B} * p.length / c.avgdl))) AS score,
               bit_or(1::BIGINT << t.stem_no) AS stem_mask
        FROM search_postings p
        JOIN (SELECT unnest(?::INTEGER[]) AS word_id, unnest(?::INTEGER[]) AS stem_no,
                     unnest(?::DOUBLE[]) AS idf) t USING (word_id)
        CROSS JOIN (SELECT greatest(avg(length), 1) AS avgdl FROM search_documents) c
        WHERE p.word_id IN ({in_list})
        GROUP BY p.doc_id {top_sql}"""
    return sql, [word_ids, stem_numbers, idf, *word_ids] + ([top] if top else [])


def _text_cte(con: duckdb.DuckDBPyConnection, word_ids: list[int], stem_numbers: list[int], top: int | None) -> tuple[str, list]:
    idf = _idf(con, word_ids, stem_numbers)
    scores_sql, params = _text_scores_sql(word_ids, stem_numbers, idf, top)
    if top:
        # Text alone: rank first, then look up only the top documents' crimes (a join of the
        # ranked set with the million-row documents table cost more than the ranking).
        doc_ids, scores, masks = con.execute(
            f"SELECT list(doc_id), list(score), list(stem_mask) FROM ({scores_sql})", params).fetchone()
        scores_sql = "SELECT unnest(?::INTEGER[]) AS doc_id, unnest(?::DOUBLE[]) AS score, unnest(?::BIGINT[]) AS stem_mask"
        params = [doc_ids or [], scores or [], masks or []]
    sql = f"""
    text_scores AS ({scores_sql}),
    text_match AS (
        SELECT d.crime_id, s.score, s.stem_mask
        FROM search_documents d JOIN text_scores s USING (doc_id)
        WHERE d.doc_id IN (SELECT doc_id FROM text_scores))"""
    return sql, params


def _offence_filter(codes: list[str], role: str) -> tuple[str, list]:
    # An IN list of parameters is a constant filter DuckDB pushes under the view's joins (a list
    # unnested in a subquery was not: 150 ms against 50 ms on a million offences).
    role_sql = "AND role = ?" if role != "any" else ""
    return (f"offence_code IN ({', '.join('?' * len(codes))}) {role_sql}",
            [*codes] + ([role] if role != "any" else []))


def _offence_cte(codes: list[str], role: str) -> tuple[str, list]:
    """offence_match: the crimes with a matching offence (source offences with accepted screening
    reclassifications); the offences themselves are looked up for the hits alone (`_matched_offences`):
    listing them for every match cost more than the search (a common code matches 300,000 crimes)."""
    where, params = _offence_filter(codes, role)
    return f"""
    offence_match AS (SELECT DISTINCT crime_id FROM offences_effective WHERE {where})""", params


def _matched_offences(con: duckdb.DuckDBPyConnection, crime_ids: list[str], codes: list[str], role: str) -> dict:
    where, params = _offence_filter(codes, role)
    return dict(con.execute(f"""
        SELECT crime_id, list({{'offence_code': offence_code, 'offence': offence, 'role': role}}
                              ORDER BY role = 'included', offence_code)
        FROM offences_effective
        WHERE crime_id IN (SELECT unnest(?::VARCHAR[])) AND {where}
        GROUP BY crime_id""", [crime_ids, *params]).fetchall())


def _normalised_names(con: duckdb.DuckDBPyConnection, name: str) -> tuple[str, str]:
    """(surname, forename) of a searched name, normalised as the stored names are."""
    parts = name.split()
    forename, surname = (parts[0], " ".join(parts[1:])) if len(parts) > 1 else ("", parts[0])
    return con.execute(f"SELECT {_name_sql('?')}, {_name_sql('?')}", [surname, forename]).fetchone()


def _person_cte(names: tuple[str, str], person_role: str | None, crime_ids: list[str] | None = None) -> tuple[str, list]:
    """person_match: the crimes with a matching person record; with crime_ids, only those
    crimes, each with the records that matched and how (worked out for the hits alone: a
    common surname can match a tenth of a million crimes)."""
    surname, forename = names
    if not surname:
        raise StalkscreenError("--person has no letters to match", hint='give a surname or a full name, e.g. --person "Jane Smith"')
    params: list = []
    filters = ""
    if person_role:
        filters += " AND p.role = ?"
        params.append(person_role)
    if crime_ids is not None:
        filters += " AND p.crime_id IN (SELECT unnest(?::VARCHAR[]))"
        params.append(crime_ids)
    surname_sql, surname_params = _close("s", surname)
    forename_sql, forename_params = _close("f", forename) if forename else ("true", [])
    how_params = [surname, surname] + ([forename, forename] if forename else [])
    how = f"""concat_ws('; ',
                  'surname ' || CASE WHEN s = ? THEN 'equal' ELSE 'one edit from ' || ? END,
                  {"'forename ' || CASE WHEN f = ? THEN 'equal' ELSE 'one edit from ' || ? END" if forename else "NULL"})
              || ' (ignoring case, accents and punctuation)'"""
    details = f"""list({{'person_record_id': person_record_id, 'role': role,
                          'name': trim(concat_ws(' ', forename, surname)), 'how': {how}}}
                        ORDER BY person_record_id) AS persons"""
    sql = f"""
    person_candidates AS (
        SELECT p.person_record_id, p.crime_id, p.role, p.forename, p.surname,
               {_name_sql('p.surname')} AS s, {_name_sql('p.forename')} AS f
        FROM person_records p
        WHERE true {filters}),
    person_match AS (
        SELECT crime_id{", " + details if crime_ids is not None else ""}
        FROM person_candidates
        WHERE {surname_sql} AND {forename_sql}
        GROUP BY crime_id)"""
    return sql, params + (how_params if crime_ids is not None else []) + surname_params + forename_params


def search(con: duckdb.DuckDBPyConnection, query: Query, catalogue: Catalogue) -> list[dict]:
    """The crimes matching every part of the query, best text score first, then most recent."""
    validate(query)
    ctes: list[str] = []
    params: list = []
    joins: list[str] = []

    def part(cte: tuple[str, list], name: str) -> None:
        ctes.append(cte[0])
        params.extend(cte[1])
        joins.append(f"JOIN {name} USING (crime_id)")

    offence_description, codes = None, []
    words_by_stem: dict[str, list[str]] = {}
    if query.offence:
        offence_description, codes = catalogue.resolve(query.offence)
        part(_offence_cte(codes, query.role), "offence_match om")
    if query.text:
        load_stemmer(con)
        words_by_stem, word_ids, stems = _text_words(con, query.text)
        if not word_ids:
            return []
        only_text = not any([query.offence, query.person, query.date_from, query.date_to, query.force])
        part(_text_cte(con, word_ids, stems, query.limit if only_text else None), "text_match tm")
    if query.person:
        person_names = _normalised_names(con, query.person.strip())
        part(_person_cte(person_names, query.person_role), "person_match pm")

    where = ["true"]
    for condition, value in (("c.recorded_at >= ?", query.date_from),
                             ("c.recorded_at < ?", query.date_to and query.date_to + dt.timedelta(days=1)),
                             ("lower(c.force) = lower(?)", query.force and query.force.strip())):
        if value:
            where.append(condition)
            params.append(value)
    params.append(query.limit)
    sql = f"""
    {"WITH " + ",".join(ctes) if ctes else ""}
    SELECT c.crime_id, c.recorded_at, c.offence_code, c.offence, c.record_type, c.force,
           NULL AS offences,
           {"tm.score, tm.stem_mask" if query.text else "NULL AS score, NULL AS stem_mask"},
           NULL AS persons
    FROM crimes c {" ".join(joins)}
    WHERE {" AND ".join(where)}
    ORDER BY {"tm.score DESC, " if query.text else ""}c.recorded_at DESC, c.crime_id
    LIMIT ?"""
    cursor = con.execute(sql, params)
    names = [d[0] for d in cursor.description]
    rows = [dict(zip(names, row)) for row in cursor.fetchall()]
    if query.offence and rows:
        offences = _matched_offences(con, [r["crime_id"] for r in rows], codes, query.role)
        for row in rows:
            row["offences"] = offences[row["crime_id"]]
    if query.person and rows:
        cte, person_params = _person_cte(person_names, query.person_role, [r["crime_id"] for r in rows])
        persons = dict(con.execute(f"WITH {cte} SELECT crime_id, persons FROM person_match", person_params).fetchall())
        for row in rows:
            row["persons"] = persons[row["crime_id"]]
    return [_hit(row, offence_description, words_by_stem) for row in rows]


def _hit(row: dict, offence_description: str | None, words_by_stem: dict[str, list[str]]) -> dict:
    matched: dict = {}
    if row["offences"] is not None:
        matched["offence"] = {"term": offence_description, "offences": row["offences"]}
    if row["score"] is not None:
        stems = [stem for bit, stem in enumerate(words_by_stem) if row["stem_mask"] >> bit & 1]
        words = sorted(w for stem in stems for w in words_by_stem[stem])
        matched["text"] = {"words": words, "stems": stems, "score": round(row["score"], 4)}
    if row["persons"] is not None:
        matched["person"] = row["persons"]
    return {
        "crime_id": row["crime_id"],
        "recorded_at": row["recorded_at"],
        "offence_code": row["offence_code"],
        "offence": row["offence"],
        "record_type": row["record_type"],
        "force": row["force"],
        "score": None if row["score"] is None else round(row["score"], 4),
        "matched": matched,
    }


def index_lag(con: duckdb.DuckDBPyConnection) -> bool:
    """True when the narrative index looks behind the crimes (a cheap check, not a proof)."""
    return bool(con.execute("""
        SELECT (SELECT count(*) FROM crimes) <> (SELECT count(*) FROM search_documents)
            OR (SELECT max(ingest_run_id) FROM crimes) IS DISTINCT FROM (SELECT max(ingest_run_id) FROM search_documents)
    """).fetchone()[0])
