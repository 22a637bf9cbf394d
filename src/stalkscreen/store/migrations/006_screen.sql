-- Screening: one result per screened crime, the runs that made them, reviewers' decisions on
-- flags, and the reclassifications those decisions record on top of the source offences (which
-- are never changed). Written by the screen stage only.

CREATE SEQUENCE screen_run_seq START 1;
CREATE SEQUENCE flag_review_seq START 1;

CREATE TABLE screen_runs (
    run_id            BIGINT NOT NULL,
    started_at        TIMESTAMP NOT NULL,
    finished_at       TIMESTAMP,
    mode              VARCHAR NOT NULL,       -- full | incremental
    engine            VARCHAR NOT NULL,       -- duckdb | spark
    since             DATE,                   -- only crimes recorded from this date were screened
    rules_version     VARCHAR NOT NULL,
    rules_fingerprint VARCHAR NOT NULL,
    lexicon_version   VARCHAR NOT NULL,
    offences_version  VARCHAR NOT NULL,
    link_run_seen     BIGINT,
    crimes_in_scope   BIGINT,
    narratives_scanned BIGINT,                -- the rest reused their stored narrative evidence
    results_written   BIGINT,                 -- new or changed results (unchanged ones keep their run)
    results_removed   BIGINT,
    indicated         BIGINT,
    flagged           BIGINT                  -- indicated and not recorded as stalking
);

-- reasons: one entry per rule that fired, with its evidence: narrative spans (text, span_start,
-- span_end: 0-based character offsets, end exclusive) or linked crimes (crime_id, text = date and
-- offence), or a sentence (offence held, order breached, suggestion).
CREATE TABLE screening_results (
    crime_id          VARCHAR NOT NULL,
    indicated         BOOLEAN NOT NULL,
    score             DOUBLE NOT NULL,        -- 0-1, see reference/screening_rules.yaml
    priority          VARCHAR NOT NULL,       -- high | medium | low
    reasons           STRUCT(rule VARCHAR, rule_version VARCHAR, weight DOUBLE,
                             evidence STRUCT("text" VARCHAR, span_start INTEGER, span_end INTEGER,
                                             crime_id VARCHAR)[])[] NOT NULL,
    suggested_offence_code VARCHAR,
    suggested_role    VARCHAR,                -- principal | included
    dyad_id           VARCHAR,
    stalking_recorded VARCHAR,                -- principal | included | NULL: as the source records it
    narrative_score   DOUBLE NOT NULL,
    narrative_indicated BOOLEAN NOT NULL,     -- the narrative alone describes stalking (lexicon)
    evidence_items    VARCHAR[] NOT NULL,     -- 'rule:<id>' and 'crime:<linked crime id>': what a review saw
    crime_ingest_run_id BIGINT NOT NULL,      -- the crime's version screened; a newer one is rescanned
    narrative_key     VARCHAR NOT NULL,       -- lexicon fingerprint + span cap the narrative was scanned with
    result_hash       VARCHAR NOT NULL,       -- 64-bit hash of the above: with them, tells a re-run what changed
    rules_version     VARCHAR NOT NULL,
    lexicon_version   VARCHAR NOT NULL,
    screen_run_id     BIGINT NOT NULL,        -- the run that last changed the row
    screened_at       TIMESTAMP NOT NULL
);

CREATE TABLE flag_reviews (
    review_id         BIGINT NOT NULL,
    crime_id          VARCHAR NOT NULL,
    decision          VARCHAR NOT NULL,       -- accepted | rejected
    reason            VARCHAR NOT NULL,
    "by"              VARCHAR NOT NULL,
    "at"              TIMESTAMP NOT NULL,
    evidence_items    VARCHAR[] NOT NULL,     -- the flag's evidence when decided (its fingerprint)
    score             DOUBLE NOT NULL,
    screen_run_id     BIGINT NOT NULL
);

-- An accepted flag's reclassification, layered over the source offences.
CREATE TABLE classification_changes (
    crime_id          VARCHAR NOT NULL,
    offence_code      VARCHAR NOT NULL,
    offence           VARCHAR NOT NULL,
    role              VARCHAR NOT NULL,       -- principal | included
    from_review_id    BIGINT NOT NULL,
    "by"              VARCHAR NOT NULL,
    "at"              TIMESTAMP NOT NULL
);

-- The latest decision on each crime stands.
CREATE VIEW flag_decisions AS
SELECT * FROM flag_reviews
QUALIFY row_number() OVER (PARTITION BY crime_id ORDER BY "at" DESC, review_id DESC) = 1;

-- Source offences with accepted reclassifications applied: a change to `principal` replaces the
-- source principal (the crime is reclassified); a change to `included` is added beside it.
CREATE VIEW offences_effective AS
WITH accepted AS (
    SELECT c.* FROM classification_changes c JOIN flag_decisions d ON d.review_id = c.from_review_id
    WHERE d.decision = 'accepted')
SELECT o.crime_id, o.offence_code, o.offence, o.role, 'source' AS origin
FROM offences o
WHERE NOT (o.role = 'principal' AND o.crime_id IN (SELECT crime_id FROM accepted WHERE role = 'principal'))
  AND NOT EXISTS (SELECT 1 FROM accepted a WHERE a.crime_id = o.crime_id AND a.offence_code = o.offence_code)
UNION ALL
SELECT crime_id, offence_code, offence, role, 'review' AS origin FROM accepted;

-- Every indicated result with its review status: new (never decided, or rejected and since given
-- evidence the reviewer did not see: new_evidence lists it), accepted or rejected.
CREATE VIEW screening_flags AS
WITH compared AS (
    SELECT r.*, d.review_id, d.decision, d.reason AS review_reason, d."by" AS reviewed_by, d."at" AS reviewed_at,
           CASE WHEN d.decision = 'rejected'
                THEN list_filter(r.evidence_items, x -> NOT list_contains(d.evidence_items, x)) END AS unseen
    FROM screening_results r LEFT JOIN flag_decisions d USING (crime_id)
    WHERE r.indicated)
SELECT * EXCLUDE (unseen),
       CASE WHEN decision IS NULL OR len(unseen) > 0 THEN 'new' ELSE decision END AS status,
       CASE WHEN len(unseen) > 0 THEN unseen END AS new_evidence
FROM compared;
