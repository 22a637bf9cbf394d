-- Risk: assessments recorded with `stalkscreen risk record`, each item's answer, and one view over
-- these and the assessments loaded from a force export. Written by the risk stage only.
-- risk_assessments stays ingest's table, unchanged: its history table copies it column for column,
-- so widening it would break that, and an export's next load would overwrite a recorded row.

-- One row per recorded assessment (key: assessment_id, never also an ingested assessment's id).
-- A recording is never replaced: the same content again is a no-op, different content is refused.
CREATE TABLE risk_records (
    assessment_id     VARCHAR NOT NULL,
    crime_id          VARCHAR NOT NULL,
    person_record_id  VARCHAR,                -- the victim assessed
    instrument        VARCHAR NOT NULL,       -- an instrument id of reference/risk_instruments.yaml
    instrument_version VARCHAR NOT NULL,
    completed_at      TIMESTAMP NOT NULL,
    assessor          VARCHAR NOT NULL,
    assessor_level    VARCHAR NOT NULL,       -- the graded judgement: standard | medium | high
    yes_count         INTEGER NOT NULL,
    no_count          INTEGER NOT NULL,
    not_known_count   INTEGER NOT NULL,
    suggested_level   VARCHAR,                -- by the instrument's rule; NULL where it has none (S-DASH)
    lower_than_suggested BOOLEAN NOT NULL,    -- the judgement is below the suggestion: flagged, not refused
    bank_version      VARCHAR NOT NULL,       -- the version of the instruments file it was checked against
    content_hash      VARCHAR NOT NULL,       -- sha256 of the assessment as recorded
    source_file       VARCHAR NOT NULL,
    recorded_at       TIMESTAMP NOT NULL
);

-- One row per item of a recorded assessment.
CREATE TABLE risk_answers (
    assessment_id     VARCHAR NOT NULL,
    item_id           VARCHAR NOT NULL,
    item_number       INTEGER NOT NULL,
    answer            VARCHAR NOT NULL,       -- yes | no | not_known
    comment           VARCHAR
);

-- Every assessment, ingested or recorded, as one list (answers stay JSON text for ingested ones).
CREATE VIEW risk_assessments_all AS
SELECT assessment_id, crime_id, person_record_id, instrument, instrument_version, completed_at, level, assessor,
       answers, 'ingested' AS origin
FROM risk_assessments
UNION ALL
SELECT r.assessment_id, r.crime_id, r.person_record_id, r.instrument, r.instrument_version, r.completed_at,
       r.assessor_level AS level, r.assessor,
       (SELECT CAST(json_group_object(a.item_id, a.answer) AS JSON) FROM risk_answers a
        WHERE a.assessment_id = r.assessment_id) AS answers,
       'recorded' AS origin
FROM risk_records r;
