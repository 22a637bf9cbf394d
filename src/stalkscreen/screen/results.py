"""From evidence rows to screening_results: reasons, score, priority, the recording suggestion,
the evidence fingerprint; written by difference so an unchanged result keeps its run."""

from __future__ import annotations

import duckdb
import pyarrow as pa

from stalkscreen.screen.rules import RulePack

CONTENT = ("indicated", "score", "priority", "reasons", "suggested_offence_code", "suggested_role", "dyad_id",
           "stalking_recorded", "narrative_score", "narrative_indicated", "evidence_items", "crime_ingest_run_id",
           "narrative_key", "rules_version", "lexicon_version", "structure_hash")


def _weights(con: duckdb.DuckDBPyConnection, pack: RulePack) -> None:
    rules = list(pack.rules.values())
    con.register("screen_weights_arrow", pa.table({
        "rule": [r.id for r in rules], "rule_version": [r.version for r in rules],
        "weight": pa.array([r.weight for r in rules], pa.float64()),
        "rule_priority": pa.array([r.priority for r in rules], pa.string())}))
    con.execute("CREATE OR REPLACE TEMP TABLE screen_weights AS SELECT * FROM screen_weights_arrow")
    con.unregister("screen_weights_arrow")


def structure_key(pack: RulePack, catalogue_version: str, narrative_key: str, lexicon_version: str) -> str:
    """What every result depends on besides the store: the rule pack, offence catalogue and lexicon."""
    return f"{pack.fingerprint}/{catalogue_version}/{narrative_key}/{lexicon_version}"


