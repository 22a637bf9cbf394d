"""The online-elements term list: kinds of online stalking behaviour and the words that show them
in a narrative, as one case-insensitive whole-word pattern per kind for DuckDB to match."""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from stalkscreen.reference.files import fault, read_yaml, require_version

SHIPPED = "online_elements.yaml"


@dataclass(frozen=True)
class Kind:
    key: str
    name: str
    pattern: str  # \b(term|term)\b, for regexp_matches(narrative, pattern, 'i')


@dataclass(frozen=True)
class OnlineElements:
    version: str
    source: str
    kinds: tuple[Kind, ...]


def load(path: str | Path | None = None) -> OnlineElements:
    """The shipped list, or a force's own file in the same format instead."""
    if path:
        where = Path(path)
        data, node = read_yaml(where)
    else:
        where = Path("stalkscreen/reference") / SHIPPED
        data, node = read_yaml(where, (resources.files("stalkscreen.reference") / SHIPPED).read_text(encoding="utf-8"))
    version = require_version(where, data, node)
    kinds = data.get("kinds")
    if not isinstance(kinds, dict) or not kinds:
        raise fault(where, node, ("kinds",), "`kinds` must map each kind to {name, terms}")
    return OnlineElements(version, str(data.get("source") or ""),
                          tuple(_kind(where, node, key, spec) for key, spec in kinds.items()))


def _kind(where: Path, node, key: str, spec) -> Kind:
    if not isinstance(spec, dict) or not spec.get("name"):
        raise fault(where, node, ("kinds", key), f"kind `{key}` needs a `name` and a list of `terms`")
    terms = spec.get("terms")
    if not isinstance(terms, list) or not terms:
        raise fault(where, node, ("kinds", key, "terms"), f"kind `{key}` needs a non-empty list of `terms`")
    for i, term in enumerate(terms):
        try:
            if not isinstance(term, str) or not term.strip():
                raise re.error("empty")
            re.compile(term)
        except re.error as exc:
            raise fault(where, node, ("kinds", key, "terms", i), f"term {term!r} is not a regular expression ({exc})")
    return Kind(str(key), str(spec["name"]), r"\b(" + "|".join(terms) + r")\b")
