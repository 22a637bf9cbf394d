"""The narrative screening lexicon: load and validate reference/screening_lexicon.yaml (or a force's
own copy), and compile its rules to set-based SQL for DuckDB and Spark (lexicon_sql.py).

The stage calls only: load, Lexicon (.version, .path, .rules, .model), hits_sql, verdict_sql, screen_texts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import yaml

from stalkscreen.reference.files import fault, read_yaml, require_version
from stalkscreen.screen import lexicon_patterns as patterns
from stalkscreen.screen import lexicon_sql, narrative_model

SHIPPED = "screening_lexicon.yaml"
RULE_ID = re.compile(r"narrative\.[a-z][a-z0-9_]*")
FRAGMENT = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")
SCOPES = ("before", "clause", "ignore")
TOP = {"version": True, "source": True, "scan": True, "fragments": False, "behaviours": True, "signals": True,
       "cues": True, "decision": True}
ENTRY = {"rule": True, "description": True, "weight": True, "patterns": True, "verified": False}
CUE = {"scope": True, "description": True, "patterns": True, "applies_to": False}
APPLIES = ("all", "behaviours", "signals", "conduct")  # conduct: every rule but the vetoes (decision.unless_any_of)
SCAN = {"max_chars": True, "context_chars": True, "evidence_chars": True, "clause_breaks": True}
DECISION = {"indicated_when": True, "unless_any_of": False, "unless_lifted_by": False, "score_cap": True,
            "model": False}
CONDITION = {"any_of": False, "behaviours_at_least": False, "with_any_of": False}


@dataclass(frozen=True)
class Rule:
    rule: str
    description: str
    weight: float
    patterns: tuple[str, ...]  # portable regexes, whole words (\b at both ends)


@dataclass(frozen=True)
class Cue:
    name: str
    scope: str  # before: earlier in the clause; clause: anywhere in it; ignore: removed first
    patterns: tuple[str, ...]
    applies_to: str = "all"  # all, behaviours, signals or conduct (all but the vetoes)


@dataclass(frozen=True)
class Condition:
    any_of: tuple[str, ...] = ()
    behaviours_at_least: int = 0
    with_any_of: tuple[str, ...] = ()


@dataclass(frozen=True)
class Scan:
    max_chars: int
    context_chars: int
    evidence_chars: int
    clause_breaks: tuple[str, ...]


@dataclass(frozen=True)
class Lexicon:
    version: str
    path: Path
    source: str
    scan: Scan
    behaviours: tuple[Rule, ...]  # each counts toward distinct behaviours; matched in file order
    signals: tuple[Rule, ...]     # stalking and harassment words, threats, repetition, impact: a second pass
    cues: tuple[Cue, ...]
    conditions: tuple[Condition, ...]
    score_cap: float
    unless: tuple[str, ...] = ()  # rules that, hit anywhere in the narrative, make it not indicated ...
    lifted_by: tuple[str, ...] = ()  # ... unless one of these rules is hit too
    model: narrative_model.NarrativeModel | None = None  # decides in place of the conditions, when given

    @property
    def rules(self) -> tuple[str, ...]:
        """Every narrative rule id, behaviours first, in file order."""
        return tuple(r.rule for r in self.behaviours + self.signals)

    def weight(self, rule: str) -> float:
        return next(r.weight for r in self.behaviours + self.signals if r.rule == rule)


@dataclass(frozen=True)
class Hit:
    rule: str
    span_start: int  # 0-based character offset in the narrative
    span_end: int    # exclusive
    evidence: str


@dataclass(frozen=True)
class Verdict:
    indicated: bool
    score: float
    hits: list[Hit]


def shipped_path() -> Path:
    return Path(str(resources.files("stalkscreen.reference") / SHIPPED))


def load(path: Path | str | None = None, model: bool = True) -> Lexicon:
    """The packaged lexicon, or a force's own file in the same format instead; without its
    narrative model when `model` is false (to fit one)."""
    where = Path(path) if path else shipped_path()
    data, node = read_yaml(where)
    version = require_version(where, data, node)
    _fields(where, node, (), data, TOP, "the lexicon")
    fragments = _fragments(where, node, data.get("fragments") or {})
    behaviours = _rules(where, node, "behaviours", data["behaviours"], fragments)
    signals = _rules(where, node, "signals", data["signals"], fragments)
    known = [r.rule for r in behaviours + signals]
    for i, rule in enumerate(known):
        if rule in known[:i]:
            section = "behaviours" if i < len(behaviours) else "signals"
            index = i if i < len(behaviours) else i - len(behaviours)
            raise fault(where, node, (section, index, "rule"), f"rule `{rule}` is defined twice")
    conditions, cap, unless, lifted = _decision(where, node, data["decision"], behaviours, known)
    return Lexicon(version=version, path=where, source=str(data["source"]), scan=_scan(where, node, data["scan"]),
                   behaviours=behaviours, signals=signals, cues=_cues(where, node, data["cues"], fragments),
                   conditions=conditions, score_cap=cap, unless=unless, lifted_by=lifted,
                   model=_model(where, node, data["decision"].get("model"), version, tuple(known)) if model else None)


def _model(where: Path, node: yaml.Node, name: Any, version: str, known: tuple[str, ...]):
    """The narrative model named by decision.model, a file beside the lexicon."""
    if name is None:
        return None
    if not isinstance(name, str) or not name.strip() or Path(name).name != name:
        raise fault(where, node, ("decision", "model"), "`model` must be the name of a file beside the lexicon")
    path = where.parent / name
    if not path.exists():
        raise fault(where, node, ("decision", "model"), f"the narrative model {path} does not exist")
    return narrative_model.load(path, version, known)


def _fields(where: Path, node: yaml.Node, keys: tuple, value: Any, spec: dict[str, bool], what: str) -> None:
    """A mapping with no unknown and no missing fields; faults name the line."""
    if not isinstance(value, dict):
        raise fault(where, node, keys, f"{what} must be a mapping with fields: {', '.join(spec)}")
    for key in value:
        if key not in spec:
            raise fault(where, node, keys + (key,), f"unknown field `{key}` in {what} (expected one of: "
                                                    f"{', '.join(spec)})")
    for key, required in spec.items():
        if required and value.get(key) in (None, "", [], {}):
            raise fault(where, node, keys, f"{what} is missing `{key}`")


def _fragments(where: Path, node: yaml.Node, fragments: Any) -> dict[str, str]:
    if not isinstance(fragments, dict):
        raise fault(where, node, ("fragments",), "`fragments` must map names to pattern text")
    for name, text in fragments.items():
        if not isinstance(text, str) or not text.strip() or FRAGMENT.search(text):
            raise fault(where, node, ("fragments", name),
                        f"fragment `{name}` must be pattern text that uses no other fragment")
    return {str(k): v for k, v in fragments.items()}


def _pattern(where: Path, node: yaml.Node, keys: tuple, raw: Any, fragments: dict[str, str],
             words: bool = False) -> str:
    """One pattern: fragments filled in, checked against the RE2/Java subset, made whole-word.
    A rule's pattern (`words`) must also begin and end on a word character."""
    if not isinstance(raw, str) or not raw.strip():
        raise fault(where, node, keys, "a pattern must be non-empty text")
    missing = [name for name in FRAGMENT.findall(raw) if name not in fragments]
    if missing:
        raise fault(where, node, keys, f"pattern {raw!r} uses unknown fragment `{{{missing[0]}}}`")
    text = FRAGMENT.sub(lambda m: fragments[m.group(1)], raw)
    try:
        rewritten = patterns.portable(text)
        tree = patterns.check(rewritten)
    except patterns.PatternError as exc:
        raise fault(where, node, keys, f"pattern {raw!r}: {exc}") from None
    edge = patterns.blank_edge(tree) if words else None
    if edge:
        raise fault(where, node, keys, f"pattern {raw!r} can {edge} on a space or punctuation; a hit must {edge} "
                                       "on a word (make an optional part take its space with it: 'behind( her)?')")
    return patterns.whole_words(rewritten)


