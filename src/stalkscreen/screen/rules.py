"""The screening rule pack (reference/screening_rules.yaml): settings and the structural rules'
weights, validated with the file and line of any fault. A force lays its own file over it."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from stalkscreen.errors import StalkscreenError
from stalkscreen.reference.files import fault, read_yaml, require_version

ENV = "STALKSCREEN_SCREENING_RULES"
TOP_FIELDS = {"version", "source", "settings", "rules"}
SETTINGS = {  # name: (type, lowest, highest)
    "window_days": (int, 1, 3650),
    "min_occasions": (int, 2, 100),
    "threshold": (float, 0.01, 1.0),
    "high_score": (float, 0.01, 1.0),
    "spans_per_rule": (int, 1, 20),
}
RULE_FIELDS = {"version", "weight", "priority", "description", "source", "verified"}
EXTRA_FIELDS = {"classification.included_gap": {"suggested_offence_code", "principal_when_recorded_as"}}
STRUCTURAL = ("offence.adjacent", "offence.stalking_recorded", "conduct.dyad", "conduct.ex_partner", "order.breach",
              "classification.included_gap")
PRIORITIES = ("high", "medium", "low")


@dataclass(frozen=True)
class Rule:
    id: str
    version: str
    weight: float
    priority: str | None
    description: str


@dataclass(frozen=True)
class RulePack:
    version: str
    source: str
    fingerprint: str                 # of the files' bytes: results made with another pack are redone
    files: tuple[str, ...]
    window_days: int
    min_occasions: int
    threshold: float
    high_score: float
    spans_per_rule: int
    suggested_offence_code: str
    principal_when_recorded_as: tuple[str, ...]
    rules: dict[str, Rule]


def packaged() -> Path:
    return Path(str(resources.files("stalkscreen.reference") / "screening_rules.yaml"))


def load(override: str | Path | None = None) -> RulePack:
    """The shipped pack, with a force's file (argument or STALKSCREEN_SCREENING_RULES) laid over it."""
    path = packaged()
    data, node = read_yaml(path)
    merged = _checked(path, data, node, shipped=True)
    version, texts, files = merged["version"], [path.read_bytes()], [str(path)]
    override = override or os.environ.get(ENV)
    if override:
        force = Path(override)
        extra, extra_node = read_yaml(force)
        extra = _checked(force, extra, extra_node, shipped=False)
        merged["settings"].update(extra["settings"])
        for rule_id, fields in extra["rules"].items():
            merged["rules"][rule_id].update(fields)
        version = f"{version}+{force.stem}-{extra['version']}"
        texts.append(force.read_bytes())
        files.append(str(force))
    return _pack(merged, version, texts, files, path if not override else Path(override))


def _checked(path: Path, data: Any, node, shipped: bool) -> dict:
    """The file's content, every field known and of the right type; the shipped file in full."""
    version = require_version(path, data, node)
    _only(path, node, (), data, TOP_FIELDS)
    settings = data.get("settings") or {}
    rules = data.get("rules") or {}
    for key, value in (("settings", settings), ("rules", rules)):
        if not isinstance(value, dict):
            raise fault(path, node, (key,), f"`{key}` must be a mapping")
    _only(path, node, ("settings",), settings, set(SETTINGS))
    for name, value in settings.items():
        _setting(path, node, name, value)
    unknown = sorted(set(rules) - set(STRUCTURAL))
    if unknown:
        raise _key_fault(path, node, ("rules", unknown[0]),
                         f"unknown rule `{unknown[0]}`; the structural rules are {', '.join(STRUCTURAL)} "
                         "(narrative rules belong in the lexicon)")
    if shipped:
        for missing in [s for s in SETTINGS if s not in settings] + [r for r in STRUCTURAL if r not in rules]:
            raise fault(path, node, (), f"missing `{missing}`")
    for rule_id, fields in rules.items():
        _rule(path, node, rule_id, fields, shipped)
    return {"version": version, "source": str(data.get("source") or ""), "settings": dict(settings),
            "rules": {k: dict(v) for k, v in rules.items()}}


