"""The harm computation as set-based SQL over temp tables, one step per statement.

Every step reads the one-row table `harm_params` (the specification and the as-of day, bound as
parameters by run.py) and `harm_index` (days and uplift per offence code), so no value from a
file or a user is formatted into SQL. The formula is in docs/harm.md."""

from __future__ import annotations

# Crimes and incidents of the configured types recorded on or before as_of, within the wider of the
# score window and the serial window; age_days counts whole days back from as_of.
WINDOW = """
CREATE OR REPLACE TEMP TABLE harm_window AS
SELECT c.crime_id, c.record_type, c.recorded_at, c.offence_code AS principal_code,
       coalesce(c.domestic_abuse, false) AS domestic_abuse,
       date_diff('day', CAST(c.recorded_at AS DATE), k.as_of) AS age_days
FROM crimes c, harm_params k
WHERE list_contains(k.record_types, c.record_type)
  AND CAST(c.recorded_at AS DATE) <= k.as_of
  AND date_diff('day', CAST(c.recorded_at AS DATE), k.as_of) < greatest(k.window_days, k.serial_window_days)"""

# Linked people on those records, as suspect and as victim.
PERSON_CRIMES = """
CREATE OR REPLACE TEMP TABLE harm_person_crimes AS
SELECT DISTINCT p.person_id, r.crime_id, r.role
FROM person_records r JOIN people p USING (person_record_id)
WHERE r.role IN ('suspect', 'victim') AND r.crime_id IN (SELECT crime_id FROM harm_window)"""

# One row per scored crime: the gravest of its offences (principal or included, after accepted
# reclassifications) sets its gravity; an incident counts at incident_days.
CRIMES = """
CREATE OR REPLACE TEMP TABLE harm_crimes AS
WITH scoped AS (
    SELECT w.* FROM harm_window w, harm_params k
    WHERE w.age_days < k.window_days
      AND w.crime_id IN (SELECT crime_id FROM harm_person_crimes WHERE role = 'suspect')),
candidates AS (
    SELECT s.crime_id, o.offence_code, i.cchi_days, coalesce(i.uplift, 1.0) AS uplift,
           coalesce(i.cchi_days, k.default_days) * coalesce(i.uplift, 1.0) AS gravity_days,
           CASE WHEN i.cchi_days IS NULL THEN 'default' WHEN i.estimate THEN 'estimate' ELSE 'index' END
               AS gravity_basis,
           o.role
    FROM scoped s JOIN offences_effective o USING (crime_id) LEFT JOIN harm_index i USING (offence_code),
         harm_params k),
gravest AS (
    SELECT * FROM candidates
    QUALIFY row_number() OVER (PARTITION BY crime_id
                               ORDER BY gravity_days DESC, role = 'principal' DESC, offence_code) = 1)
SELECT s.crime_id, s.record_type, s.recorded_at, s.age_days,
       coalesce(g.offence_code, s.principal_code) AS offence_code,
       CASE WHEN s.record_type = 'incident' THEN NULL ELSE g.cchi_days END AS cchi_days,
       CASE WHEN s.record_type = 'incident' OR g.uplift IS NULL THEN 1.0 ELSE g.uplift END AS uplift,
       CASE WHEN s.record_type = 'incident' THEN k.incident_days
            ELSE coalesce(g.gravity_days, k.default_days) END AS gravity_days,
       CASE WHEN s.record_type = 'incident' THEN 'incident' ELSE coalesce(g.gravity_basis, 'default') END
           AS gravity_basis,
       pow(0.5, s.age_days / k.half_life_days) AS weight_recency,
       s.age_days < k.frequency_window_days AS in_frequency_window
FROM scoped s LEFT JOIN gravest g USING (crime_id), harm_params k"""

# The crimes of each subject: a person's crimes as suspect; a dyad's crimes (as the link stage
# lists them) that are scored. victim_person_id is set for dyads only.
SUBJECT_CRIMES = """
CREATE OR REPLACE TEMP TABLE harm_subject_crimes AS
SELECT 'person' AS subject_kind, person_id AS subject_id, person_id AS suspect_person_id,
       NULL::VARCHAR AS victim_person_id, crime_id
FROM harm_person_crimes WHERE role = 'suspect' AND crime_id IN (SELECT crime_id FROM harm_crimes)
UNION ALL
SELECT 'dyad', dyad_id, suspect_person_id, victim_person_id, crime_id
FROM (SELECT dyad_id, suspect_person_id, victim_person_id, unnest(crime_ids) AS crime_id FROM dyads)
WHERE crime_id IN (SELECT crime_id FROM harm_crimes)"""

