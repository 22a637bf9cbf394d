-- Linkage: person records grouped into people, the scored pairs behind each group, clerical
-- decisions, and suspect-victim dyads. Written by the link stage only.

CREATE SEQUENCE link_run_seq START 1;
CREATE SEQUENCE link_model_seq START 1;

CREATE TABLE link_runs (
    run_id            BIGINT NOT NULL,
    started_at        TIMESTAMP NOT NULL,
    finished_at       TIMESTAMP,
    mode              VARCHAR NOT NULL,       -- full | incremental
    engine            VARCHAR NOT NULL,       -- duckdb | spark
    model_id          BIGINT,
    settings_version  VARCHAR NOT NULL,
    threshold         DOUBLE NOT NULL,
    ingest_run_seen   BIGINT,                 -- the newest ingest run whose person records were prepared
    records           BIGINT,
    records_scored    BIGINT,                 -- new or changed records scored in this run
    candidate_pairs   BIGINT,                 -- upper bound from the blocking rules
    pairs_kept        BIGINT,
    people            BIGINT,
    clusters_split    BIGINT,
    clusters_for_review BIGINT
);

-- The trained Splink model as JSON; the newest is used until `link --retrain`.
CREATE TABLE link_models (
    model_id          BIGINT NOT NULL,
    model_version     VARCHAR NOT NULL,
    settings_version  VARCHAR NOT NULL,
    created_at        TIMESTAMP NOT NULL,
    engine            VARCHAR NOT NULL,
    trained_on_records BIGINT NOT NULL,
    model_json        VARCHAR NOT NULL
);

-- One row per person record as prepared for comparison (link/prepare.py), so a later run
-- prepares and scores only what is new or changed (the fingerprint tells).
CREATE TABLE link_records (
    person_record_id  VARCHAR NOT NULL,
    fingerprint       VARCHAR NOT NULL,
    unusable_reason   VARCHAR,
    crime_id          VARCHAR,
    role              VARCHAR,
    forename_std      VARCHAR,
    surname_raw       VARCHAR,                -- hyphens kept, for double-barrelled names
    forename_sound    VARCHAR,
    surname_sound     VARCHAR,
    dob               DATE,
    postcode_std      VARCHAR,
    address_std       VARCHAR,
    phone_std         VARCHAR,
    email_std         VARCHAR,
    sex_std           VARCHAR,
    link_run_id       BIGINT NOT NULL
);

-- Scored pairs at or above the settings' keep_from probability (l < r).
CREATE TABLE link_pairs (
    person_record_id_l VARCHAR NOT NULL,
    person_record_id_r VARCHAR NOT NULL,
    match_weight      DOUBLE NOT NULL,
    match_probability DOUBLE NOT NULL,
    levels            TINYINT[],              -- comparison level (gamma) per comparison, model order,
    weights           FLOAT[],                -- and its match weight (term frequency included):
                                              -- kept for pairs in the settings' review band
    model_id          BIGINT NOT NULL,
    link_run_id       BIGINT NOT NULL
);

-- Clerical decisions on a pair; every later run respects them.
CREATE TABLE link_decisions (
    person_record_id_l VARCHAR NOT NULL,
    person_record_id_r VARCHAR NOT NULL,
    decision          VARCHAR NOT NULL,       -- same | different
    "by"              VARCHAR NOT NULL,
    why               VARCHAR NOT NULL,
    "at"              TIMESTAMP NOT NULL
);

-- person_id is the lowest person_record_id in the cluster, so it stays put as records join.
CREATE TABLE people (
    person_id         VARCHAR NOT NULL,
    person_record_id  VARCHAR NOT NULL,
    match_probability DOUBLE,                 -- the record's strongest link inside its cluster
    status            VARCHAR NOT NULL,       -- linked | single | unusable | review
    reason            VARCHAR,
    link_run_id       BIGINT NOT NULL
);

CREATE TABLE dyads (
    dyad_id           VARCHAR NOT NULL,
    suspect_person_id VARCHAR NOT NULL,
    victim_person_id  VARCHAR NOT NULL,
    crime_ids         VARCHAR[] NOT NULL,
    crimes            BIGINT NOT NULL,        -- records of type crime
    incidents         BIGINT NOT NULL,        -- records of type incident
    first_date        DATE,
    last_date         DATE,
    relationships     VARCHAR[],
    classifications   VARCHAR[],
    link_run_id       BIGINT NOT NULL
);
