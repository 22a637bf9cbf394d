"""The narrative search index: an inverted index in plain tables, brought up to date by `update`.

Ingest calls `update(con)` at the end of every load, inside its transaction. Only crimes whose
indexed version (crime_id, ingest_run_id) differs from the store are tokenised, so a load of
5,000 crimes on a store of a million costs a fraction of a second; DuckDB's fts extension
would rebuild the whole index instead (see benchmarks/search_1m.py).
"""

from __future__ import annotations

import os
import time
from importlib import util as import_util

import duckdb

from stalkscreen.errors import StalkscreenError

INDEX_VERSION = "words-2/english-snowball"
STEMMER = "english"

# Runs of anything but letters and spaces become a space, then the text is split on spaces:
# the same words as splitting on non-letters, at half the cost of a regex split (measured).
NON_LETTERS = r"[^\p{L} ]+"

# Not indexed: too common to tell narratives apart. Short words (one letter) are dropped too.
STOP_WORDS = sorted(set("""
a about above after again against all am an and any are as at be because been before being
below between both but by can could did do does doing down during each few for from further
had has have having he her here hers herself him himself his how i if in into is it its itself
just me more most my myself no nor not now of off on once only or other our ours ourselves out
over own same she should so some such than that the their theirs them themselves then there
these they this those through to too under until up very was we were what when where which
while who whom why will with would you your yours yourself yourselves
""".split()))


def normalised_sql(expression: str) -> str:
    """SQL for a text expression lower-cased, accents stripped, runs of non-letters as one space."""
    return f"regexp_replace(lower(strip_accents(coalesce({expression}, ''))), '{NON_LETTERS}', ' ', 'g')"


def words_sql(expression: str) -> str:
    """SQL for the list of words of a text expression. May hold empty strings and one-letter
    words; those are never indexed."""
    return f"string_split({normalised_sql(expression)}, ' ')"


def indexable(word: str) -> bool:
    return len(word) > 1 and word not in STOP_WORDS


def load_stemmer(con: duckdb.DuckDBPyConnection) -> None:
    """LOAD the fts extension shipped in the duckdb-extension-fts package (for stem())."""
    if con.execute("SELECT count(*) FROM duckdb_extensions() WHERE extension_name = 'fts' AND loaded").fetchone()[0]:
        return  # LOAD again costs ~40 ms a query
    spec = import_util.find_spec("duckdb_extension_fts")
    folder = os.path.dirname(spec.origin) if spec and spec.origin else None
    path = os.path.join(folder, "extensions", f"v{duckdb.__version__}", "fts.duckdb_extension") if folder else ""
    if not os.path.exists(path):
        raise StalkscreenError(
            f"the DuckDB fts extension for duckdb {duckdb.__version__} is not installed (looked for {path or 'duckdb_extension_fts'})",
            hint=f"pip install duckdb-extension-fts=={duckdb.__version__}",
        )
    con.execute(f"LOAD '{path.replace(chr(39), chr(39) * 2)}'")


# Seconds per step of the last update(), for the benchmark's breakdown.
last_timings: dict[str, float] = {}


def _step(con: duckdb.DuckDBPyConnection, name: str, sql: str, params: list | None = None):
    started = time.perf_counter()
    result = con.execute(sql, params or [])
    last_timings[name] = last_timings.get(name, 0.0) + time.perf_counter() - started
    return result


def update(con: duckdb.DuckDBPyConnection, full: bool = False) -> int:
    """Index crimes added or changed since the last update; drop the postings of the versions
    they replace. Runs inside the caller's transaction; re-running it does nothing. Returns the
    number of crimes (re)indexed.

    By default only crimes written by a load later than the newest indexed one are examined
    (ingest run ids only grow). full=True compares every crime with the index, which also
    catches crimes removed from the store; it costs about half a second more per million."""
    last_timings.clear()
    load_stemmer(con)
    try:
        return _update(con, full)
    finally:
        for table in ("_search_candidates", "_search_stale", "_search_batch", "_search_texts", "_search_batch_counts"):
            con.execute(f"DROP TABLE IF EXISTS temp.{table}")


