"""The question banks (reference/risk_instruments.yaml): instruments by id and version, their
items, level rules and review intervals, and the policy for when an S-DASH is due. A force lays
its own file over the shipped one; a fault names the file and line."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from stalkscreen.errors import StalkscreenError
from stalkscreen.reference.files import fault, read_yaml, require_version

SHIPPED = "stalkscreen/reference/risk_instruments.yaml"
ENV = "STALKSCREEN_RISK_INSTRUMENTS"
ITEM_FIELDS = {"id", "number", "text", "verified", "source", "triggers"}
INSTRUMENT_FIELDS = {"id", "version", "name", "source", "verified", "local", "aliases", "suggested_levels",
                     "review_days", "items"}


@dataclass(frozen=True)
class Item:
    id: str
    number: int
    text: str
    verified: bool
    triggers: str | None = None   # an instrument made due by a "yes" to this item


@dataclass(frozen=True)
class Threshold:
    level: str
    min_yes: int


@dataclass(frozen=True)
class Instrument:
    id: str
    version: str
    name: str
    source: str
    verified: bool
    local: bool
    aliases: tuple[str, ...]
    items: tuple[Item, ...]
    suggested_levels: tuple[Threshold, ...] | None   # None: no numeric rule, judgement only
    review_days: int | None

    def names(self) -> tuple[str, ...]:
        """Every spelling a file or an export may use for this instrument, upper-cased."""
        return tuple(n.strip().upper() for n in (self.id, *self.aliases))


@dataclass(frozen=True)
class Policy:
    sdash_instrument: str
    linked_records: int
    missing_window_days: int
    closed_statuses: tuple[str, ...]


@dataclass(frozen=True)
class Bank:
    version: str
    levels: tuple[str, ...]
    policy: Policy
    instruments: dict[tuple[str, str], Instrument] = field(default_factory=dict)

    def canonical(self, name: str) -> str | None:
        """The instrument id a name or alias stands for (case and spaces ignored), or None."""
        wanted = str(name).strip().upper()
        return next((i.id for i in self.instruments.values() if wanted in i.names()), None)

    def versions(self, instrument_id: str) -> list[str]:
        return sorted(v for (i, v) in self.instruments if i == instrument_id)

    def get(self, name: str, version: str) -> Instrument | None:
        instrument_id = self.canonical(name)
        return self.instruments.get((instrument_id, str(version).strip())) if instrument_id else None


class _File:
    """One parsed file: typed access whose faults name the file and the line of the value."""

    def __init__(self, path: Path | str, data: dict, node):
        self.path, self.data, self.node = path, data, node

    def fault(self, keys: tuple, problem: str) -> StalkscreenError:
        return fault(self.path, self.node, keys, problem)

    def number(self, value: Any, keys: tuple, minimum: int = 0) -> int:
        if isinstance(value, dict):  # {value, verified, source}
            self.sourced(value, keys)
            value = value.get("value")
        if not isinstance(value, int) or isinstance(value, bool) or value < minimum:
            raise self.fault(keys, f"`{keys[-1]}` must be a whole number of at least {minimum}")
        return value

    def text(self, value: Any, keys: tuple) -> str:
        if not isinstance(value, (str, int, float)) or isinstance(value, bool) or not str(value).strip():
            raise self.fault(keys, f"`{keys[-1]}` must be text")
        return str(value).strip()

    def flag(self, value: Any, keys: tuple) -> bool:
        if not isinstance(value, bool):
            raise self.fault(keys, f"`{keys[-1]}` must be true or false")
        return value

    def sourced(self, entry: dict, keys: tuple) -> None:
        if not isinstance(entry.get("verified"), bool) or not str(entry.get("source") or "").strip():
            raise self.fault(keys, "each policy value needs `verified: true|false` and a `source`")

    def words(self, value: Any, keys: tuple) -> tuple[str, ...]:
        if isinstance(value, dict):
            self.sourced(value, keys)
            value = value.get("value")
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            raise self.fault(keys, f"`{keys[-1]}` must be a list of names")
        return tuple(v.strip() for v in value)


def _item(f: _File, entry: Any, keys: tuple) -> Item:
    if not isinstance(entry, dict):
        raise f.fault(keys, "each item must be a mapping with id, number, text and verified")
    unknown = set(entry) - ITEM_FIELDS
    if unknown:
        raise f.fault(keys, f"unknown item field(s) {sorted(unknown)}; allowed: {sorted(ITEM_FIELDS)}")
    for name in ("id", "number", "text", "verified"):
        if name not in entry:
            raise f.fault(keys, f"item lacks `{name}`")
    triggers = entry.get("triggers")
    return Item(f.text(entry["id"], (*keys, "id")), f.number(entry["number"], (*keys, "number"), 1),
                f.text(entry["text"], (*keys, "text")), f.flag(entry["verified"], (*keys, "verified")),
                None if triggers is None else f.text(triggers, (*keys, "triggers")))


def _items(f: _File, entries: Any, keys: tuple) -> tuple[Item, ...]:
    if not isinstance(entries, list) or not entries:
        raise f.fault(keys, "`items` must be a non-empty list")
    items = tuple(_item(f, e, (*keys, i)) for i, e in enumerate(entries))
    for attribute in ("id", "number"):
        seen = [getattr(i, attribute) for i in items]
        repeated = sorted({str(v) for v in seen if seen.count(v) > 1})
        if repeated:
            raise f.fault(keys, f"item {attribute}(s) {', '.join(repeated)} appear more than once")
    return items


def _thresholds(f: _File, value: Any, keys: tuple, levels: tuple[str, ...]) -> tuple[Threshold, ...] | None:
    if value is None:
        return None
    if not isinstance(value, list) or not value:
        raise f.fault(keys, "`suggested_levels` must be null (judgement only) or a list of {level, min_yes}")
    out = []
    for i, entry in enumerate(value):
        if not isinstance(entry, dict) or entry.get("level") not in levels:
            raise f.fault((*keys, i), f"each suggested level needs `level` (one of {', '.join(levels)}) and `min_yes`")
        out.append(Threshold(entry["level"], f.number(entry.get("min_yes"), (*keys, i, "min_yes"))))
    if not any(t.min_yes == 0 for t in out):
        raise f.fault(keys, "one suggested level must start at `min_yes: 0`, so every count suggests a level")
    return tuple(sorted(out, key=lambda t: -t.min_yes))


def _instrument(f: _File, entry: Any, keys: tuple, levels: tuple[str, ...]) -> Instrument:
    if not isinstance(entry, dict):
        raise f.fault(keys, "each instrument must be a mapping")
    unknown = set(entry) - INSTRUMENT_FIELDS
    if unknown:
        raise f.fault(keys, f"unknown instrument field(s) {sorted(unknown)}; allowed: {sorted(INSTRUMENT_FIELDS)}")
    for name in ("id", "version", "name", "source", "verified", "items"):
        if name not in entry:
            raise f.fault(keys, f"instrument lacks `{name}`")
    review = entry.get("review_days")
    aliases = entry.get("aliases") or []
    return Instrument(
        id=f.text(entry["id"], (*keys, "id")), version=f.text(entry["version"], (*keys, "version")),
        name=f.text(entry["name"], (*keys, "name")), source=f.text(entry["source"], (*keys, "source")),
        verified=f.flag(entry["verified"], (*keys, "verified")),
        local=f.flag(entry.get("local", False), (*keys, "local")),
        aliases=f.words(aliases, (*keys, "aliases")) if aliases else (),
        items=_items(f, entry["items"], (*keys, "items")),
        suggested_levels=_thresholds(f, entry.get("suggested_levels"), (*keys, "suggested_levels"), levels),
        review_days=None if review is None else f.number(review, (*keys, "review_days"), 1),
    )


def _policy(f: _File, raw: Any, base: Policy | None) -> Policy:
    if raw is None and base:
        return base
    if not isinstance(raw, dict):
        raise f.fault(("policy",), "`policy` must be a mapping")
    known = {"sdash_instrument", "linked_records", "missing_window_days", "closed_statuses"}
    unknown = set(raw) - known
    if unknown:
        raise f.fault(("policy",), f"unknown policy entr(ies) {sorted(unknown)}; allowed: {sorted(known)}")
    if base is None and set(raw) != known:
        raise f.fault(("policy",), f"`policy` lacks {sorted(known - set(raw))}")

    def pick(name, read):
        return read(raw[name], ("policy", name)) if name in raw else getattr(base, name)

    return Policy(pick("sdash_instrument", f.text), pick("linked_records", lambda v, k: f.number(v, k, 1)),
                  pick("missing_window_days", lambda v, k: f.number(v, k, 1)), pick("closed_statuses", f.words))


def _parse(path: Path | str, text: str | None, base: Bank | None) -> Bank:
    data, node = read_yaml(path, text)
    version = require_version(path, data, node)
    f = _File(path, data, node)
    levels = f.words(data["levels"], ("levels",)) if "levels" in data else (base.levels if base else None)
    if not levels:
        raise f.fault((), "missing `levels`: the graded judgements, lowest first")
    entries = data.get("instruments") or []
    if not isinstance(entries, list):
        raise f.fault(("instruments",), "`instruments` must be a list")
    instruments = dict(base.instruments) if base else {}
    for i, entry in enumerate(entries):
        instrument = _instrument(f, entry, ("instruments", i), levels)
        instruments[(instrument.id, instrument.version)] = instrument
    if base:
        version = f"{base.version}+{Path(path).stem}-{version}"
    return Bank(version, levels, _policy(f, data.get("policy"), base.policy if base else None), instruments)


def _check(bank: Bank, path: Path | str) -> Bank:
    """Cross-references: what items trigger and the policy's instrument must exist."""
    ids = {i for i, _ in bank.instruments}
    wanted = {bank.policy.sdash_instrument} | {it.triggers for i in bank.instruments.values() for it in i.items
                                                 if it.triggers}
    missing = sorted(w for w in wanted if w not in ids)
    if missing:
        raise StalkscreenError(f"{path}: instrument(s) {', '.join(missing)} named but not defined",
                               hint="define them under `instruments`, or correct the name")
    return bank


def load(override: str | Path | None = None) -> Bank:
    """The shipped instruments, with a force's file (argument or STALKSCREEN_RISK_INSTRUMENTS) laid over them."""
    shipped = resources.files("stalkscreen.reference") / "risk_instruments.yaml"
    bank = _parse(SHIPPED, shipped.read_text(encoding="utf-8"), None)
    override = override or os.environ.get(ENV)
    if override:
        bank = _parse(Path(override), None, bank)
    return _check(bank, override or SHIPPED)
