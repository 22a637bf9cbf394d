-- The action-plan tracker (stalkscreen plans): published plans as dated versions.
-- One row in `plans` per imported version; a force's progress over time is its versions in
-- as_of order. Importing again for the same force and as_of replaces that version.

CREATE SEQUENCE plan_id_seq START 1;

CREATE TABLE plans (
    plan_id         BIGINT NOT NULL,           -- key
    force           VARCHAR NOT NULL,          -- as given to `plans import --force`
    as_of           DATE NOT NULL,             -- the date this version describes; key: (lower(force), as_of)
    source_file     VARCHAR NOT NULL,
    source_sha256   VARCHAR NOT NULL,          -- sha256 of the file's bytes
    layout          VARCHAR NOT NULL,          -- key_value | flattened_table | pipe_table | numbered_lines
    parser_version  VARCHAR NOT NULL,
    imported_at     TIMESTAMP NOT NULL,
    lines_read      INTEGER NOT NULL,
    boilerplate_lines INTEGER NOT NULL,        -- website text skipped (cookie banners, "Quickly exit this site")
    unparsed_lines  INTEGER NOT NULL,          -- lines kept in plan_notes as unparsed text
    metadata        JSON,                      -- plan-level "Field: value" lines before the first heading
    stopped_at_line INTEGER,                   -- where a page that looks cut off ends; NULL if it looks whole
    stopped_reason  VARCHAR
);

CREATE TABLE plan_recommendations (
    plan_id         BIGINT NOT NULL,
    recommendation  VARCHAR NOT NULL,          -- "7.1"; key: (plan_id, recommendation)
    position        INTEGER NOT NULL,          -- order in the plan, from 1
    heading         VARCHAR,                   -- the heading it sits under, as written
    heading_position INTEGER,                  -- the heading's order in the plan, from 1
    deadline        DATE,                      -- from the heading's "By <date>" (or a deadline column)
    deadline_text   VARCHAR,
    recommendation_text VARCHAR,               -- the recommendation's own words, where the plan repeats them
    evidence_requirement VARCHAR,
    owner           VARCHAR,
    force_update    VARCHAR,
    action          VARCHAR,
    status          VARCHAR NOT NULL,          -- complete | in_progress | not_started | unknown
    progress_percent INTEGER,                  -- only where the plan gives one ("In progress 50%")
    status_text     VARCHAR,                   -- the status as written
    update_date     DATE,                      -- "Nov-24" is stored as 2024-11-01, with the text beside it
    update_date_text VARCHAR,
    supporting_documents VARCHAR,
    line_from       INTEGER NOT NULL,
    line_to         INTEGER NOT NULL
);

-- What the parser could not place (kind 'unparsed', with the text) or wants a reader to check
-- (kind 'warning'), by line of the source file.
CREATE TABLE plan_notes (
    plan_id         BIGINT NOT NULL,
    line            INTEGER NOT NULL,
    kind            VARCHAR NOT NULL,          -- unparsed | warning
    message         VARCHAR NOT NULL,
    text            VARCHAR
);