def assemble(con: duckdb.DuckDBPyConnection, pack: RulePack, lexicon_version: str, narrative_key: str,
             run_key: str) -> None:
    """Temp table screen_fresh: a result for each crime in scope among this run's targets whose
    inputs changed (screen_redo); the others keep their stored result untouched."""
    _weights(con, pack)
    con.execute(BIGGEST_DYAD)
    con.execute(STRUCTURE, {"run_key": run_key})
    con.execute(REDO)
    params = {"lexicon": lexicon_version, "threshold": pack.threshold, "high": pack.high_score,
              "code": pack.suggested_offence_code, "lesser": list(pack.principal_when_recorded_as),
              "key": narrative_key, "rules_version": pack.version,
              "gap_version": pack.rules["classification.included_gap"].version}
    # A first run assembles every crime in scope; in parts, so nested lists of evidence for half a
    # million crimes are never all held at once (memory).
    redo = con.execute("SELECT count(*) FROM screen_redo").fetchone()[0]
    parts = max(1, -(-redo // ASSEMBLE_PART))
    for part in range(parts):
        into = "CREATE OR REPLACE TEMP TABLE screen_fresh AS" if part == 0 else "INSERT INTO screen_fresh"
        con.execute(f"{into} {ASSEMBLE}", {**params, "parts": parts, "part": part})


# The dyad a result names when no course of conduct picked one: its crime's largest.
BIGGEST_DYAD = """
CREATE OR REPLACE TEMP TABLE screen_biggest_dyad AS
SELECT d.crime_id, first(d.dyad_id ORDER BY d.dyad_size DESC, d.dyad_id) AS dyad_id
FROM screen_dyad_crimes d SEMI JOIN screen_crimes c ON c.crime_id = d.crime_id AND c.target
GROUP BY d.crime_id"""

# Everything a result depends on except the narrative, hashed per crime in scope. Evidence rows are
# combined with bit_xor (order-free; each row is distinct by its rule and ord).
STRUCTURE = """
CREATE OR REPLACE TEMP TABLE screen_structure AS
WITH scope AS (
    SELECT c.crime_id, c.ingest_run_id FROM screen_scope s JOIN screen_crimes c USING (crime_id) WHERE c.target),
evidence AS (
    SELECT crime_id, bit_xor(hash(rule, ord, text, span_start, span_end, linked_crime_id, dyad_id)) AS h
    FROM screen_evidence WHERE NOT starts_with(rule, 'narrative.')  -- the narrative's own hits come with a rescan
    GROUP BY crime_id),
offences AS (
    SELECT o.crime_id, bit_xor(hash(o.offence_code, o.offence, o.role, o.offence_group)) AS h
    FROM screen_offences o SEMI JOIN scope s ON s.crime_id = o.crime_id GROUP BY o.crime_id)
SELECT s.crime_id, hash(s.ingest_run_id, e.h, o.h, b.dyad_id, $run_key) AS structure_hash
FROM scope s
LEFT JOIN evidence e USING (crime_id) LEFT JOIN offences o USING (crime_id) LEFT JOIN screen_biggest_dyad b USING (crime_id)"""

# Crimes to assemble again: the narrative is read again, no result is stored, or its inputs changed.
REDO = """
CREATE OR REPLACE TEMP TABLE screen_redo AS
SELECT s.crime_id, c.ingest_run_id, c.rescan, s.structure_hash
FROM screen_structure s JOIN screen_crimes c USING (crime_id) LEFT JOIN screening_results r USING (crime_id)
WHERE c.rescan OR r.structure_hash IS DISTINCT FROM s.structure_hash"""


ASSEMBLE_PART = 150_000  # crimes assembled at once

ASSEMBLE = """
WITH scope AS (SELECT * FROM screen_redo WHERE hash(crime_id) % $parts = $part),
reused AS (  -- narratives not read again: their stored evidence stands (same crime version, same lexicon)
    SELECT r.crime_id, r.narrative_score, r.narrative_indicated, r.reasons
    FROM screening_results r JOIN scope s USING (crime_id) WHERE NOT s.rescan),
fresh_reasons AS (
    -- list_sort over (ord, item) rather than an ordered aggregate: several times faster in DuckDB
    SELECT e.crime_id, e.rule, any_value(e.dyad_id) AS dyad_id,
           list_transform(list_sort(list({'ord': e.ord, 'item': {'text': e.text, 'span_start': e.span_start,
                                                                 'span_end': e.span_end, 'crime_id': e.linked_crime_id}})),
                          x -> x.item) AS evidence
    FROM screen_evidence e JOIN scope s USING (crime_id)
    GROUP BY e.crime_id, e.rule),
all_reasons AS (
    SELECT crime_id, rule, dyad_id, evidence FROM fresh_reasons
    UNION ALL
    SELECT crime_id, reason.rule, NULL, reason.evidence
    FROM (SELECT crime_id, unnest(reasons) AS reason FROM reused) WHERE starts_with(reason.rule, 'narrative.')),
weighted AS (
    SELECT a.*, coalesce(w.rule_version, $lexicon) AS rule_version, w.weight, w.rule_priority
    FROM all_reasons a LEFT JOIN screen_weights w USING (rule)),
per_crime AS (
    SELECT crime_id,
           list_sort(list({'rule': rule, 'rule_version': rule_version, 'weight': weight, 'evidence': evidence}))
               AS reasons,  -- in rule order: a crime has one reason per rule
           coalesce(product(1 - coalesce(weight, 0)), 1) AS keep,
           bool_or(rule_priority = 'high') AS high_rule,
           bool_or(starts_with(rule, 'conduct.')) AS conduct,
           any_value(dyad_id) FILTER (WHERE rule = 'conduct.dyad') AS conduct_dyad,
           list(rule) AS rules
    FROM weighted GROUP BY crime_id),
recorded AS (
    SELECT crime_id,
           CASE WHEN bool_or(stalking AND role = 'principal') THEN 'principal'
                WHEN bool_or(stalking) THEN 'included' END AS stalking_recorded,
           any_value(offence_code || ' ' || offence) FILTER (WHERE role = 'principal') AS principal,
           any_value(offence_group) FILTER (WHERE role = 'principal') AS principal_group
    FROM screen_offences o SEMI JOIN scope s USING (crime_id) GROUP BY crime_id),
scored AS (
    SELECT s.crime_id, s.ingest_run_id, s.structure_hash,
           coalesce(p.reasons, []) AS reasons, coalesce(p.rules, []) AS rules,
           round(coalesce(v.narrative_score, z.narrative_score, 0), 6) AS narrative_score,
           coalesce(v.narrative_indicated, z.narrative_indicated, false) AS narrative_indicated,
           coalesce(p.keep, 1) AS keep, coalesce(p.high_rule, false) AS high_rule,
           coalesce(p.conduct, false) AS conduct, coalesce(p.conduct_dyad, b.dyad_id) AS dyad_id,
           k.stalking_recorded, k.principal, k.principal_group
    FROM scope s
    LEFT JOIN per_crime p USING (crime_id)
    LEFT JOIN screen_verdicts v USING (crime_id)
    LEFT JOIN reused z USING (crime_id)
    LEFT JOIN recorded k USING (crime_id)
    LEFT JOIN screen_biggest_dyad b USING (crime_id)),
decided AS (
    SELECT *, score >= $threshold AS indicated FROM (
        SELECT *, round(1 - (1 - narrative_score) * keep, 6) AS score FROM scored)),
suggested AS (
    SELECT *,
           CASE WHEN gap THEN $code END AS suggested_offence_code,
           CASE WHEN gap AND list_contains($lesser, principal_group) THEN 'principal'
                WHEN gap THEN 'included' END AS suggested_role
    FROM (SELECT *, indicated AND stalking_recorded IS NULL AS gap FROM decided)),
explained AS (
    SELECT *,
           CASE WHEN gap THEN list_append(reasons, {
               'rule': 'classification.included_gap', 'rule_version': $gap_version, 'weight': 0.0,
               'evidence': [{'text': 'stalking indicated (score ' || score || ') but recorded as '
                                     || coalesce(principal, 'unknown') || ' without stalking: suggest '
                                     || $code || CASE WHEN suggested_role = 'principal'
                                        THEN ' as the principal offence, the course of conduct being the crime'
                                        ELSE ' as an included classification beside the more serious principal'
                                        END,
                             'span_start': NULL, 'span_end': NULL, 'crime_id': NULL}]})
                ELSE reasons END AS all_reasons
    FROM suggested),
final AS (
    SELECT crime_id, indicated, score,
           CASE WHEN high_rule OR (conduct AND score >= $high) THEN 'high'
                WHEN indicated THEN 'medium' ELSE 'low' END AS priority,
           all_reasons AS reasons, suggested_offence_code, suggested_role, dyad_id, stalking_recorded,
           narrative_score, narrative_indicated,
           list_sort(list_distinct(list_concat(
               list_transform(rules, r -> 'rule:' || r),
               list_transform(list_filter(flatten(list_transform(reasons, x -> x.evidence)), e -> e.crime_id IS NOT NULL),
                              e -> 'crime:' || e.crime_id)))) AS evidence_items,
           ingest_run_id AS crime_ingest_run_id, $key AS narrative_key,
           $rules_version AS rules_version, $lexicon AS lexicon_version, structure_hash
    FROM explained)
SELECT *, CAST(hash({'indicated': indicated, 'score': score, 'priority': priority, 'reasons': reasons,
                    'code': suggested_offence_code, 'role': suggested_role, 'dyad': dyad_id,
                    'recorded': stalking_recorded, 'narrative_score': narrative_score,
                    'narrative_indicated': narrative_indicated, 'items': evidence_items,
                    'crime_run': crime_ingest_run_id, 'key': narrative_key, 'rules': rules_version,
                    'lexicon': lexicon_version, 'structure': structure_hash}) AS VARCHAR) AS result_hash
FROM final"""


def write(con: duckdb.DuckDBPyConnection, run_id: int) -> tuple[int, int]:
    """Replace the results assembled again when they changed, drop those of crimes gone or out of
    scope; return (rows written, rows removed)."""
    con.execute(STALE)
    removed = con.execute("SELECT count(*) FROM screen_stale WHERE crime_id NOT IN (SELECT crime_id FROM screen_fresh)"
                          ).fetchone()[0]
    # The hash (64 bits) finds the rows that may be unchanged; the columns themselves decide.
    same = " AND ".join(f"f.{c} IS NOT DISTINCT FROM r.{c}" for c in CONTENT)
    con.execute(f"""
        DELETE FROM screening_results r WHERE r.crime_id IN (SELECT crime_id FROM screen_stale)
          AND NOT EXISTS (SELECT 1 FROM screen_fresh f WHERE f.crime_id = r.crime_id AND f.result_hash = r.result_hash
                          AND {same})""")
    written = con.execute("""
        INSERT INTO screening_results BY NAME
        SELECT f.*, ? AS screen_run_id, current_localtimestamp() AS screened_at FROM screen_fresh f
        WHERE NOT EXISTS (SELECT 1 FROM screening_results r WHERE r.crime_id = f.crime_id)""", [run_id]).fetchone()[0]
    return written, removed


# Stored results that may go: assembled again, a target now out of scope, or the crime gone.
STALE = """
CREATE OR REPLACE TEMP TABLE screen_stale AS
SELECT r.crime_id FROM screening_results r
WHERE r.crime_id IN (SELECT crime_id FROM screen_redo)
   OR r.crime_id NOT IN (SELECT crime_id FROM screen_crimes WHERE NOT target OR crime_id IN (SELECT crime_id FROM screen_structure))"""
