"""The narrative model: a logistic regression that decides whether a narrative describes stalking,
from what the lexicon found in it (each rule hit, and the lexicon's own decision) and the words it
uses. Fitted on labelled narratives (`stalkscreen fit-model`), stored as a versioned YAML file of
weights beside the lexicon, and scored in set-based SQL on DuckDB and Spark.

Why a model: hand-written phrase rules generalise poorly to a writer they were not tuned on (on
three new writers' narratives the lexicon's own decision found 63-74% of stalking), while weights
learned from several writers' narratives carry over (leave-one-writer-out: precision 0.86-0.99,
recall 0.89-0.94; docs/screening.md). The lexicon still finds and explains the behaviours.

Features are binary: a rule hit at least once (after the lexicon's cue handling), the lexicon's
decision, a word of the model present (lower case, runs of a-z and 0-9, in the first
`scan.max_chars` characters). Only narratives with at least one lexicon hit are scored; one with none is not
stalking (it names no behaviour, signal or repetition the lexicon knows) and costs nothing.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable

import numpy as np
import yaml

from stalkscreen.errors import StalkscreenError
from stalkscreen.reference.files import fault, read_yaml, require_version
from stalkscreen.screen.lexicon_sql import literal

if TYPE_CHECKING:  # lexicon.py imports this module
    from stalkscreen.screen.lexicon import Lexicon

WORD = "[a-z0-9]+"
RULE = "narrative.model"  # the rule id its evidence is given under
EVIDENCE_WORDS = 3        # the words that weigh most for stalking, given as evidence ...
EVIDENCE_POOL = 60        # ... from among this many of the model's heaviest (fewer rows to rank)
# Words that name the people of a report, not what happened: left out of the model, so that a
# writer's habits (one calls the suspect "susp", another "the male") do not count as evidence.
# The lexicon's phrases still read them ("susp turned up").
STOP_WORDS = frozenset("""
ip ips ip1 ip2 vic victim victims rp susp suspect suspects sus subj subject nominal male female
officer officers oic pc ps dc ds police mr mrs ms miss
""".split())
FIELDS = {"version": True, "lexicon_version": True, "source": True, "trained_on": True, "fit": True,
          "threshold": True, "intercept": True, "lexicon_decision": True, "rules": True, "words": True}


@dataclass(frozen=True)
class NarrativeModel:
    version: str
    path: Path
    lexicon_version: str
    threshold: float      # probability at which a narrative is indicated
    intercept: float
    lexicon_decision: float
    rules: dict[str, float]
    words: dict[str, float]

    @property
    def cut(self) -> float:
        """The threshold on the log-odds."""
        return math.log(self.threshold / (1 - self.threshold))


def load(path: Path, lexicon_version: str, lexicon_rules: tuple[str, ...]) -> NarrativeModel:
    data, node = read_yaml(path)
    version = require_version(path, data, node)
    for key in data:
        if key not in FIELDS:
            raise fault(path, node, (key,), f"unknown field `{key}` in the narrative model "
                                            f"(expected one of: {', '.join(FIELDS)})")
    for key, required in FIELDS.items():
        if required and key not in data:
            raise fault(path, node, (), f"the narrative model is missing `{key}`")
    if str(data["lexicon_version"]) != lexicon_version:
        raise fault(path, node, ("lexicon_version",),
                    f"the model was fitted with lexicon {data['lexicon_version']}, not {lexicon_version}: "
                    "fit it again with `stalkscreen fit-model`")
    threshold = _number(path, node, ("threshold",), data["threshold"])
    if not 0 < threshold < 1:
        raise fault(path, node, ("threshold",), "`threshold` must be a probability above 0 and below 1")
    rules = _weights(path, node, "rules", data["rules"])
    unknown = [r for r in rules if r not in lexicon_rules]
    if unknown:
        raise fault(path, node, ("rules", unknown[0]), f"rule `{unknown[0]}` is not in lexicon {lexicon_version}")
    words = _weights(path, node, "words", data["words"])
    bad = next((w for w in words if not _is_word(w)), None)
    if bad is not None:
        raise fault(path, node, ("words", bad), f"word {bad!r} must be lower-case letters and digits only")
    return NarrativeModel(version, path, lexicon_version, threshold,
                          _number(path, node, ("intercept",), data["intercept"]),
                          _number(path, node, ("lexicon_decision",), data["lexicon_decision"]), rules, words)


def _is_word(text: str) -> bool:
    return bool(text) and all("a" <= c <= "z" or "0" <= c <= "9" for c in text)


def _number(path: Path, node: yaml.Node, keys: tuple, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise fault(path, node, keys, f"`{keys[-1]}` must be a number")
    return float(value)


def _weights(path: Path, node: yaml.Node, section: str, value: Any) -> dict[str, float]:
    if not isinstance(value, dict):
        raise fault(path, node, (section,), f"`{section}` must map each {section[:-1]} to its weight")
    return {str(k): _number(path, node, (section, k), v) for k, v in value.items()}


# --- SQL -------------------------------------------------------------------------------------------

def _decimal(value: float) -> str:
    # decimals sum exactly, so both engines reach the same log-odds to the last digit
    return f"CAST({value:.9f} AS DECIMAL(18, 9))"


def features_sql(texts: str, hits: str, decided: str, max_chars: int, dialect: str,
                 words: Iterable[str] | None = None) -> str:
    """(crime_id, kind, term): the binary features of each narrative of `texts` (crime_id,
    narrative) with a row in `decided` (crime_id, narrative_indicated: the lexicon's decision).
    With `words`, only those words are looked for: one union of whole words finds them several
    times faster than cutting the narrative into all its words."""
    pattern = WORD if words is None else "\\b(?:" + "|".join(sorted(words, key=len, reverse=True)) + ")\\b"
    # an underscore joins words for \b but not for WORD
    text = f"replace(lower(left(narrative, {int(max_chars)})), '_', ' ')"
    tokens = f"regexp_extract_all({text}, {literal(pattern, dialect)}, 0)"
    explode = (f"explode(array_distinct({tokens}))" if dialect == "spark" else f"unnest(list_distinct({tokens}))")
    return f"""
SELECT crime_id, 'rule' AS kind, rule AS term FROM (SELECT DISTINCT crime_id, rule FROM {hits}) hit_rules
UNION ALL SELECT crime_id, 'decision', 'lexicon' FROM {decided} WHERE narrative_indicated
UNION ALL SELECT crime_id, 'word', word FROM (
    SELECT crime_id, {explode} AS word FROM {texts} WHERE crime_id IN (SELECT crime_id FROM {decided})) words"""


def _terms(model: NarrativeModel, dialect: str) -> str:
    rows = [("decision", "lexicon", model.lexicon_decision)]
    rows += [("rule", r, w) for r, w in sorted(model.rules.items()) if w]
    rows += [("word", t, w) for t, w in sorted(model.words.items()) if w]
    values = ", ".join(f"('{kind}', {literal(term, dialect)}, {_decimal(w)})" for kind, term, w in rows)
    return f"(VALUES {values}) AS t(kind, term, weight)"


def weighed_sql(model: NarrativeModel, features: str, dialect: str) -> str:
    """(crime_id, kind, term, weight): the features of features_sql that the model weighs."""
    return f"""
SELECT f.crime_id, f.kind, f.term, t.weight FROM ({features}) f
JOIN {_terms(model, dialect)} ON t.kind = f.kind AND t.term = f.term"""


def verdicts_sql(model: NarrativeModel, weighed: str, decided: str) -> str:
    """One row per crime of `decided`: crime_id, narrative_score (the model's probability),
    narrative_indicated (at least the threshold), rules (from `decided`), log_odds; from the
    weighed features of weighed_sql."""
    return f"""
SELECT crime_id, 1 / (1 + exp(-CAST(z AS DOUBLE))) AS narrative_score, z >= {_decimal(model.cut)} AS narrative_indicated,
       rules, z AS log_odds
FROM (SELECT d.crime_id, d.rules, {_decimal(model.intercept)} + coalesce(s.total, 0) AS z FROM {decided} d
      LEFT JOIN (SELECT crime_id, sum(weight) AS total FROM {weighed} GROUP BY crime_id) s
      ON s.crime_id = d.crime_id) scored"""


# Characters that end a word, each made a space (one for one, so places do not move) before a
# word is looked for between spaces: ASCII punctuation, white space, curly quotes and dashes.
BREAKS = "".join(chr(c) for c in range(32, 127) if not chr(c).isalnum()) + "\t\n\r\u00a0\u2018\u2019\u201c\u201d\u2013\u2014\u2026"


def evidence_sql(model: NarrativeModel, texts: str, weighed: str, verdicts: str, dialect: str,
                 link_columns: str) -> str:
    """Evidence rows (crime_id, rule, ord, text, span_start, span_end, ...) for indicated narratives:
    of the EVIDENCE_POOL words that weigh most for stalking, the heaviest present, each at its first
    place between BREAKS (found by translate and instr: a regex per row costs ten times as much)."""
    pool = sorted((w for w in model.words.values() if w > 0), reverse=True)[:EVIDENCE_POOL]
    heavy = f"kind = 'word' AND weight >= {_decimal(pool[-1])}" if pool else "FALSE"
    indicated = f"SELECT crime_id FROM {verdicts} WHERE narrative_indicated"
    spaced = f"translate(lower(narrative), {literal(BREAKS, dialect)}, {literal(' ' * len(BREAKS), dialect)})"
    return f"""
SELECT crime_id, '{RULE}' AS rule, ord, substring(narrative, place, length(term)) AS text,
       CAST(place - 1 AS INT) AS span_start, CAST(place - 1 + length(term) AS INT) AS span_end, {link_columns}
FROM (
    SELECT p.crime_id, p.term, p.ord, n.narrative, n.same, instr(n.spaced, concat(' ', p.term, ' ')) AS place
    FROM (SELECT crime_id, term, row_number() OVER (PARTITION BY crime_id ORDER BY weight DESC, term) AS ord
          FROM {weighed} WHERE {heavy} AND crime_id IN ({indicated})) p
    JOIN (SELECT crime_id, narrative, concat(' ', {spaced}, ' ') AS spaced,
                 length(lower(narrative)) = length(narrative) AS same  -- lower case moved no place
          FROM {texts} WHERE crime_id IN ({indicated})) n ON n.crime_id = p.crime_id
    WHERE p.ord <= {EVIDENCE_WORDS}) placed
WHERE same AND place > 0"""


# --- fitting ---------------------------------------------------------------------------------------

def fit(lex: Lexicon, texts: list[str], stalking: list[bool], c: float = 1.0, min_docs: int = 2,
        threshold: float = 0.5, max_words: int | None = None) -> dict:
    """Weights by L2-penalised logistic regression (Newton's method, intercept not penalised:
    minimise c * log loss + |w|^2 / 2) over the features of every text with a lexicon hit, words kept
    when at least `min_docs` of those texts use them; with `max_words`, refitted on the words that
    weighed most. Returns the fields of a model file but version and provenance."""
    from stalkscreen.screen import lexicon as lexicon_module

    # the model reads only narratives with a lexicon hit (a hit gives at least one rule feature)
    read = [(found, label) for found, label in zip(lexicon_module.features(lex, texts), stalking) if found]
    kinds = {label for _, label in read}
    if kinds != {True, False}:
        raise StalkscreenError(f"of {len(texts):,} narratives, {len(read):,} have a lexicon hit, and they are not both "
                               "stalking and not stalking: the model cannot learn from them",
                               hint="give labelled narratives of both kinds that name behaviours")
    rows = [found for found, _ in read]
    counts: dict[str, int] = {}
    for found in rows:
        for kind, term in found:
            if kind == "word":
                counts[term] = counts.get(term, 0) + 1
    names = [("decision", "lexicon")] + [("rule", r) for r in lex.rules]
    names += [("word", w) for w in sorted(counts) if counts[w] >= min_docs and w not in STOP_WORDS]
    index = {n: i for i, n in enumerate(names)}
    x = np.zeros((len(rows), len(names) + 1))
    x[:, -1] = 1.0  # the intercept
    for i, found in enumerate(rows):
        for name in found:
            if name in index:
                x[i, index[name]] = 1.0
    labels = np.asarray([label for _, label in read], dtype=float)
    weights = _newton(x, labels, c)
    if max_words and len(names) - 1 - len(lex.rules) > max_words:  # keep the words that weigh most, and refit
        first = 1 + len(lex.rules)
        kept = first + np.argsort(-np.abs(weights[first:-1]), kind="stable")[:max_words]
        columns = np.concatenate([np.arange(first), np.sort(kept), [len(names)]])
        names = [names[k] for k in columns[:-1]]
        x = x[:, columns]
        weights = _newton(x, labels, c)
    named = {n: round(float(w), 6) for n, w in zip(names, weights[:-1])}
    return {"threshold": threshold, "intercept": round(float(weights[-1]), 6),
            "lexicon_decision": named[("decision", "lexicon")],
            "rules": {r: named[("rule", r)] for r in lex.rules},
            "words": {w: v for (kind, w), v in named.items() if kind == "word" and v}}


def _newton(x: np.ndarray, y: np.ndarray, c: float) -> np.ndarray:
    penalty = np.full(x.shape[1], 1 / c)
    penalty[-1] = 0.0
    w = np.zeros(x.shape[1])
    for _ in range(100):
        p = 1 / (1 + np.exp(-(x @ w)))
        gradient = x.T @ (p - y) + penalty * w
        hessian = (x * (p * (1 - p))[:, None]).T @ x + np.diag(penalty + 1e-9)
        step = np.linalg.solve(hessian, gradient)
        w -= step
        if np.abs(step).max() < 1e-10:
            break
    return w


def write(path: Path, fitted: dict, version: str, lex: Lexicon, sources: list[Path], how: dict) -> None:
    trained_on = [{"file": s.name, "sha256": hashlib.sha256(s.read_bytes()).hexdigest()} for s in sources]
    head = ("# The narrative model: weights of a logistic regression over the lexicon's findings and the\n"
            "# narrative's words (stalkscreen.screen.narrative_model). Written by `stalkscreen fit-model`;\n"
            "# fit it again, rather than editing weights by hand, whenever the lexicon changes.\n")
    body = {"version": version, "lexicon_version": lex.version,
            "source": f"stalkscreen fit-model: L2 logistic regression on {len(sources)} labelled narrative file(s)",
            "trained_on": trained_on, "fit": how, **fitted}
    path.write_text(head + yaml.safe_dump(body, sort_keys=False, allow_unicode=True, width=100), encoding="utf-8")
