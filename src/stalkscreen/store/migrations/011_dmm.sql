-- The daily management meeting (DMM) lists produced (recommendation 12.4) and the recorded
-- allocation of cases to teams (recommendation 17.1). Written by the dmm and allocation stages only.

-- One row per meeting day a list was produced for: re-producing a day's list replaces its row
-- (and its items), so `produced_on` stays unique. oversight/measures.py `dmm_lists` counts these days.
CREATE TABLE dmm_lists (
    produced_on       DATE NOT NULL,          -- the meeting day
    window_start      TIMESTAMP NOT NULL,     -- the look-back: from the previous meeting day's start
    window_end        TIMESTAMP NOT NULL,     -- to the meeting day's start (exclusive)
    new_high_risk     INTEGER NOT NULL,       -- lines per section
    breaches          INTEGER NOT NULL,
    new_flags         INTEGER NOT NULL,
    high_harm         INTEGER,                -- NULL: the section was not available (no harm run)
    overdue           INTEGER NOT NULL,
    total             INTEGER NOT NULL,
    notes             VARCHAR[] NOT NULL,     -- what the store could not give (a stage not run)
    versions          JSON NOT NULL,          -- the rules, catalogue and runs the list was made from
    rules_version     VARCHAR NOT NULL,       -- reference/dmm.yaml
    produced_at       TIMESTAMP NOT NULL
);

-- The lines of each list as produced, so a past meeting's agenda can be shown as it was.
CREATE TABLE dmm_list_items (
    produced_on       DATE NOT NULL,
    section           VARCHAR NOT NULL,       -- new_high_risk | breaches | new_flags | high_harm | overdue
    position          INTEGER NOT NULL,       -- order within the section, from 1
    crime_id          VARCHAR,
    subject           VARCHAR,                -- a person record, an order's subject, a harm subject
    reason            VARCHAR NOT NULL,
    since             TIMESTAMP,
    open_command      VARCHAR
);

-- A team recorded for a case with `stalkscreen allocation set`, beside the `allocated` case
-- events an export brings (whose detail names the team). The latest of the two stands.
CREATE TABLE case_allocations (
    crime_id          VARCHAR NOT NULL,
    team              VARCHAR NOT NULL,       -- a team of reference/allocation.yaml (its id)
    reason            VARCHAR NOT NULL,
    "by"              VARCHAR NOT NULL,
    "at"              TIMESTAMP NOT NULL,
    suggested_team    VARCHAR,                -- what the policy suggested when it was recorded
    policy_version    VARCHAR NOT NULL
);

-- Every team recorded for each case, from both sources, newest last.
CREATE VIEW case_team_records AS
SELECT crime_id, detail AS team, "at", "by", CAST(NULL AS VARCHAR) AS reason, 'case_events' AS source
FROM case_events WHERE event = 'allocated'
UNION ALL
SELECT crime_id, team, "at", "by", reason, 'case_allocations' AS source FROM case_allocations;
