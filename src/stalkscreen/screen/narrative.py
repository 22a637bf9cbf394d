"""The narrative rules (the lexicon's SQL) over the crimes in scope whose narrative must be read,
and the union of all evidence rows. Same SQL shape as structural.py, for DuckDB and Spark."""

from __future__ import annotations

from stalkscreen.screen import lexicon
from stalkscreen.screen.rules import RulePack
from stalkscreen.screen.structural import NO_DYAD, NO_LINK

EVIDENCE = "crime_id, rule, ord, text, span_start, span_end, linked_crime_id, dyad_id"


def steps(lex: lexicon.Lexicon, pack: RulePack, dialect: str) -> list[tuple[str, str]]:
    verdicts = lexicon.verdict_sql(lex, "screen_hits", dialect)
    return [
        ("screen_texts", "SELECT n.crime_id, n.narrative FROM screen_narratives n "
                         "JOIN screen_scope s ON s.crime_id = n.crime_id"),
        ("screen_scanned", "SELECT crime_id FROM screen_texts"),
        ("screen_hits", lexicon.hits_sql(lex, "screen_texts", dialect)),
        ("screen_verdicts", f"SELECT crime_id, CAST(narrative_score AS DOUBLE) AS narrative_score, "
                            f"narrative_indicated FROM ({verdicts}) verdicts"),
        ("screen_narrative_evidence", SPANS.format(spans=int(pack.spans_per_rule))),
        ("screen_evidence", " UNION ALL ".join(
            f"SELECT {EVIDENCE} FROM {name}" for name in
            ("screen_offence_evidence", "screen_conduct_evidence", "screen_order_evidence",
             "screen_narrative_evidence"))),
    ]


# The first few hits of each rule in each narrative, in reading order.
SPANS = f"""
SELECT crime_id, rule, ord, text, span_start, span_end, {NO_LINK}, {NO_DYAD} FROM (
    SELECT crime_id, rule, evidence AS text, CAST(span_start AS INT) AS span_start, CAST(span_end AS INT) AS span_end,
           row_number() OVER (PARTITION BY crime_id, rule ORDER BY span_start, span_end) AS ord
    FROM screen_hits WHERE rule IS NOT NULL) numbered  -- a hit no rule claims cannot be explained
WHERE ord <= {{spans}}"""

OUTPUTS = ("screen_evidence", "screen_scope", "screen_verdicts", "screen_scanned")
