-- Official statistics for the national picture of a problem profile (`stalkscreen national import`).
-- Every row keeps the import it came from; a later file replaces the years (recorded crime) or
-- mid-years (population) it covers, so importing a new release, or the same file again, never
-- counts anything twice.

CREATE SEQUENCE national_source_seq START 1;

-- Provenance: one row per imported file.
CREATE TABLE national_sources (
    source_id       BIGINT NOT NULL,           -- key
    kind            VARCHAR NOT NULL,          -- recorded_crime | population
    file_name       VARCHAR NOT NULL,
    sha256          VARCHAR NOT NULL,          -- of the file's bytes
    imported_at     TIMESTAMP NOT NULL,
    source_title    VARCHAR NOT NULL,
    sheets          VARCHAR,                   -- the sheets read, for an .ods
    rows            BIGINT NOT NULL,
    years           VARCHAR,                   -- the years this file holds (and replaced)
    not_available   BIGINT NOT NULL DEFAULT 0  -- counts published as "N/a" or similar, kept as NULL
);

-- Home Office police recorded crime, force (police force area) level.
CREATE TABLE national_recorded_crime (
    source_id           BIGINT NOT NULL,
    sheet               VARCHAR,
    line                BIGINT NOT NULL,
    financial_year      VARCHAR NOT NULL,      -- '2024/25'
    financial_quarter   INTEGER,               -- 1..4; NULL on a row summed to the year
    quarters            INTEGER,               -- quarters a row summed to the year covers, when stated
    force_name          VARCHAR NOT NULL,      -- the Home Office spelling
    force_key           VARCHAR NOT NULL,      -- lower case, '&' as 'and', punctuation as spaces: joins to ONS names
    offence_code        VARCHAR NOT NULL,      -- '8Q'
    offence_description VARCHAR,
    offence_group       VARCHAR,
    offence_subgroup    VARCHAR,
    offences            BIGINT                 -- NULL where the source says not available
);

-- ONS mid-year resident population of police force areas.
CREATE TABLE national_population (
    source_id       BIGINT NOT NULL,
    line            BIGINT NOT NULL,
    year            INTEGER NOT NULL,          -- mid-year: 2024 is mid-2024
    pfa_code        VARCHAR NOT NULL,
    pfa_name        VARCHAR NOT NULL,
    force_key       VARCHAR NOT NULL,
    population      BIGINT NOT NULL
);
