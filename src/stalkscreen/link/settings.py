"""Linkage settings and the forename-variant list: versioned reference files, overridable by a force."""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from stalkscreen.reference.files import fault, read_yaml, require_version

NUMBERS = ("threshold", "review_from", "review_to", "keep_from")


@dataclass(frozen=True)
class LinkSettings:
    version: str
    threshold: float
    review_from: float
    review_to: float
    keep_from: float
    pair_budget: int
    max_cluster_size: int
    split_thresholds: tuple[float, ...]
    training: dict
    placeholders: dict
    oldest_age_years: int
    source: str = ""
    variants: dict[str, list[str]] = field(default_factory=dict)  # name -> canonical names

    def with_threshold(self, threshold: float | None) -> "LinkSettings":
        if threshold is None:
            return self
        return LinkSettings(**{**self.__dict__, "threshold": threshold})


def _packaged(name: str) -> Path:
    return Path(str(resources.files("stalkscreen.reference") / name))


def load(path: Path | None = None) -> LinkSettings:
    """The shipped settings, or a force's own file in full."""
    path = path or _packaged("linkage.yaml")
    data, node = read_yaml(path)
    version = require_version(path, data, node)
    for key in NUMBERS:
        value = data.get(key)
        if not isinstance(value, (int, float)) or not 0 <= value <= 1:
            raise fault(path, node, (key,), f"`{key}` must be a probability between 0 and 1, not {value!r}")
    if not data["review_from"] <= data["threshold"] <= data["review_to"]:
        raise fault(path, node, ("threshold",), "`threshold` must lie between `review_from` and `review_to`")
    for key in ("pair_budget", "max_cluster_size", "oldest_age_years"):
        if not isinstance(data.get(key), int) or data[key] < 1:
            raise fault(path, node, (key,), f"`{key}` must be a positive whole number")
    splits = data.get("split_thresholds")
    if not isinstance(splits, list) or not all(isinstance(s, float) and 0 < s < 1 for s in splits):
        raise fault(path, node, ("split_thresholds",), "`split_thresholds` must be a list of probabilities")
    for key in ("training", "placeholders"):
        if not isinstance(data.get(key), dict):
            raise fault(path, node, (key,), f"`{key}` must be a mapping")
    return LinkSettings(
        version=version, source=str(data.get("source", "")),
        **{k: float(data[k]) for k in NUMBERS},
        pair_budget=data["pair_budget"], max_cluster_size=data["max_cluster_size"],
        split_thresholds=tuple(sorted(splits)), training=data["training"],
        placeholders=data["placeholders"], oldest_age_years=data["oldest_age_years"],
        variants=load_variants(),
    )


def load_variants(path: Path | None = None) -> dict[str, list[str]]:
    """Upper-cased name -> the canonical names of every group it belongs to."""
    path = path or _packaged("forename_variants.yaml")
    data, node = read_yaml(path)
    require_version(path, data, node)
    groups = data.get("groups")
    if not isinstance(groups, list):
        raise fault(path, node, ("groups",), "`groups` must be a list of name lists")
    variants: dict[str, set[str]] = {}
    for i, group in enumerate(groups):
        if not isinstance(group, list) or not group or not all(isinstance(n, str) for n in group):
            raise fault(path, node, ("groups", i), "each group must be a non-empty list of names")
        head = group[0].upper()
        for name in group:
            variants.setdefault(name.upper(), set()).add(head)
    return {name: sorted(heads) for name, heads in variants.items()}