def _pattern_list(where: Path, node: yaml.Node, keys: tuple, items: Any, fragments: dict[str, str],
                  words: bool = False) -> tuple[str, ...]:
    if not isinstance(items, list) or not items:
        raise fault(where, node, keys, "`patterns` must be a non-empty list")
    return tuple(_pattern(where, node, keys + (j,), item, fragments, words) for j, item in enumerate(items))


def _rules(where: Path, node: yaml.Node, section: str, entries: Any, fragments: dict[str, str]) -> tuple[Rule, ...]:
    if not isinstance(entries, list):
        raise fault(where, node, (section,), f"`{section}` must be a list of rules")
    out = []
    for i, entry in enumerate(entries):
        keys = (section, i)
        _fields(where, node, keys, entry, ENTRY, f"{section} entry {i + 1}")
        rule = entry["rule"]
        if not isinstance(rule, str) or not RULE_ID.fullmatch(rule):
            raise fault(where, node, keys + ("rule",), f"rule id {rule!r} must look like narrative.<behaviour>")
        weight = entry["weight"]
        if isinstance(weight, bool) or not isinstance(weight, (int, float)) or not 0 <= weight <= 1:
            raise fault(where, node, keys + ("weight",), f"`weight` of {rule} must be a number from 0 to 1")
        out.append(Rule(rule, str(entry["description"]), float(weight),
                        _pattern_list(where, node, keys + ("patterns",), entry["patterns"], fragments, words=True)))
    return tuple(out)


