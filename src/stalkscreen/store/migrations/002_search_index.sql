-- The narrative search index (stalkscreen.search.index.update keeps it current after every load).
-- An inverted index in plain tables, so a load adds only its own crimes: words as written
-- (lower-cased, accents stripped) with their English stem, so that a search for "follow" also
-- finds "followed" and "following"; BM25 is computed at query time from these counts.

CREATE TABLE search_words (
    word_id         INTEGER NOT NULL,
    word            VARCHAR NOT NULL,
    stem            VARCHAR NOT NULL
);

-- One row per indexed version of a crime; a changed crime gets a new doc_id and its old
-- postings are deleted, so no stale word survives a replacement.
CREATE TABLE search_documents (
    doc_id          INTEGER NOT NULL,
    crime_id        VARCHAR NOT NULL,
    ingest_run_id   BIGINT NOT NULL,           -- the version of the crime that was indexed
    length          INTEGER NOT NULL,          -- indexed words in the narrative (BM25 length)
    index_version   VARCHAR NOT NULL,          -- tokeniser and stemmer that made the postings
    indexed_at      TIMESTAMP NOT NULL
);

-- word_id-ordered within each load, so a query reads only the row groups of its words.
CREATE TABLE search_postings (
    word_id         INTEGER NOT NULL,
    doc_id          INTEGER NOT NULL,
    tf              INTEGER NOT NULL,          -- times the word occurs in the narrative
    length          INTEGER NOT NULL           -- the document's length, copied to avoid a join
);
