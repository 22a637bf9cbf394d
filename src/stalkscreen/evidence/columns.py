"""An extraction's columns: the optional mapping file (which of the file's columns is which canonical
column, the zone and format of its times) and finding the canonical columns in a file's header.

A mapping file:
    columns: {timestamp: "Date/Time", party: "Other party"}   # canonical: the file's column
    timezone: Europe/London           # zone of times written without an offset
    timestamp_format: "%d/%m/%Y %H:%M:%S"   # strptime format; or epoch / epoch_ms; default ISO 8601
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from stalkscreen.errors import StalkscreenError
from stalkscreen.evidence import values
from stalkscreen.reference.files import fault, read_yaml

KEYS = {"version", "name", "columns", "timezone", "timestamp_format"}
MAPPING_HINT = "a mapping file names the file's columns: `columns: {timestamp: \"Date/Time\", party: \"Number\"}`"


@dataclass
class Mapping:
    path: Path | None = None
    columns: dict[str, str] = field(default_factory=dict)   # canonical column -> the file's column
    timezone: str | None = None
    timestamp_format: str | None = None
    content_hash: str | None = None


def load(path: str | Path) -> Mapping:
    """Read and check a mapping file; a fault names the file and line."""
    path = Path(path)
    data, node = read_yaml(path)
    if not isinstance(data, dict):
        raise fault(path, node, (), "expected a mapping with `columns:` (and optionally `timezone:`, "
                                    "`timestamp_format:`)")
    unknown = sorted(set(map(str, data)) - KEYS)
    if unknown:
        raise fault(path, node, (unknown[0],), f"unknown key '{unknown[0]}'; expected {', '.join(sorted(KEYS))}")
    mapping = Mapping(path, _columns(path, node, data.get("columns") or {}),
                      _text(path, node, data, "timezone"), _text(path, node, data, "timestamp_format"),
                      hashlib.sha256(path.read_bytes()).hexdigest())
    return mapping


def _columns(path: Path, node, columns) -> dict[str, str]:
    if not isinstance(columns, dict):
        raise fault(path, node, ("columns",), "`columns` must map canonical columns to the file's columns")
    # Any kind's canonical column is accepted, so one mapping can serve a tool's every export.
    known = {c for kind in values.KINDS for c in values.columns(kind)}
    for canonical, source in columns.items():
        if canonical not in known:
            raise fault(path, node, ("columns", canonical),
                        f"'{canonical}' is not a canonical column; expected one of {', '.join(sorted(known))}")
        if not isinstance(source, (str, int, float)) or isinstance(source, bool) or str(source).strip() == "":
            raise fault(path, node, ("columns", canonical), f"the column for '{canonical}' must be a column name")
    return {str(c): str(s) for c, s in columns.items()}


def _text(path: Path, node, data: dict, key: str) -> str | None:
    value = data.get(key)
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise fault(path, node, (key,), f"`{key}` must be a single text value")
    return value.strip()


def resolve(file: Path, header: list[str], kind: str, mapping: Mapping) -> dict[int, str]:
    """Header position -> canonical column. A missing required column, or a mapped column the file
    does not have, stops the import with one message naming them all and the columns found."""
    found: dict[str, int] = {}
    lower: dict[str, int] = {}
    for i, name in enumerate(header):   # the first of two same-named columns is the one used
        found.setdefault(name.strip(), i)
        lower.setdefault(name.strip().lower(), i)
    chosen: dict[int, str] = {}
    missing: list[str] = []
    required, optional = values.COLUMNS[kind]
    for canonical in required + optional:
        wanted = mapping.columns.get(canonical)
        name = (wanted or canonical).strip()
        position = found.get(name, lower.get(name.lower()))
        if position is None or position in chosen:
            if wanted is not None:
                missing.append(f"{canonical} (mapped to '{wanted}')")
            elif canonical in required:
                missing.append(canonical)
            continue
        chosen[position] = canonical
    if missing:
        raise StalkscreenError(
            f"{file}: missing column{'s' if len(missing) > 1 else ''} {', '.join(missing)} for {kind}; "
            f"found: {', '.join(header) or '(none)'}",
            hint=f"{kind} files need {', '.join(required)}; {MAPPING_HINT}")
    return chosen
