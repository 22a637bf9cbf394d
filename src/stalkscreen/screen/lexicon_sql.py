"""The lexicon compiled to set-based SQL, for DuckDB (RE2) and Spark (Java regex).

How a narrative is read, in SQL only:
  1. only its first `scan.max_chars` characters; NULL and '' give no rows;
  2. per pass (behaviours, then signals), per group of consecutive rules, one union of their
     patterns cuts the narrative into tiles: the text since the previous hit, then a hit. A
     running sum of tile lengths gives each hit's exact offset. Where two rules could take the
     same words, the first in file order takes them (a later group's hit that overlaps an
     earlier group's hit of the same pass is dropped, as one union would have done);
  3. the clause around each hit (up to `scan.context_chars` either side, cut at the clause
     breaks) is tested against the cues; a hit with a cue is dropped. The context is read from
     the hit's own tile and its neighbours, so with three hits of one group inside the context
     the first is out of reach of the third (a clause break nearly always comes first);
  4. each kept hit gets the first rule, in file order, whose patterns match all of it. A hit
     longer than TAIL_CHARS characters is not found (phrases are far shorter).
The SQL embeds the lexicon's patterns as string literals (they come from a validated file, not
from a user's value); the quoting differs per dialect (Spark reads backslash escapes).
Offsets are in characters (code points), 0-based, end exclusive, in both engines.

Known differences between the engines, too rare to matter for screening: RE2's case folding is
Unicode (the Kelvin sign matches k) where Java's is ASCII, and Java's \\b treats non-ASCII letters
as word characters where RE2 does not (an English word glued to a Polish letter).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from stalkscreen.errors import StalkscreenError

if TYPE_CHECKING:  # lexicon.py imports this module
    from stalkscreen.screen.lexicon import Lexicon, Rule

DIALECTS = ("duckdb", "spark")
GROUP_CHARS = 18_000  # pattern text per union: RE2 slows down many times past about 20,000 (see groups())
TAIL_CHARS = 250      # the end of a tile searched for its hit: the longest hit found

Plan = list[tuple[int, int, tuple["Rule", ...]]]  # (pass, group, rules)


def literal(text: str, dialect: str) -> str:
    if dialect == "spark":  # Spark unescapes backslashes in string literals
        return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"
    return "'" + text.replace("'", "''") + "'"


def _check(dialect: str) -> None:
    if dialect not in DIALECTS:
        raise StalkscreenError(f"unknown SQL dialect {dialect!r}", hint="use duckdb or spark")


def _alternatives(patterns: tuple[str, ...]) -> str:
    """One group of whole-word patterns, the leading \\b said once: Java then rejects a place
    inside a word once rather than once per pattern (RE2 does not care)."""
    if all(p.startswith("\\b(?:") for p in patterns):
        return "\\b(?:" + "|".join(p[2:] for p in patterns) + ")"
    return "(?:" + "|".join(patterns) + ")"


def _union(rules: tuple[Rule, ...]) -> str:
    return "(?i)" + _alternatives(tuple(p for r in rules for p in r.patterns))


def _matches(column: str, pattern: str, dialect: str) -> str:
    if dialect == "spark":
        return f"({column} RLIKE {literal(pattern, dialect)})"
    return f"regexp_matches({column}, {literal(pattern, dialect)})"


def groups(rules: tuple[Rule, ...]) -> list[tuple[Rule, ...]]:
    """Consecutive rules in groups of at most GROUP_CHARS of pattern text: RE2 runs one union of
    a whole pass many times slower than two halves (its automaton outgrows its memory)."""
    out: list[list[Rule]] = []
    size = 0
    for rule in rules:
        length = sum(len(p) + 1 for p in rule.patterns)
        if not out or size + length > GROUP_CHARS:
            out.append([])
            size = 0
        out[-1].append(rule)
        size += length
    return [tuple(g) for g in out]


def _plan(lex: Lexicon) -> Plan:
    plan: Plan = []
    for number, rules in ((1, lex.behaviours), (2, lex.signals)):
        plan += [(number, len(plan) + i, group) for i, group in enumerate(groups(rules))]
    return plan


def _tile(tile: str, index: str, context: int, dialect: str) -> str:
    """A tile kept as: its order, its length, its last TAIL_CHARS characters (where its hit is),
    and its first and last `context` characters (the clause around a neighbouring hit)."""
    fields = [("k", index), ("n", f"length({tile})"), ("tail", f"right({tile}, {TAIL_CHARS})"),
              ("head", f"left({tile}, {context})"), ("last", f"right({tile}, {context})")]
    if dialect == "spark":
        return "named_struct(" + ", ".join(f"'{k}', {v}" for k, v in fields) + ")"
    return "{" + ", ".join(f"'{k}': {v}" for k, v in fields) + "}"


def _tiles(group: int, rules: tuple[Rule, ...], context: int, dialect: str) -> tuple[str, str | None]:
    """(the tiles of one group, a column the tiles need first or None)."""
    if dialect == "spark":
        # Java backtracks: a lazy prefix would retry the union from every later start (quadratic),
        # so Spark splits on the union and pairs each hit with the text before it
        union = literal(_union(rules), dialect)
        tile = _tile(f"concat(element_at(gaps{group}, i + 1), t)", "i", context, dialect)
        return (f"transform(regexp_extract_all(text, {union}, 0), (t, i) -> {tile})",
                f"split(text, {union}, -1) AS gaps{group}")
    tiles = literal("(?is).*?" + _alternatives(tuple(p for r in rules for p in r.patterns)), dialect)
    tile = _tile("t", "i", context, dialect)
    return f"list_transform(regexp_extract_all(text, {tiles}, 0), lambda t, i: {tile})", None


def _found(source: str, lex: Lexicon, plan: Plan, dialect: str) -> str:
    """Each narrative read once: one row per narrative and group, with its tiles and the context
    characters after its last tile."""
    context, spark = lex.scan.context_chars, dialect == "spark"
    cuts, needed = [], []
    for number, group, rules in plan:
        tiles, column = _tiles(group, rules, context, dialect)
        needed += [column] if column else []
        cuts.append(f"named_struct('pass', {number}, 'grp', {group}, 'tiles', {tiles})" if spark
                    else f"{{'pass': {number}, 'grp': {group}, 'tiles': {tiles}}}")
    screened = (f"SELECT CAST(crime_id AS {'STRING' if spark else 'VARCHAR'}) AS crime_id, "
                f"left(narrative, {lex.scan.max_chars}) AS text FROM {source} "
                f"WHERE narrative IS NOT NULL AND length(narrative) > 0")
    if spark:
        screened = f"SELECT crime_id, text, {', '.join(needed)} FROM ({screened}) texts"
        spread = f"({screened}) screened LATERAL VIEW explode(array({', '.join(cuts)})) e AS g"
        total, integer = "aggregate(g.tiles, 0, (a, x) -> a + x.n)", "INT"
    else:
        spread = f"(SELECT crime_id, text, unnest([{', '.join(cuts)}]) AS g FROM ({screened}) screened) spread"
        total, integer = "coalesce(list_sum(list_transform(g.tiles, lambda x: x.n)), 0)", "BIGINT"
    return (f"SELECT crime_id, g.pass AS pass, g.grp AS grp, g.tiles AS tiles, "
            f"substring(text, CAST({total} AS {integer}) + 1, {context}) AS rest FROM {spread}")


def _listed(dialect: str) -> str:
    columns = ("crime_id, pass, grp, rest, tile.k AS k, tile.n AS n, tile.tail AS tail, tile.head AS head, "
               "tile.last AS last")
    if dialect == "spark":
        return f"SELECT {columns} FROM found LATERAL VIEW explode(tiles) e AS tile"
    return f"SELECT {columns} FROM (SELECT crime_id, pass, grp, rest, unnest(tiles) AS tile FROM found) t"


def _hit_and_rule(plan: Plan, dialect: str) -> tuple[str, str]:
    """(the hit, its rule): the hit is where the tile's tail ends in a match of the group's union;
    its rule is the first in file order whose patterns match all of it, as the union chose."""
    def extract(rules: tuple[Rule, ...]) -> str:
        if dialect == "spark":
            return f"regexp_extract(tail, {literal('(' + _union(rules) + ')$', dialect)}, 1)"
        return f"regexp_extract(tail, {literal(_union(rules) + '$', dialect)}, 0)"

    def whole(rule: Rule) -> str:
        if dialect == "spark":
            return f"hit RLIKE {literal('^(?:' + _union((rule,)) + ')$', dialect)}"
        return f"regexp_full_match(hit, {literal(_union((rule,)), dialect)})"

    hit = "CASE " + " ".join(f"WHEN grp = {g} THEN {extract(rules)}" for _, g, rules in plan) + " END"
    rule = "CASE " + " ".join(f"WHEN grp = {g} AND {whole(r)} THEN {literal(r.rule, dialect)}"
                              for _, g, rules in plan for r in rules) + " END"
    return hit, rule


def _cue_filter(lex: Lexicon, dialect: str) -> tuple[str, str]:
    """The clause columns cleaned of pseudo-cues, and the WHERE that keeps a hit with no cue in
    its clause: one test per side of the hit, with the cues that apply to the hit's pass."""
    pseudo = tuple(p for c in lex.cues if c.scope == "ignore" for p in c.patterns)

    def cleaned(column: str) -> str:
        if not pseudo:
            return column
        option = "" if dialect == "spark" else ", 'g'"
        return f"regexp_replace({column}, {literal('(?i)' + _alternatives(pseudo), dialect)}, ' '{option})"

    def test(side: str, scopes: tuple[str, ...]) -> str:
        def found(kinds: tuple[str, ...]) -> str:
            cues = tuple(p for c in lex.cues if c.scope in scopes and c.applies_to in kinds for p in c.patterns)
            return _matches(side, "(?i)" + _alternatives(cues), dialect) if cues else "FALSE"
        # a veto rule (decision.unless_any_of) is read without the `conduct` cues: a lawful
        # reason in its clause is what it finds, not a reason to drop it
        vetoes = ", ".join(literal(r, dialect) for r in lex.unless)
        whens = [f"WHEN rule IN ({vetoes}) THEN {found(('all', 'signals'))}"] if lex.unless else []
        whens += [f"WHEN pass = 1 THEN {found(('all', 'behaviours', 'conduct'))}",
                  f"WHEN pass = 2 THEN {found(('all', 'signals', 'conduct'))}"]
        return f"NOT (CASE {' '.join(whens)} END)"

    columns = f"{cleaned('before_clause')} AS before_clean, {cleaned('after_clause')} AS after_clean"
    return columns, f"{test('before_clean', ('before', 'clause'))} AND {test('after_clean', ('clause',))}"


