"""The offence catalogue: Home Office codes, names, classifications and groups.

The package ships a default; a force adds or overrides entries with its own file.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import pyarrow as pa

from stalkscreen.errors import StalkscreenError
from stalkscreen.reference.files import fault, read_yaml, require_version

ENTRY_FIELDS = {"code", "name", "classification", "group", "legislation", "verified", "source"}
HOME_OFFICE_CODE = r"^0*(\d+)/0*(\d+)$"


def normalise_code(code: str) -> str:
    """'008/56' and '8/56' are the same Home Office code; local codes are upper-cased."""
    code = str(code).strip()
    match = re.match(HOME_OFFICE_CODE, code)
    if match:
        return f"{match.group(1)}/{match.group(2)}"
    return code.upper()


def normalise_code_sql(expression: str) -> str:
    """normalise_code as SQL, for set-based use over a column of codes (already trimmed)."""
    return (f"CASE WHEN regexp_matches({expression}, '{HOME_OFFICE_CODE}') "
            f"THEN regexp_replace({expression}, '{HOME_OFFICE_CODE}', '\\1/\\2') ELSE upper({expression}) END")


@dataclass(frozen=True)
class Offence:
    code: str
    name: str
    classification: str | None
    group: str
    legislation: str | None
    verified: bool
    source: str | None


@dataclass
class Catalogue:
    version: str
    offences: dict[str, Offence] = field(default_factory=dict)
    groups: dict[str, dict] = field(default_factory=dict)

    def get(self, code: str) -> Offence | None:
        return self.offences.get(normalise_code(code))

    def group_codes(self, group: str) -> list[str]:
        return sorted(c for c, o in self.offences.items() if o.group == group)

    def adjacent_codes(self) -> list[str]:
        """Codes in the groups screened first for hidden stalking."""
        adjacent = {g for g, spec in self.groups.items() if spec.get("adjacent")}
        return sorted(c for c, o in self.offences.items() if o.group in adjacent)

    def resolve(self, term: str) -> tuple[str, list[str]]:
        """What a user's --offence term means: (description, codes). Group, class, code or name."""
        wanted = term.strip().lower()
        for key, spec in self.groups.items():
            if wanted in (key.lower(), str(spec.get("name", "")).lower()):
                return f"group {key}", self.group_codes(key)
        by_class = sorted(c for c, o in self.offences.items() if (o.classification or "").lower() == wanted)
        if by_class:
            return f"classification {term.upper()}", by_class
        if normalise_code(term) in self.offences:
            return f"code {normalise_code(term)}", [normalise_code(term)]
        by_name = sorted(c for c, o in self.offences.items() if wanted and wanted in o.name.lower())
        if by_name:
            return f"offences named like '{term}'", by_name
        raise StalkscreenError(
            f"unknown offence '{term}': not a group, classification, code or offence name",
            hint="groups: " + ", ".join(sorted(self.groups)),
        )

    def to_arrow(self) -> pa.Table:
        rows = list(self.offences.values())
        return pa.table({
            "offence_code": [o.code for o in rows],
            "offence": [o.name for o in rows],
            "classification": [o.classification for o in rows],
            "offence_group": [o.group for o in rows],
            "verified": [o.verified for o in rows],
        })


def _entries(path: Path, data: dict, node) -> tuple[dict, dict[str, Offence]]:
    groups = data.get("groups") or {}
    if not isinstance(groups, dict):
        raise fault(path, node, ("groups",), "`groups` must be a mapping of key to {name, adjacent}")
    items = data.get("offences") or []
    if not isinstance(items, list):
        raise fault(path, node, ("offences",), "`offences` must be a list")
    offences = {}
    for i, item in enumerate(items):
        if not isinstance(item, dict):
            raise fault(path, node, ("offences", i), "each offence must be a mapping")
        unknown = set(item) - ENTRY_FIELDS
        if unknown:
            raise fault(path, node, ("offences", i), f"unknown field(s) {sorted(unknown)}; allowed: {sorted(ENTRY_FIELDS)}")
        for required in ("code", "name", "group"):
            if not item.get(required):
                raise fault(path, node, ("offences", i), f"offence entry lacks `{required}`")
        code = normalise_code(item["code"])
        offences[code] = Offence(
            code=code,
            name=str(item["name"]),
            classification=None if item.get("classification") is None else str(item["classification"]),
            group=str(item["group"]),
            legislation=item.get("legislation"),
            verified=bool(item.get("verified", False)),
            source=item.get("source"),
        )
    return groups, offences


def load(override: str | Path | None = None) -> Catalogue:
    """The shipped catalogue, with a force's file (argument or STALKSCREEN_OFFENCES) laid over it."""
    shipped = resources.files("stalkscreen.reference") / "offences.yaml"
    data, node = read_yaml("stalkscreen/reference/offences.yaml", shipped.read_text(encoding="utf-8"))
    version = require_version("offences.yaml", data, node)
    groups, offences = _entries(Path("offences.yaml"), data, node)
    override = override or os.environ.get("STALKSCREEN_OFFENCES")
    if override:
        path = Path(override)
        data, node = read_yaml(path)
        force_version = require_version(path, data, node)
        extra_groups, extra = _entries(path, data, node)
        groups = {**groups, **extra_groups}
        offences = {**offences, **extra}
        version = f"{version}+{path.stem}-{force_version}"
    for code, offence in offences.items():
        if offence.group not in groups:
            raise StalkscreenError(f"offence {code} names group '{offence.group}', which is not defined")
    return Catalogue(version=version, offences=offences, groups=groups)
