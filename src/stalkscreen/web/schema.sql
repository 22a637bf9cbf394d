-- The web app's own file (users, sessions, audit log), kept apart from the store: see docs/web.md.
CREATE TABLE IF NOT EXISTS users (
    name          VARCHAR PRIMARY KEY,
    role          VARCHAR NOT NULL,
    password_hash VARCHAR NOT NULL,          -- argon2id, with its own salt and parameters
    active        BOOLEAN NOT NULL,
    created_at    TIMESTAMP NOT NULL,
    disabled_at   TIMESTAMP
);

CREATE TABLE IF NOT EXISTS sessions (
    token_hash    VARCHAR PRIMARY KEY,       -- sha256 of the cookie value; the value itself is never stored
    user_name     VARCHAR NOT NULL,
    csrf_token    VARCHAR NOT NULL,
    created_at    TIMESTAMP NOT NULL,
    expires_at    TIMESTAMP NOT NULL
);

-- Append-only: each entry carries the hash of the one before (`stalkscreen audit verify`).
CREATE TABLE IF NOT EXISTS audit_log (
    seq           BIGINT PRIMARY KEY,
    "at"          TIMESTAMP NOT NULL,
    user_name     VARCHAR,                   -- NULL: nobody signed in (a failed sign-in)
    role          VARCHAR,
    action        VARCHAR NOT NULL,          -- view | search | change | sign_in | sign_out | ...
    what          VARCHAR NOT NULL,          -- the page or record, e.g. /flags/CR1
    purpose       VARCHAR,                   -- where the page asks for one
    detail        VARCHAR NOT NULL,          -- JSON: the search fields, the decision, ...
    prev_hash     VARCHAR NOT NULL,
    hash          VARCHAR NOT NULL
);
