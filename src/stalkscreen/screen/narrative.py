"""The narrative rules (the lexicon's SQL, and the narrative model where the lexicon names one) over
the crimes in scope whose narrative must be read, and the union of all evidence rows. Same SQL
shape as structural.py, for DuckDB and Spark."""

from __future__ import annotations

from stalkscreen.screen import lexicon, narrative_model
from stalkscreen.screen.rules import RulePack
from stalkscreen.screen.structural import NO_DYAD, NO_LINK

EVIDENCE = "crime_id, rule, ord, text, span_start, span_end, linked_crime_id, dyad_id"


def steps(lex: lexicon.Lexicon, pack: RulePack, dialect: str) -> list[tuple[str, str]]:
    decided = lexicon.verdict_sql(lex, "screen_hits", dialect)
    evidence = ["screen_offence_evidence", "screen_conduct_evidence", "screen_order_evidence",
                "screen_narrative_evidence"]
    out = [
        ("screen_texts", "SELECT n.crime_id, n.narrative FROM screen_narratives n "
                         "JOIN screen_scope s ON s.crime_id = n.crime_id"),
        ("screen_scanned", "SELECT crime_id FROM screen_texts"),
        ("screen_hits", lexicon.hits_sql(lex, "screen_texts", dialect)),
    ]
    if lex.model:  # the model decides, the lexicon's own decision one of its features
        chars = lex.scan.max_chars
        out += [("screen_decided", decided),
                ("screen_model_features", narrative_model.weighed_sql(lex.model, narrative_model.features_sql(
                    "screen_texts", "screen_hits", "screen_decided", chars, dialect, lex.model.words), dialect)),
                ("screen_model_verdicts", narrative_model.verdicts_sql(lex.model, "screen_model_features",
                                                                       "screen_decided")),
                ("screen_model_evidence", narrative_model.evidence_sql(
                    lex.model, "screen_texts", "screen_model_features", "screen_model_verdicts", dialect,
                    f"{NO_LINK}, {NO_DYAD}"))]
        decided, evidence = "SELECT * FROM screen_model_verdicts", evidence + ["screen_model_evidence"]
    return out + [
        ("screen_verdicts", f"SELECT crime_id, CAST(narrative_score AS DOUBLE) AS narrative_score, "
                            f"narrative_indicated FROM ({decided}) verdicts"),
        ("screen_narrative_evidence", SPANS.format(spans=int(pack.spans_per_rule))),
        ("screen_evidence", " UNION ALL ".join(f"SELECT {EVIDENCE} FROM {name}" for name in evidence)),
    ]


# The first few hits of each rule in each narrative, in reading order.
SPANS = f"""
SELECT crime_id, rule, ord, text, span_start, span_end, {NO_LINK}, {NO_DYAD} FROM (
    SELECT crime_id, rule, evidence AS text, CAST(span_start AS INT) AS span_start, CAST(span_end AS INT) AS span_end,
           row_number() OVER (PARTITION BY crime_id, rule ORDER BY span_start, span_end) AS ord
    FROM screen_hits WHERE rule IS NOT NULL) numbered  -- a hit no rule claims cannot be explained
WHERE ord <= {{spans}}"""

OUTPUTS = ("screen_evidence", "screen_scope", "screen_verdicts", "screen_scanned")
