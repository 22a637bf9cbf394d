-- RFGV harm ranking (recommendation 12.3): one row per run, one score per person or dyad per run,
-- and the crimes behind each score with the weights they were given. Written by the harm stage
-- only, one run per transaction; the newest run is what `stalkscreen harm` and the DMM list read.
-- The formula is in docs/harm.md; the parameters of a run are kept whole in harm_runs.spec.

CREATE SEQUENCE harm_run_seq START 1;

CREATE TABLE harm_runs (
    harm_run_id       BIGINT NOT NULL,
    started_at        TIMESTAMP NOT NULL,
    computed_at       TIMESTAMP NOT NULL,
    as_of             DATE NOT NULL,          -- crimes recorded after this day are left out
    spec_version      VARCHAR NOT NULL,       -- reference/harm.yaml (+ a force's file)
    index_version     VARCHAR NOT NULL,       -- reference/crime_harm_index.csv (+ a force's file)
    offences_version  VARCHAR NOT NULL,
    spec              JSON NOT NULL,          -- every parameter and index value the run used
    link_run_seen     BIGINT,
    ingest_run_seen   BIGINT,
    crimes_scored     BIGINT NOT NULL,        -- distinct crimes and incidents in some score
    people            BIGINT NOT NULL,
    dyads             BIGINT NOT NULL,
    serial_people     BIGINT NOT NULL,
    default_gravity_crimes BIGINT NOT NULL,   -- crimes whose offences the index lacks (default days)
    unlinked_suspect_records BIGINT NOT NULL  -- suspect records not yet in `people`: not scored
);

-- score = gravity × recency × frequency_factor × victimisation (docs/harm.md).
-- subject_kind 'person': subject_id is people.person_id (a suspect); 'dyad': dyads.dyad_id.
CREATE TABLE harm_scores (
    harm_run_id       BIGINT NOT NULL,
    subject_kind      VARCHAR NOT NULL,       -- person | dyad
    subject_id        VARCHAR NOT NULL,
    suspect_person_id VARCHAR NOT NULL,
    victim_person_id  VARCHAR,                -- dyads only
    rank              INTEGER NOT NULL,       -- 1 = highest score, per subject_kind within the run
    score             DOUBLE NOT NULL,
    recency           DOUBLE NOT NULL,        -- harm-weighted mean recency weight, (0, 1]
    frequency         INTEGER NOT NULL,       -- crimes in the frequency window
    frequency_factor  DOUBLE NOT NULL,        -- 1 + weight × ln(1 + frequency)
    gravity           DOUBLE NOT NULL,        -- harm days of the crimes in the window (uplift applied)
    victimisation     DOUBLE NOT NULL,        -- 1 + victim_weight × ln(victims) + repeat_weight × ln(1 + repeat_victims)
    victims           INTEGER NOT NULL,
    repeat_victims    INTEGER NOT NULL,       -- victims on two or more of the crimes
    crimes            INTEGER NOT NULL,       -- crimes and incidents in the window
    serial            BOOLEAN NOT NULL,       -- MATAC: suspect on 2+ records against 2+ different victims within 3 years
    serial_victims    INTEGER NOT NULL,       -- distinct victims in the serial window (the suspect's)
    last_crime_at     TIMESTAMP NOT NULL,
    as_of             DATE NOT NULL,
    spec_version      VARCHAR NOT NULL,
    index_version     VARCHAR NOT NULL,
    computed_at       TIMESTAMP NOT NULL
);

-- One row per crime in a score: contribution = gravity_days × weight_recency × frequency_factor
-- × victimisation, so a subject's contributions add up to its score.
CREATE TABLE harm_score_crimes (
    harm_run_id       BIGINT NOT NULL,
    subject_kind      VARCHAR NOT NULL,
    subject_id        VARCHAR NOT NULL,
    crime_id          VARCHAR NOT NULL,
    record_type       VARCHAR NOT NULL,
    offence_code      VARCHAR,                -- the offence that set the gravity (the crime's gravest)
    recorded_at       TIMESTAMP NOT NULL,
    age_days          INTEGER NOT NULL,       -- as_of minus the day recorded
    cchi_days         DOUBLE,                 -- the index's days for offence_code (NULL: default or incident)
    uplift            DOUBLE NOT NULL,
    gravity_days      DOUBLE NOT NULL,
    gravity_basis     VARCHAR NOT NULL,       -- index | estimate | default | incident
    weight_recency    DOUBLE NOT NULL,        -- 0.5 ^ (age_days / half_life_days)
    in_frequency_window BOOLEAN NOT NULL,
    contribution      DOUBLE NOT NULL
);