def _cues(where: Path, node: yaml.Node, cues: Any, fragments: dict[str, str]) -> tuple[Cue, ...]:
    if not isinstance(cues, dict):
        raise fault(where, node, ("cues",), "`cues` must map each cue class to {scope, description, patterns}")
    out = []
    for name, spec in cues.items():
        keys = ("cues", name)
        _fields(where, node, keys, spec, CUE, f"cue class `{name}`")
        if spec["scope"] not in SCOPES:
            raise fault(where, node, keys + ("scope",),
                        f"`scope` of cue class `{name}` must be one of: {', '.join(SCOPES)}")
        applies = spec.get("applies_to", "all")
        if applies not in APPLIES:
            raise fault(where, node, keys + ("applies_to",),
                        f"`applies_to` of cue class `{name}` must be one of: {', '.join(APPLIES)}")
        found = _pattern_list(where, node, keys + ("patterns",), spec["patterns"], fragments)
        out.append(Cue(str(name), spec["scope"], found, applies))
    return tuple(out)


def _scan(where: Path, node: yaml.Node, scan: Any) -> Scan:
    _fields(where, node, ("scan",), scan, SCAN, "`scan`")
    limits = {"max_chars": 1_000_000, "context_chars": 1000, "evidence_chars": 1000}
    for key, top in limits.items():
        value = scan[key]
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= top:
            raise fault(where, node, ("scan", key), f"`{key}` must be a whole number from 1 to {top:,}")
    raw = scan["clause_breaks"]
    breaks = _pattern_list(where, node, ("scan", "clause_breaks"), raw, {})
    # a break written as a class ([.,;]) is punctuation: no word boundaries around it
    breaks = tuple(patterns.portable(r) if r.startswith("[") and r.endswith("]") else b for r, b in zip(raw, breaks))
    return Scan(scan["max_chars"], scan["context_chars"], scan["evidence_chars"], breaks)


def _decision(where: Path, node: yaml.Node, decision: Any, behaviours: tuple[Rule, ...],
              known: list[str]) -> tuple[tuple[Condition, ...], float, tuple[str, ...], tuple[str, ...]]:
    _fields(where, node, ("decision",), decision, DECISION, "`decision`")
    conditions = decision["indicated_when"]
    if not isinstance(conditions, list):
        raise fault(where, node, ("decision", "indicated_when"), "`indicated_when` must be a list of conditions")
    out = []
    for i, spec in enumerate(conditions):
        keys = ("decision", "indicated_when", i)
        _fields(where, node, keys, spec, CONDITION, f"condition {i + 1}")
        count = spec.get("behaviours_at_least", 0)
        if isinstance(count, bool) or not isinstance(count, int) or not 0 <= count <= len(behaviours):
            raise fault(where, node, keys + ("behaviours_at_least",),
                        f"`behaviours_at_least` must be a whole number from 0 to {len(behaviours)}")
        lists = {}
        for field in ("any_of", "with_any_of"):
            rules = spec.get(field) or []
            if not isinstance(rules, list) or any(r not in known for r in rules):
                raise fault(where, node, keys + (field,),
                            f"`{field}` must list rules of this lexicon: {', '.join(known)}")
            lists[field] = tuple(rules)
        if not lists["any_of"] and not count:
            raise fault(where, node, keys, f"condition {i + 1} needs `any_of` or `behaviours_at_least`")
        out.append(Condition(lists["any_of"], count, lists["with_any_of"]))
    cap = decision["score_cap"]
    if isinstance(cap, bool) or not isinstance(cap, (int, float)) or not 0 < cap <= 1:
        raise fault(where, node, ("decision", "score_cap"), "`score_cap` must be a number above 0 and at most 1")
    lists = []
    for field in ("unless_any_of", "unless_lifted_by"):
        rules = decision.get(field) or []
        if not isinstance(rules, list) or any(r not in known for r in rules):
            raise fault(where, node, ("decision", field), f"`{field}` must list rules of this lexicon: {', '.join(known)}")
        lists.append(tuple(rules))
    return tuple(out), float(cap), lists[0], lists[1]


