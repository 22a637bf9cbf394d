"""The DMM rules (reference/dmm.yaml): when the meeting sits, how far each list looks back, and
each section's thresholds. A force lays its own file over the shipped one; a fault names the file,
the line and the key."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from stalkscreen.errors import StalkscreenError
from stalkscreen.reference.files import fault, read_yaml, require_version

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
SUBJECT_KINDS = ("person", "dyad")
SHIPPED = "stalkscreen/reference/dmm.yaml"


@dataclass(frozen=True)
class DmmRules:
    version: str
    meeting_days: tuple[int, ...]          # weekday numbers, Monday 0
    bank_holidays: frozenset[dt.date]
    max_lookback_days: int
    high_risk_levels: tuple[str, ...]
    flag_max_crime_age_days: int
    harm_top: int
    harm_subject_kinds: tuple[str, ...]
    overdue_risk: bool
    overdue_spo: bool
    overdue_needs_rule: str | None          # a casework victims_code rule id, or None


class _Reader:
    """Typed access to the parsed file; each fault names the file, the value's line and its key."""

    def __init__(self, path, data: dict, node):
        self.path, self.data, self.node = path, data, node

    def fail(self, keys: tuple, problem: str) -> StalkscreenError:
        return fault(self.path, self.node, keys, f"`{'.'.join(map(str, keys))}`: {problem}")

    def value(self, *keys) -> Any:
        """The value at keys; a {value, verified, source} entry gives its value after checking both."""
        found: Any = self.data
        for key in keys:
            if not isinstance(found, dict) or key not in found:
                raise self.fail(keys, "missing")
            found = found[key]
        if isinstance(found, dict) and "value" in found:
            if not isinstance(found.get("verified"), bool) or not str(found.get("source") or "").strip():
                raise self.fail(keys, "needs `verified: true|false` and a `source` beside its value")
            found = found["value"]
        return found

    def number(self, *keys, minimum: int) -> int:
        value = self.value(*keys)
        if not isinstance(value, int) or isinstance(value, bool) or value < minimum:
            raise self.fail(keys, f"must be a whole number of at least {minimum}, not {value!r}")
        return value

    def flag(self, *keys) -> bool:
        value = self.value(*keys)
        if not isinstance(value, bool):
            raise self.fail(keys, f"must be true or false, not {value!r}")
        return value

    def names(self, *keys, allowed: tuple[str, ...] | None = None) -> tuple[str, ...]:
        value = self.value(*keys)
        if not isinstance(value, list) or not value or not all(isinstance(v, str) and v.strip() for v in value):
            raise self.fail(keys, "must be a non-empty list of names")
        bad = [v for v in value if allowed and v.lower() not in allowed]
        if bad:
            raise self.fail(keys, f"unknown {', '.join(map(repr, bad))}; expected any of {', '.join(allowed)}")
        return tuple(v.lower() if allowed else v for v in value)

    def dates(self, *keys) -> frozenset[dt.date]:
        value = self.value(*keys)
        if not isinstance(value, list):
            raise self.fail(keys, "must be a list of dates (YYYY-MM-DD)")
        for item in value:
            if not isinstance(item, dt.date) or isinstance(item, dt.datetime):
                raise self.fail(keys, f"{item!r} is not a date; write YYYY-MM-DD")
        return frozenset(value)


def _needs_rule(r: _Reader) -> str | None:
    value = r.value("overdue", "needs_assessment")
    if value is False:
        return None
    if not isinstance(value, str) or not value.strip():
        raise r.fail(("overdue", "needs_assessment"), "must name a casework.yaml victims_code rule, or be false")
    return value.strip()


def _read(path, text: str | None):
    """read_yaml, with an impossible date (2026-12-32) refused at its line, not as a traceback."""
    try:
        return read_yaml(path, text)
    except ValueError as exc:
        if isinstance(exc, StalkscreenError):
            raise
        node = yaml.compose(text if text is not None else Path(path).read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
        bad = next((n for n in _scalars(node) if n.tag.endswith(":timestamp") and not _is_date(n.value)), None)
        where = f"{path}:{bad.start_mark.line + 1}" if bad else str(path)
        raise StalkscreenError(f"{where}: '{bad.value if bad else ''}' is not a date ({exc}); write YYYY-MM-DD") from None


def _scalars(node):
    if isinstance(node, yaml.ScalarNode):
        yield node
    for child in node.value if isinstance(node, yaml.SequenceNode) else []:
        yield from _scalars(child)
    for key, child in node.value if isinstance(node, yaml.MappingNode) else []:
        yield from _scalars(child)


def _is_date(text: str) -> bool:
    try:
        dt.date.fromisoformat(text[:10])
        return True
    except ValueError:
        return False


def parse(path: Path | str, text: str | None = None) -> DmmRules:
    data, node = _read(path, text)
    version = require_version(path, data, node)
    r = _Reader(path, data, node)
    days = r.names("meeting", "days", allowed=WEEKDAYS)
    return DmmRules(
        version=version,
        meeting_days=tuple(sorted({WEEKDAYS.index(d) for d in days})),
        bank_holidays=r.dates("meeting", "bank_holidays"),
        max_lookback_days=r.number("meeting", "max_lookback_days", minimum=1),
        high_risk_levels=tuple(v.lower() for v in r.names("new_high_risk", "levels")),
        flag_max_crime_age_days=r.number("new_flags", "max_crime_age_days", minimum=0),
        harm_top=r.number("high_harm", "top", minimum=1),
        harm_subject_kinds=r.names("high_harm", "subject_kinds", allowed=SUBJECT_KINDS),
        overdue_risk=r.flag("overdue", "risk_assessments"),
        overdue_spo=r.flag("overdue", "spo_consideration"),
        overdue_needs_rule=_needs_rule(r),
    )


def load(path: Path | str | None = None) -> DmmRules:
    """The shipped rules, or a force's own file in their place."""
    if path:
        return parse(Path(path))
    return parse(SHIPPED, (resources.files("stalkscreen.reference") / "dmm.yaml").read_text(encoding="utf-8"))