def _update(con: duckdb.DuckDBPyConnection, full: bool) -> int:
    # Crimes to index: versions not in the index, or indexed by another tokeniser.
    if full:
        _step(con, "find changed", """
            CREATE OR REPLACE TEMP TABLE _search_candidates AS
            SELECT c.crime_id, c.ingest_run_id FROM crimes c
            ANTI JOIN (SELECT * FROM search_documents WHERE index_version = ?) d
                ON c.crime_id = d.crime_id AND c.ingest_run_id = d.ingest_run_id
        """, [INDEX_VERSION])
        removed = "UNION ALL SELECT d.doc_id FROM search_documents d ANTI JOIN crimes c USING (crime_id)"
    else:
        _step(con, "find changed", """
            CREATE OR REPLACE TEMP TABLE _search_candidates AS
            SELECT crime_id, ingest_run_id FROM crimes
            WHERE ingest_run_id > (SELECT coalesce(max(ingest_run_id), -1) FROM search_documents)
               OR crime_id IN (SELECT crime_id FROM search_documents WHERE index_version <> ?)
        """, [INDEX_VERSION])
        removed = ""
    # Their indexed versions are stale: the postings go, so no word of a replaced narrative survives.
    _step(con, "find stale", f"""
        CREATE OR REPLACE TEMP TABLE _search_stale AS
        SELECT d.doc_id FROM search_documents d SEMI JOIN temp._search_candidates USING (crime_id)
        {removed}
    """)
    if _step(con, "count stale", "SELECT count(*) FROM temp._search_stale").fetchone()[0]:
        _step(con, "delete stale postings", "DELETE FROM search_postings WHERE doc_id IN (SELECT doc_id FROM temp._search_stale)")
        _step(con, "delete stale documents", "DELETE FROM search_documents WHERE doc_id IN (SELECT doc_id FROM temp._search_stale)")

    # New versions: one document each, numbered after the last. Numbered on narrow rows (the
    # crime's rowid, not its narrative): a row_number() over the narratives is a one-thread window
    # that copies every narrative (measured).
    _step(con, "find new", """
        CREATE OR REPLACE TEMP TABLE _search_batch AS
        SELECT (SELECT coalesce(max(doc_id), 0) FROM search_documents) + row_number() OVER () AS doc_id,
               c.rowid AS crime_row, c.crime_id, c.ingest_run_id
        FROM crimes c SEMI JOIN temp._search_candidates s
            ON s.crime_id = c.crime_id AND s.ingest_run_id = c.ingest_run_id
    """)
    added = _step(con, "count new", "SELECT count(*) FROM temp._search_batch").fetchone()[0]
    if not added:
        return 0
    # Tables written in this transaction (crimes during a load, every temp table) are scanned by
    # one thread; read through a MATERIALIZED CTE, a cheap copy, the heavy work uses every thread
    # (half the time on two cores, measured). The narratives are normalised once, here.
    _step(con, "normalise", f"""
        CREATE OR REPLACE TEMP TABLE _search_texts AS
        WITH narratives AS MATERIALIZED (
            SELECT b.doc_id, c.narrative FROM crimes c JOIN temp._search_batch b ON b.crime_row = c.rowid)
        SELECT doc_id, {normalised_sql('narrative')} AS text FROM narratives
    """)
    texts = "WITH texts AS MATERIALIZED (SELECT doc_id, text FROM temp._search_texts)"
    tokens = "SELECT doc_id, unnest(string_split(text, ' ')) AS word FROM texts"
    _step(con, "new words", f"""
        INSERT INTO search_words
        {texts}
        SELECT (SELECT coalesce(max(word_id), 0) FROM search_words) + row_number() OVER (ORDER BY word),
               word, stem(word, '{STEMMER}')
        FROM (SELECT DISTINCT word FROM ({tokens})) AS fresh
        ANTI JOIN search_words USING (word)
        ANTI JOIN (SELECT unnest(?::VARCHAR[]) AS word) AS stop USING (word)
        WHERE length(word) > 1
    """, [STOP_WORDS])
    # Stop words and one-letter words are not in search_words, so the join leaves them out. Each
    # document's word ids are gathered in one list and counted there: a histogram per document,
    # whose list length is the document's length, costs less than grouping ~50M (doc, word)
    # pairs and then joining them to a table of lengths (measured).
    _step(con, "count words", f"""
        CREATE OR REPLACE TEMP TABLE _search_batch_counts AS
        {texts}
        SELECT doc_id, len(ids)::INTEGER AS length, map_keys(tf)::INTEGER[] AS word_ids, map_values(tf)::INTEGER[] AS tfs
        FROM (SELECT doc_id, ids, list_aggregate(ids, 'histogram') AS tf
              FROM (SELECT t.doc_id, list(w.word_id) AS ids FROM ({tokens}) t JOIN search_words w USING (word)
                    GROUP BY t.doc_id))
    """)
    _step(con, "postings", """
        INSERT INTO search_postings
        WITH counts AS MATERIALIZED (SELECT doc_id, length, word_ids, tfs FROM temp._search_batch_counts)
        SELECT word_id, doc_id, tf, length
        FROM (SELECT doc_id, length, unnest(word_ids) AS word_id, unnest(tfs) AS tf FROM counts)
        ORDER BY word_id
    """)
    _step(con, "documents", """
        INSERT INTO search_documents
        SELECT b.doc_id, b.crime_id, b.ingest_run_id, coalesce(l.length, 0), ?, current_localtimestamp()
        FROM temp._search_batch b LEFT JOIN temp._search_batch_counts l USING (doc_id)
    """, [INDEX_VERSION])
    return added
