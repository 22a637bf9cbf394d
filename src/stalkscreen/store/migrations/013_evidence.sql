-- Digital evidence (recommendations 18.1, 20.2-20.4): contact and location records extracted from
-- phones and accounts, attached to a crime. Written by the evidence stage only. Every source file
-- is hashed and recorded with who imported it and when (continuity of evidence); times are stored
-- in UTC, converted from the offset or the declared zone the file gave; nothing is overwritten.

CREATE SEQUENCE evidence_source_seq START 1;

-- One row per imported file.
CREATE TABLE evidence_sources (
    source_id               BIGINT NOT NULL,
    crime_id                VARCHAR NOT NULL,
    kind                    VARCHAR NOT NULL,   -- contacts | locations | places
    file                    VARCHAR NOT NULL,   -- the path as given
    content_hash            VARCHAR NOT NULL,   -- sha256 of the file's bytes
    mapping                 VARCHAR,            -- the column mapping file, if any
    mapping_hash            VARCHAR,
    owner_person_record_id  VARCHAR NOT NULL,   -- whose device or places: a person record on the crime
    device                  VARCHAR,            -- the extracted device's label, where the file gives none
    timezone                VARCHAR,            -- zone declared for times written without an offset
    imported_by             VARCHAR NOT NULL,
    imported_at             TIMESTAMP NOT NULL, -- UTC
    rows_read               BIGINT NOT NULL,
    rows_loaded             BIGINT NOT NULL,
    rows_duplicate          BIGINT NOT NULL,    -- already held from another extraction of the same device
    rows_quarantined        BIGINT NOT NULL
);

-- A contact (call, message, email, post) on the owner's device with another party.
-- Unique on (crime_id, owner_person_record_id, at_utc, direction, channel, party).
CREATE TABLE evidence_contacts (
    source_id               BIGINT NOT NULL,
    crime_id                VARCHAR NOT NULL,
    line                    BIGINT NOT NULL,
    owner_person_record_id  VARCHAR NOT NULL,
    device                  VARCHAR NOT NULL,
    at_utc                  TIMESTAMP NOT NULL,
    direction               VARCHAR NOT NULL,   -- incoming | outgoing
    channel                 VARCHAR NOT NULL,   -- call | sms | whatsapp | ... (reference list in evidence/values.py)
    party_raw               VARCHAR NOT NULL,   -- as written in the file
    party                   VARCHAR NOT NULL,   -- normalised: E.164 phone, lower-case email, channel:handle
    party_kind              VARCHAR NOT NULL,   -- phone | email | handle
    duration_s              INTEGER,
    content                 VARCHAR
);

-- A location fix of the owner's device.
-- Unique on (crime_id, device, at_utc, latitude, longitude, location_source).
CREATE TABLE evidence_locations (
    source_id               BIGINT NOT NULL,
    crime_id                VARCHAR NOT NULL,
    line                    BIGINT NOT NULL,
    owner_person_record_id  VARCHAR NOT NULL,
    device                  VARCHAR NOT NULL,
    at_utc                  TIMESTAMP NOT NULL,
    latitude                DOUBLE NOT NULL,
    longitude               DOUBLE NOT NULL,
    accuracy_m              DOUBLE,             -- radius of uncertainty; NULL when the source gives none
    location_source         VARCHAR NOT NULL    -- gps | cell | wifi
);

-- A known place of a person on the crime (the victim's home, work, school).
CREATE TABLE evidence_places (
    source_id               BIGINT NOT NULL,
    crime_id                VARCHAR NOT NULL,
    line                    BIGINT NOT NULL,
    owner_person_record_id  VARCHAR NOT NULL,
    place                   VARCHAR NOT NULL,   -- a label, e.g. 'home'
    place_kind              VARCHAR NOT NULL,   -- home | work | school | other
    latitude                DOUBLE NOT NULL,
    longitude               DOUBLE NOT NULL,
    radius_m                DOUBLE NOT NULL     -- the place's own extent (default 0)
);

-- Which person record a contact party is: matched on the normalised phone or email of a person
-- record anywhere in the store at import, or attributed by an investigator.
CREATE TABLE evidence_party_people (
    crime_id                VARCHAR NOT NULL,
    party                   VARCHAR NOT NULL,
    person_record_id        VARCHAR NOT NULL,
    matched_on              VARCHAR NOT NULL,   -- phone | email | attributed
    "by"                    VARCHAR NOT NULL,
    "at"                    TIMESTAMP NOT NULL,
    note                    VARCHAR
);

-- Rows refused at import, with the reason; never dropped silently.
CREATE TABLE evidence_quarantine (
    source_id               BIGINT NOT NULL,
    crime_id                VARCHAR NOT NULL,
    file                    VARCHAR NOT NULL,
    line                    BIGINT,
    raw                     VARCHAR,
    reason                  VARCHAR NOT NULL,
    quarantined_at          TIMESTAMP NOT NULL
);