def hits_sql(lex: Lexicon, source: str, dialect: str = "duckdb") -> str:
    """A SELECT over `source` (crime_id, narrative; one row per crime_id): one row per kept hit,
    with crime_id, rule, span_start (0-based), span_end (exclusive) and evidence (at most
    `scan.evidence_chars` characters). Offsets are exact for every occurrence."""
    return lexicon_sql.hits(lex, source, dialect)


def verdict_sql(lex: Lexicon, hits: str, dialect: str = "duckdb") -> str:
    """A SELECT over a hits relation: one row per crime with a hit, with crime_id,
    narrative_score, narrative_indicated and rules (the distinct rules hit, sorted)."""
    return lexicon_sql.verdicts(lex, hits, dialect)


def _read(lex: Lexicon, texts: list[str | None]) -> duckdb.DuckDBPyConnection:
    """A private in-memory DuckDB holding the stage's SQL over texts: lexicon_texts, lexicon_hits,
    lexicon_decided (the lexicon's own decision) and, with a model, lexicon_verdicts."""
    con = duckdb.connect()
    con.register("lexicon_texts", pa.table({"crime_id": [str(i) for i in range(len(texts))],
                                            "narrative": pa.array(texts, pa.string())}))
    con.execute(f"CREATE TEMP TABLE lexicon_hits AS {hits_sql(lex, 'lexicon_texts')}")
    con.execute(f"CREATE TEMP TABLE lexicon_decided AS {verdict_sql(lex, 'lexicon_hits')}")
    if lex.model:
        features = narrative_model.features_sql("lexicon_texts", "lexicon_hits", "lexicon_decided",
                                                lex.scan.max_chars, "duckdb", lex.model.words)
        con.execute("CREATE TEMP TABLE lexicon_weighed AS " + narrative_model.weighed_sql(lex.model, features, "duckdb"))
        con.execute("CREATE TEMP TABLE lexicon_verdicts AS " + narrative_model.verdicts_sql(
            lex.model, "lexicon_weighed", "lexicon_decided"))
    return con


def screen_texts(lex: Lexicon, texts: list[str | None]) -> list[Verdict]:
    """The stage's SQL on a private in-memory DuckDB, for a few texts: one Verdict per text, in order."""
    con = _read(lex, texts)
    try:
        hits: dict[str, list[Hit]] = {}
        for crime_id, rule, start, end, evidence in con.execute(
                "SELECT crime_id, rule, span_start, span_end, evidence FROM lexicon_hits "
                "ORDER BY crime_id, span_start, rule").fetchall():
            hits.setdefault(crime_id, []).append(Hit(rule, start, end, evidence))
        decided = "lexicon_verdicts" if lex.model else "lexicon_decided"
        verdicts = {row[0]: row[1:] for row in con.execute(
            f"SELECT crime_id, narrative_indicated, narrative_score FROM {decided}").fetchall()}
    finally:
        con.close()
    out = []
    for i in range(len(texts)):
        indicated, score = verdicts.get(str(i), (False, 0.0))
        out.append(Verdict(bool(indicated), float(score), hits.get(str(i), [])))
    return out


def features(lex: Lexicon, texts: list[str | None]) -> list[set[tuple[str, str]]]:
    """The narrative model's features of each text, (kind, term), as the stage's SQL finds them."""
    con = _read(lex, texts)
    try:
        out: list[set[tuple[str, str]]] = [set() for _ in texts]
        sql = narrative_model.features_sql("lexicon_texts", "lexicon_hits", "lexicon_decided", lex.scan.max_chars,
                                           "duckdb")
        for crime_id, kind, term in con.execute(sql).fetchall():
            out[int(crime_id)].add((kind, term))
    finally:
        con.close()
    return out


__all__ = ["Hit", "Lexicon", "Verdict", "features", "hits_sql", "load", "screen_texts", "shipped_path", "verdict_sql"]
