"""The harm specification (reference/harm.yaml): windows, half-life, weights, uplifts and the
serial-perpetrator rule. A force lays its own file over the shipped one, key by key; a fault names
the file, the line and the key."""

from __future__ import annotations

import math
import os
from dataclasses import asdict, dataclass
from importlib import resources
from pathlib import Path
from typing import Any, Callable

from stalkscreen.harm.index import Index
from stalkscreen.reference.files import fault, read_yaml, require_version
from stalkscreen.reference.offences import Catalogue

ENV = "STALKSCREEN_HARM"
RECORD_TYPES = ("crime", "incident")


def _number(minimum: float, strict: bool = False) -> Callable[[Any], str | None]:
    def check(value: Any) -> str | None:
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
            return f"expected a number, got {value!r}"
        if value < minimum or (strict and value == minimum):
            return f"must be {'more than' if strict else 'at least'} {minimum:g}, got {value!r}"
        return None
    return check


def _whole(minimum: int) -> Callable[[Any], str | None]:
    def check(value: Any) -> str | None:
        if isinstance(value, bool) or not isinstance(value, int):
            return f"expected a whole number, got {value!r}"
        return f"must be at least {minimum}, got {value}" if value < minimum else None
    return check


def _record_types(value: Any) -> str | None:
    if not isinstance(value, list) or not value or any(v not in RECORD_TYPES for v in value):
        return f"expected a non-empty list of {list(RECORD_TYPES)}, got {value!r}"
    return None


def _boolean(value: Any) -> str | None:
    return None if isinstance(value, bool) else f"expected true or false, got {value!r}"


def _uplift(value: Any) -> str | None:
    if not isinstance(value, dict):
        return f"expected a mapping of offence group to multiplier, got {value!r}"
    return None


# section -> key -> check; a key's check returns the problem, or None.
SCHEMA: dict[str, dict[str, Callable[[Any], str | None]]] = {
    "scope": {"record_types": _record_types, "window_days": _whole(1)},
    "recency": {"half_life_days": _number(0, strict=True)},
    "frequency": {"window_days": _whole(1), "weight": _number(0)},
    "gravity": {"default_days": _number(0), "incident_days": _number(0), "uplift": _uplift},
    "victimisation": {"victim_weight": _number(0), "repeat_weight": _number(0)},
    "serial": {"window_days": _whole(1), "min_victims": _whole(1), "domestic_abuse_only": _boolean},
}


@dataclass(frozen=True)
class Spec:
    version: str
    record_types: tuple[str, ...]
    window_days: int
    half_life_days: float
    frequency_window_days: int
    frequency_weight: float
    default_days: float
    incident_days: float
    uplift: dict[str, float]            # offence group -> multiplier on the index days
    victim_weight: float
    repeat_weight: float
    serial_window_days: int
    serial_min_victims: int
    serial_domestic_abuse_only: bool
    index: Index

    def parameters(self) -> dict:
        """Everything a run used, for harm_runs.spec (the index with every value and source)."""
        found = asdict(self)
        found["index"] = self.index.as_dict()
        return found


def _check_file(path: Path | str, data: dict, node, catalogue: Catalogue) -> dict:
    """The file's sections, each key checked; unknown sections or keys are refused."""
    if not str(data.get("source") or "").strip():
        raise fault(path, node, (), "missing `source`; say where the specification's values come from")
    for section in data:
        if section in ("version", "source"):
            continue
        if section not in SCHEMA:
            raise fault(path, node, (section,), f"unknown section `{section}`; allowed: {sorted(SCHEMA)}")
        values = data[section]
        if not isinstance(values, dict):
            raise fault(path, node, (section,), f"`{section}` must be a mapping")
        for key, value in values.items():
            check = SCHEMA[section].get(key)
            if check is None:
                raise fault(path, node, (section, key), f"unknown key `{section}.{key}`; "
                                                        f"allowed: {sorted(SCHEMA[section])}")
            problem = check(value)
            if problem:
                raise fault(path, node, (section, key), f"`{section}.{key}` {problem}")
    _check_uplift(path, data, node, catalogue)
    return data


def _check_uplift(path, data: dict, node, catalogue: Catalogue) -> None:
    for group, factor in ((data.get("gravity") or {}).get("uplift") or {}).items():
        where = ("gravity", "uplift", group)
        if group not in catalogue.groups:
            raise fault(path, node, where, f"uplift names offence group `{group}`, which the offence catalogue "
                                           f"does not define; groups: {sorted(catalogue.groups)}")
        problem = _number(0, strict=True)(factor)
        if problem:
            raise fault(path, node, where, f"`gravity.uplift.{group}` {problem}")


def _merge(shipped: dict, force: dict) -> dict:
    """The force's keys over the shipped ones, section by section (uplift group by group)."""
    merged = {section: dict(shipped.get(section) or {}) for section in SCHEMA}
    for section in SCHEMA:
        for key, value in (force.get(section) or {}).items():
            if key == "uplift":
                merged[section][key] = {**merged[section].get(key, {}), **value}
            else:
                merged[section][key] = value
    return merged


def _read(path: Path | str, text: str | None, catalogue: Catalogue) -> tuple[str, dict]:
    data, node = read_yaml(path, text)
    version = require_version(path, data, node)
    return version, _check_file(path, data, node, catalogue)


def load(catalogue: Catalogue, index: Index, override: str | Path | None = None) -> Spec:
    """The shipped specification with a force's file (argument or STALKSCREEN_HARM) laid over it."""
    shipped = resources.files("stalkscreen.reference") / "harm.yaml"
    version, data = _read("stalkscreen/reference/harm.yaml", shipped.read_text(encoding="utf-8"), catalogue)
    override = override or os.environ.get(ENV)
    if override:
        path = Path(override)
        force_version, force = _read(path, None, catalogue)
        data = _merge(data, force)
        version = f"{version}+{path.stem}-{force_version}"
    s = _merge(data, {})
    return Spec(
        version=version, record_types=tuple(s["scope"]["record_types"]), window_days=s["scope"]["window_days"],
        half_life_days=float(s["recency"]["half_life_days"]),
        frequency_window_days=s["frequency"]["window_days"], frequency_weight=float(s["frequency"]["weight"]),
        default_days=float(s["gravity"]["default_days"]), incident_days=float(s["gravity"]["incident_days"]),
        uplift={g: float(f) for g, f in s["gravity"].get("uplift", {}).items()},
        victim_weight=float(s["victimisation"]["victim_weight"]),
        repeat_weight=float(s["victimisation"]["repeat_weight"]),
        serial_window_days=s["serial"]["window_days"], serial_min_victims=s["serial"]["min_victims"],
        serial_domestic_abuse_only=s["serial"]["domestic_abuse_only"],
        index=index,
    )
