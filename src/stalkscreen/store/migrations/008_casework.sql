-- Casework: the samples drawn for audit (reality testing) and victim surveys, and the answers
-- auditors give. Written by the casework stage only. Order lifecycles, Victims' Code compliance and
-- case checks are computed from the canonical tables on demand (each result names the rules
-- version and the time it was computed), so nothing here repeats the source records.

CREATE SEQUENCE casework_sample_seq START 1;

-- One row per sample drawn: what it was drawn from and how, so it can be drawn again and checked.
CREATE TABLE casework_samples (
    sample_id         BIGINT NOT NULL,
    kind              VARCHAR NOT NULL,       -- audit | survey
    seed              BIGINT NOT NULL,
    requested         INTEGER NOT NULL,       -- --n
    drawn             INTEGER NOT NULL,       -- fewer when the population is smaller
    population        INTEGER NOT NULL,       -- crimes (audit) or victims (survey) eligible
    excluded          INTEGER NOT NULL,       -- survey: victims left out (declined contact, surveyed recently)
    date_from         DATE NOT NULL,
    date_to           DATE NOT NULL,
    rules_version     VARCHAR NOT NULL,       -- reference/casework.yaml
    drawn_at          TIMESTAMP NOT NULL,
    drawn_by          VARCHAR
);

-- The members of a sample, in draw order. person_record_id is the victim for a survey, NULL for
-- an audit; person_key is the linked person (people.person_id) when linkage has run, else the record.
CREATE TABLE casework_sample_members (
    sample_id         BIGINT NOT NULL,
    position          INTEGER NOT NULL,
    crime_id          VARCHAR NOT NULL,
    person_record_id  VARCHAR,
    person_key        VARCHAR
);

-- An auditor's answer to one checklist question for one sampled crime; the latest answer stands.
CREATE TABLE audit_answers (
    sample_id         BIGINT NOT NULL,
    crime_id          VARCHAR NOT NULL,
    question          VARCHAR NOT NULL,       -- an id from reference/casework.yaml audit_questions
    answer            VARCHAR NOT NULL,       -- yes | no | not_applicable
    note              VARCHAR,
    "by"              VARCHAR NOT NULL,
    "at"              TIMESTAMP NOT NULL,
    rules_version     VARCHAR NOT NULL
);