def _claimed(plan: Plan, dialect: str) -> str:
    """The hits not overlapping a hit of an earlier group of the same pass."""
    if not any(p == q and g > h for p, g, _ in plan for q, h, _ in plan):
        return "SELECT * FROM placed"
    anti = "LEFT ANTI JOIN" if dialect == "spark" else "ANTI JOIN"
    # equality joins only: an inequality in an anti join's condition makes DuckDB compare all pairs
    blocked = ("SELECT DISTINCT p.crime_id, p.grp, p.span_start FROM placed p JOIN placed o "
               "ON o.crime_id = p.crime_id AND o.pass = p.pass "
               "WHERE o.grp < p.grp AND o.span_start < p.span_end AND p.span_start < o.span_end")
    return (f"SELECT p.* FROM placed p {anti} ({blocked}) b "
            f"ON b.crime_id = p.crime_id AND b.grp = p.grp AND b.span_start = p.span_start")


def hits(lex: Lexicon, source: str, dialect: str = "duckdb") -> str:
    """One row per kept hit: crime_id, rule, span_start, span_end, evidence (see the module doc)."""
    _check(dialect)
    scan, plan = lex.scan, _plan(lex)
    context, breaks = scan.context_chars, "|".join(scan.clause_breaks)
    # the clause: after the last break before the hit, and before the first break after it
    # (a replace needs no capture group, so RE2 keeps to its fast automaton)
    before, after = literal(f"(?s)^.*(?:{breaks})", dialect), literal(f"(?s)(?:{breaks}).*$", dialect)
    cue_columns, keep = _cue_filter(lex, dialect)
    hit, rule = _hit_and_rule(plan, dialect)
    integer = "INT" if dialect == "spark" else "BIGINT"
    evidence = f"left(hit, {scan.evidence_chars})"
    return f"""
WITH found AS ({_found(source, lex, plan, dialect)}),
listed AS ({_listed(dialect)}),
matched AS (
    SELECT crime_id, pass, grp, k, n, head, last, rest, hit,
           right(left(tail, length(tail) - length(hit)), {context}) AS before_local
    FROM (SELECT *, {hit} AS hit FROM listed) l
),
ordered AS (  -- offsets, and the context that lies in the neighbouring tiles
    SELECT crime_id, pass, grp, hit,
           sum(n) OVER (PARTITION BY crime_id, grp ORDER BY k
                        ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS tile_end,
           right(concat(coalesce(lag(last) OVER w, ''), before_local), {context}) AS before_text,
           coalesce(lead(head) OVER w, rest) AS after_text
    FROM matched
    WINDOW w AS (PARTITION BY crime_id, grp ORDER BY k)
),
placed AS (
    SELECT crime_id, pass, grp, hit, {rule} AS rule, before_text, after_text,
           CAST(tile_end - length(hit) AS {integer}) AS span_start, CAST(tile_end AS {integer}) AS span_end
    FROM ordered WHERE length(hit) > 0
),
claimed AS ({_claimed(plan, dialect)}),
framed AS (
    SELECT crime_id, pass, rule, hit, span_start, regexp_replace(before_text, {before}, '') AS before_clause,
           regexp_replace(after_text, {after}, '') AS after_clause
    FROM claimed
),
kept AS (
    SELECT crime_id, rule, hit, span_start FROM (SELECT *, {cue_columns} FROM framed) cleaned
    WHERE {keep}
)
SELECT crime_id, rule, CAST(span_start AS INT) AS span_start,
       CAST(span_start + length({evidence}) AS INT) AS span_end, {evidence} AS evidence
FROM kept
"""