def _key_fault(path: Path, node, keys: tuple, problem: str) -> StalkscreenError:
    """A fault at the line of the last key itself (its value may start on the next line)."""
    for key in keys[:-1]:
        node = next((v for k, v in getattr(node, "value", []) if getattr(k, "value", None) == key), None)
    found = next((k for k, _ in getattr(node, "value", []) if getattr(k, "value", None) == keys[-1]), None)
    return StalkscreenError(f"{path}:{found.start_mark.line + 1}: {problem}") if found else fault(path, None, (), problem)


def _only(path: Path, node, keys: tuple, mapping: dict, allowed: set[str]) -> None:
    for key in mapping:
        if key not in allowed:
            raise _key_fault(path, node, (*keys, key), f"unknown field `{key}`; allowed: {', '.join(sorted(allowed))}")


def _setting(path: Path, node, name: str, value: Any) -> None:
    kind, low, high = SETTINGS[name]
    whole = isinstance(value, int) and not isinstance(value, bool)
    if not (whole or (kind is float and isinstance(value, float))):
        raise fault(path, node, ("settings", name), f"`{name}` must be a {'whole ' if kind is int else ''}number, "
                                                    f"not {value!r}")
    if not low <= value <= high:
        raise fault(path, node, ("settings", name), f"`{name}` must lie between {low} and {high}, not {value}")


def _rule(path: Path, node, rule_id: str, fields: Any, shipped: bool) -> None:
    keys = ("rules", rule_id)
    if not isinstance(fields, dict):
        raise fault(path, node, keys, f"rule `{rule_id}` must be a mapping of fields")
    _only(path, node, keys, fields, RULE_FIELDS | EXTRA_FIELDS.get(rule_id, set()))
    if shipped:
        for required in ("version", "weight", "description"):
            if required not in fields:
                raise fault(path, node, keys, f"rule `{rule_id}` lacks `{required}`")
    weight = fields.get("weight", 0.0)
    if isinstance(weight, bool) or not isinstance(weight, (int, float)) or not 0 <= weight <= 1:
        raise fault(path, node, (*keys, "weight"), f"`weight` must be a number between 0 and 1, not {weight!r}")
    if fields.get("priority") not in (None, *PRIORITIES):
        raise fault(path, node, (*keys, "priority"), f"`priority` must be one of {', '.join(PRIORITIES)}")
    for text in ("version", "description", "source", "suggested_offence_code"):
        if text in fields and (not isinstance(fields[text], (str, int, float)) or fields[text] == ""):
            raise fault(path, node, (*keys, text), f"`{text}` must be text")
    groups = fields.get("principal_when_recorded_as", [])
    if not isinstance(groups, list) or not all(isinstance(g, str) and g for g in groups):
        raise fault(path, node, (*keys, "principal_when_recorded_as"),
                    "`principal_when_recorded_as` must be a list of offence group keys")


def _pack(merged: dict, version: str, texts: list[bytes], files: list[str], last: Path) -> RulePack:
    settings, rules = merged["settings"], merged["rules"]
    if settings["high_score"] < settings["threshold"]:
        raise fault(last, None, (), "`high_score` must not be below `threshold`")
    gap = rules["classification.included_gap"]
    if gap["weight"] != 0:
        raise fault(last, None, (), "rule `classification.included_gap` is a suggestion, not evidence: its weight must be 0")
    if not gap.get("suggested_offence_code"):
        raise fault(last, None, (), "rule `classification.included_gap` lacks `suggested_offence_code`")
    digest = hashlib.sha256(b"\0".join(texts)).hexdigest()[:16]
    return RulePack(
        version=version, source=merged["source"], fingerprint=digest, files=tuple(files),
        window_days=int(settings["window_days"]), min_occasions=int(settings["min_occasions"]),
        threshold=float(settings["threshold"]), high_score=float(settings["high_score"]),
        spans_per_rule=int(settings["spans_per_rule"]),
        suggested_offence_code=str(gap["suggested_offence_code"]),
        principal_when_recorded_as=tuple(gap.get("principal_when_recorded_as", [])),
        rules={rule_id: Rule(id=rule_id, version=str(f["version"]), weight=float(f["weight"]),
                             priority=f.get("priority"), description=" ".join(str(f["description"]).split()))
               for rule_id, f in rules.items()},
    )