# MATAC: a suspect on more than one record, against two or more different victims (not the
# suspect), within the serial window; optionally domestic abuse records only, as MATAC counts them.
SERIAL = """
CREATE OR REPLACE TEMP TABLE harm_serial AS
SELECT s.person_id AS suspect_person_id, count(DISTINCT v.person_id) AS serial_victims,
       count(DISTINCT s.crime_id) AS serial_records
FROM harm_person_crimes s
JOIN harm_person_crimes v ON v.crime_id = s.crime_id AND v.role = 'victim' AND v.person_id <> s.person_id
JOIN harm_window w ON w.crime_id = s.crime_id, harm_params k
WHERE s.role = 'suspect' AND w.age_days < k.serial_window_days
  AND (w.domestic_abuse OR NOT k.serial_domestic_abuse_only)
GROUP BY s.person_id"""

# One row per subject: the four components and the score (docs/harm.md), ranked per kind.
SCORES = """
CREATE OR REPLACE TEMP TABLE harm_new_scores AS
WITH sums AS (
    SELECT s.subject_kind, s.subject_id, any_value(s.suspect_person_id) AS suspect_person_id,
           any_value(s.victim_person_id) AS victim_person_id, count(*) AS crimes,
           sum(h.gravity_days) AS gravity, sum(h.gravity_days * h.weight_recency) AS weighted,
           max(h.weight_recency) AS latest_weight, count(*) FILTER (WHERE h.in_frequency_window) AS frequency,
           max(h.recorded_at) AS last_crime_at
    FROM harm_subject_crimes s JOIN harm_crimes h USING (crime_id)
    GROUP BY s.subject_kind, s.subject_id),
per_victim AS (
    SELECT s.subject_kind, s.subject_id, v.person_id AS victim, count(DISTINCT s.crime_id) AS crimes
    FROM harm_subject_crimes s
    JOIN harm_person_crimes v ON v.crime_id = s.crime_id AND v.role = 'victim'
    WHERE v.person_id <> s.suspect_person_id AND (s.victim_person_id IS NULL OR v.person_id = s.victim_person_id)
    GROUP BY ALL),
victims AS (
    SELECT subject_kind, subject_id, count(*) AS victims, count(*) FILTER (WHERE crimes >= 2) AS repeat_victims
    FROM per_victim GROUP BY ALL),
factors AS (
    SELECT m.*, coalesce(v.victims, 0) AS victims, coalesce(v.repeat_victims, 0) AS repeat_victims,
           CASE WHEN m.gravity > 0 THEN m.weighted / m.gravity ELSE m.latest_weight END AS recency,
           1 + k.frequency_weight * ln(1 + m.frequency) AS frequency_factor,
           1 + k.victim_weight * ln(greatest(coalesce(v.victims, 0), 1))
             + k.repeat_weight * ln(1 + coalesce(v.repeat_victims, 0)) AS victimisation,
           coalesce(z.serial_victims, 0) AS serial_victims, coalesce(z.serial_records, 0) AS serial_records
    FROM sums m LEFT JOIN victims v USING (subject_kind, subject_id)
    LEFT JOIN harm_serial z USING (suspect_person_id), harm_params k)
SELECT f.subject_kind, f.subject_id, f.suspect_person_id, f.victim_person_id,
       row_number() OVER (PARTITION BY f.subject_kind
                          ORDER BY f.weighted * f.frequency_factor * f.victimisation DESC,
                                   f.last_crime_at DESC, f.subject_id) AS rank,
       f.weighted * f.frequency_factor * f.victimisation AS score,
       f.recency, f.frequency, f.frequency_factor, f.gravity, f.victimisation, f.victims, f.repeat_victims,
       f.crimes, f.serial_victims >= k.serial_min_victims AND f.serial_records >= 2 AS serial, f.serial_victims, f.last_crime_at
FROM factors f, harm_params k"""

STEPS = [("window", WINDOW), ("people on records", PERSON_CRIMES), ("crime gravity", CRIMES),
         ("subjects' crimes", SUBJECT_CRIMES), ("serial perpetrators", SERIAL), ("scores", SCORES)]

# Written in the run's transaction; the first ? is the run id, then as_of, versions, time.
INSERT_SCORES = """
INSERT INTO harm_scores
SELECT ?, subject_kind, subject_id, suspect_person_id, victim_person_id, rank, score, recency, frequency,
       frequency_factor, gravity, victimisation, victims, repeat_victims, crimes, serial, serial_victims,
       last_crime_at, ?, ?, ?, ?
FROM harm_new_scores"""

INSERT_CRIMES = """
INSERT INTO harm_score_crimes
SELECT ?, s.subject_kind, s.subject_id, h.crime_id, h.record_type, h.offence_code, h.recorded_at, h.age_days,
       h.cchi_days, h.uplift, h.gravity_days, h.gravity_basis, h.weight_recency, h.in_frequency_window,
       h.gravity_days * h.weight_recency * n.frequency_factor * n.victimisation
FROM harm_subject_crimes s JOIN harm_crimes h USING (crime_id)
JOIN harm_new_scores n USING (subject_kind, subject_id)"""

DROP = ["harm_window", "harm_person_crimes", "harm_crimes", "harm_subject_crimes", "harm_serial",
        "harm_new_scores", "harm_params", "harm_index"]