def verdicts(lex: Lexicon, hits_relation: str, dialect: str = "duckdb") -> str:
    """One row per crime with a hit: crime_id, narrative_score, narrative_indicated, rules."""
    _check(dialect)

    def among(rules) -> str:
        return ", ".join(literal(r, dialect) for r in rules)

    def flag(rules) -> str:
        return f"max(CASE WHEN rule IN ({among(rules)}) THEN 1 ELSE 0 END) = 1"

    behaviours = [r.rule for r in lex.behaviours]
    conditions = []
    for c in lex.conditions:
        parts = [flag(c.any_of)] if c.any_of else []
        if c.behaviours_at_least:
            parts.append(f"sum(CASE WHEN rule IN ({among(behaviours)}) THEN 1 ELSE 0 END) >= {c.behaviours_at_least}")
        if c.with_any_of:
            parts.append(flag(c.with_any_of))
        conditions.append("(" + " AND ".join(parts) + ")")
    indicated = f"({' OR '.join(conditions) or 'FALSE'})"
    if lex.unless:  # a rule that, hit anywhere, outweighs the conditions (a lawful reason, conduct that ended)
        veto = flag(lex.unless) + (f" AND NOT {flag(lex.lifted_by)}" if lex.lifted_by else "")
        indicated = f"({indicated} AND NOT ({veto}))"
    # weights summed as decimals, so both engines give the same score to the last digit
    weights = " ".join(f"WHEN {literal(r.rule, dialect)} THEN CAST({r.weight!r} AS DECIMAL(9, 4))"
                       for r in lex.behaviours + lex.signals)
    rules = "array_sort(collect_list(rule))" if dialect == "spark" else "list(rule ORDER BY rule)"
    return f"""
SELECT crime_id,
       CAST(least(CAST({lex.score_cap!r} AS DECIMAL(9, 4)),
                  sum(CASE rule {weights} ELSE CAST(0 AS DECIMAL(9, 4)) END)) AS DOUBLE) AS narrative_score,
       {indicated} AS narrative_indicated,
       {rules} AS rules
FROM (SELECT DISTINCT crime_id, rule FROM {hits_relation}) per_rule
GROUP BY crime_id
"""
