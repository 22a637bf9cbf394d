-- The canonical tables of DESIGN.md: the contract between stages.
-- ingest_run_id records which load wrote the current version of a row.
-- Keys (marked "key:") are kept unique by ingest, which checks duplicates within a file and
-- upserts by key; they are not declared PRIMARY KEY because DuckDB's ART indexes made a
-- 1M-crime load several times slower (benchmarks/ingest_1m.py) and gave nothing ingest needs.

CREATE TABLE crimes (
    crime_id        VARCHAR NOT NULL,       -- key
    force           VARCHAR,
    record_type     VARCHAR NOT NULL,          -- crime | incident
    recorded_at     TIMESTAMP NOT NULL,
    occurred_from   TIMESTAMP,
    occurred_to     TIMESTAMP,
    offence_code    VARCHAR NOT NULL,          -- the principal classification
    offence         VARCHAR NOT NULL,
    domestic_abuse  BOOLEAN,
    status          VARCHAR,
    outcome         VARCHAR,
    location        VARCHAR,
    postcode        VARCHAR,
    narrative       VARCHAR,
    ingest_run_id   BIGINT NOT NULL
);

CREATE TABLE offences (
    crime_id        VARCHAR NOT NULL,
    offence_code    VARCHAR NOT NULL,
    offence         VARCHAR NOT NULL,
    role            VARCHAR NOT NULL,          -- principal | included
    ingest_run_id   BIGINT NOT NULL
    -- key: (crime_id, offence_code, role)
);

CREATE TABLE person_records (
    person_record_id VARCHAR NOT NULL,       -- key
    crime_id        VARCHAR NOT NULL,
    role            VARCHAR NOT NULL,          -- victim | suspect | witness | reporter
    forename        VARCHAR,
    surname         VARCHAR,
    dob             DATE,
    sex             VARCHAR,
    address         VARCHAR,
    postcode        VARCHAR,
    phone           VARCHAR,
    email           VARCHAR,
    relationship    VARCHAR,                   -- suspect to victim
    ingest_run_id   BIGINT NOT NULL
);

CREATE TABLE orders (
    order_id        VARCHAR NOT NULL,       -- key
    order_type      VARCHAR NOT NULL,          -- SPO | interim_SPO | NMO | restraining_order | DVPO
    subject_person_record_id   VARCHAR NOT NULL,
    protected_person_record_id VARCHAR,
    applied_on      DATE,
    made_on         DATE,
    expires_on      DATE,
    status          VARCHAR,
    conditions      VARCHAR,
    ingest_run_id   BIGINT NOT NULL
);

CREATE TABLE order_events (
    order_id        VARCHAR NOT NULL,
    event           VARCHAR NOT NULL,
    "at"            TIMESTAMP NOT NULL,
    "by"            VARCHAR,
    detail          VARCHAR,
    ingest_run_id   BIGINT NOT NULL
    -- key: (order_id, event, "at")
);

CREATE TABLE risk_assessments (
    assessment_id   VARCHAR NOT NULL,       -- key
    crime_id        VARCHAR NOT NULL,
    person_record_id VARCHAR,
    instrument      VARCHAR NOT NULL,
    instrument_version VARCHAR,
    completed_at    TIMESTAMP NOT NULL,
    answers         JSON,
    level           VARCHAR,
    assessor        VARCHAR,
    ingest_run_id   BIGINT NOT NULL
);

CREATE TABLE victim_care_events (
    crime_id        VARCHAR NOT NULL,
    person_record_id VARCHAR NOT NULL,
    event           VARCHAR NOT NULL,
    "at"            TIMESTAMP NOT NULL,
    ingest_run_id   BIGINT NOT NULL
    -- key: (crime_id, person_record_id, event, "at")
);

CREATE TABLE case_events (
    crime_id        VARCHAR NOT NULL,
    event           VARCHAR NOT NULL,
    "at"            TIMESTAMP NOT NULL,
    "by"            VARCHAR,
    detail          VARCHAR,
    ingest_run_id   BIGINT NOT NULL
    -- key: (crime_id, event, "at")
);

-- Earlier versions of keyed rows, kept when a later load replaces them.
CREATE TABLE crimes_history AS SELECT *, CAST(NULL AS TIMESTAMP) AS superseded_at, CAST(NULL AS BIGINT) AS superseded_by_run FROM crimes WHERE false;
CREATE TABLE offences_history AS SELECT *, CAST(NULL AS TIMESTAMP) AS superseded_at, CAST(NULL AS BIGINT) AS superseded_by_run FROM offences WHERE false;
CREATE TABLE person_records_history AS SELECT *, CAST(NULL AS TIMESTAMP) AS superseded_at, CAST(NULL AS BIGINT) AS superseded_by_run FROM person_records WHERE false;
CREATE TABLE orders_history AS SELECT *, CAST(NULL AS TIMESTAMP) AS superseded_at, CAST(NULL AS BIGINT) AS superseded_by_run FROM orders WHERE false;
CREATE TABLE risk_assessments_history AS SELECT *, CAST(NULL AS TIMESTAMP) AS superseded_at, CAST(NULL AS BIGINT) AS superseded_by_run FROM risk_assessments WHERE false;
-- Events keyed on (what, when) can still change their "by" or "detail"; victim_care_events has no
-- non-key column, so it never has an earlier version.
CREATE TABLE order_events_history AS SELECT *, CAST(NULL AS TIMESTAMP) AS superseded_at, CAST(NULL AS BIGINT) AS superseded_by_run FROM order_events WHERE false;
CREATE TABLE case_events_history AS SELECT *, CAST(NULL AS TIMESTAMP) AS superseded_at, CAST(NULL AS BIGINT) AS superseded_by_run FROM case_events WHERE false;

CREATE SEQUENCE ingest_run_seq START 1;

-- One row per file per load: what was read, what was kept, and the file's content hash.
CREATE TABLE ingest_runs (
    run_id          BIGINT NOT NULL,
    file            VARCHAR NOT NULL,
    table_name      VARCHAR NOT NULL,
    content_hash    VARCHAR NOT NULL,          -- sha256 of the file's bytes
    mapping         VARCHAR,
    mapping_hash    VARCHAR,                   -- sha256 of the mapping file: same bytes + same mapping = skip
    started_at      TIMESTAMP NOT NULL,
    finished_at     TIMESTAMP,
    rows_read       BIGINT,
    rows_loaded     BIGINT,
    rows_quarantined BIGINT,
    rows_new        BIGINT,
    rows_changed    BIGINT,
    rows_unchanged  BIGINT,
    skipped_reason  VARCHAR
);

-- Rows refused at load, never dropped silently.
CREATE TABLE quarantine (
    run_id          BIGINT NOT NULL,
    file            VARCHAR NOT NULL,
    line            BIGINT,
    table_name      VARCHAR NOT NULL,
    raw             VARCHAR,
    reason          VARCHAR NOT NULL,
    quarantined_at  TIMESTAMP NOT NULL
);
