"""The crime harm index (reference/crime_harm_index.csv): Cambridge Crime Harm Index days per
offence code, each with its source and whether the value is an estimate. A force lays its own
file over the shipped one, code by code; a fault names the file, the line and the column.

File shape: `# version: ...` and `# source: ...` lines, then a CSV with a header row
offence_code,cchi_days,estimate,source."""

from __future__ import annotations

import csv
import io
import math
import os
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from stalkscreen.errors import StalkscreenError
from stalkscreen.reference.offences import Catalogue, normalise_code

ENV = "STALKSCREEN_HARM_INDEX"
COLUMNS = ["offence_code", "cchi_days", "estimate", "source"]
BOOLEANS = {"true": True, "false": False}


@dataclass(frozen=True)
class Entry:
    code: str
    days: float
    estimate: bool
    source: str


@dataclass(frozen=True)
class Index:
    version: str
    source: str
    entries: dict[str, Entry]

    def as_dict(self) -> dict:
        return {"version": self.version, "source": self.source,
                "entries": {c: {"days": e.days, "estimate": e.estimate, "source": e.source}
                            for c, e in sorted(self.entries.items())}}


def _header(path: Path | str, lines: list[str]) -> tuple[dict[str, str], int]:
    """The `# key: value` lines at the top, and how many lines they take."""
    found, used = {}, 0
    for line in lines:
        if not line.startswith("#"):
            break
        key, _, value = line[1:].partition(":")
        found[key.strip()] = value.strip()
        used += 1
    for key in ("version", "source"):
        if not found.get(key):
            raise StalkscreenError(f"{path}:1: missing `# {key}: ...` line at the top of the index",
                                   hint="the index starts with `# version: ...` and `# source: ...` lines")
    return found, used


def _entry(path, line: int, row: dict, catalogue: Catalogue) -> Entry:
    where = f"{path}:{line}"
    code = normalise_code(row["offence_code"] or "")
    if not code:
        raise StalkscreenError(f"{where}: column offence_code is empty")
    if catalogue.get(code) is None:
        raise StalkscreenError(f"{where}: column offence_code: unknown offence code '{row['offence_code']}'",
                               hint="every code must be in the offence catalogue (reference/offences.yaml, "
                                    "or a force's file given with --offences)")
    try:
        days = float(row["cchi_days"])
    except (TypeError, ValueError):
        raise StalkscreenError(f"{where}: column cchi_days: expected a number of days, got {row['cchi_days']!r}") from None
    if not math.isfinite(days) or days < 0:
        raise StalkscreenError(f"{where}: column cchi_days: days must be a number of 0 or more, got {row['cchi_days']}")
    estimate = BOOLEANS.get(str(row["estimate"] or "").strip().lower())
    if estimate is None:
        raise StalkscreenError(f"{where}: column estimate: expected true or false, got {row['estimate']!r}")
    if not str(row["source"] or "").strip():
        raise StalkscreenError(f"{where}: column source is empty; every value names where it comes from")
    return Entry(code, days, estimate, row["source"].strip())


def _read(path: Path | str, text: str, catalogue: Catalogue) -> tuple[dict[str, str], dict[str, Entry]]:
    lines = text.splitlines()
    header, skip = _header(path, lines)
    reader = csv.DictReader(io.StringIO("\n".join(lines[skip:])))
    if reader.fieldnames is None or sorted(reader.fieldnames) != sorted(COLUMNS):
        raise StalkscreenError(f"{path}:{skip + 1}: expected the columns {','.join(COLUMNS)}, "
                               f"got {','.join(reader.fieldnames or [])}")
    entries: dict[str, Entry] = {}
    for row in reader:
        line = skip + reader.line_num
        if None in row or any(v is None for v in row.values()):
            raise StalkscreenError(f"{path}:{line}: expected {len(COLUMNS)} columns ({','.join(COLUMNS)})")
        entry = _entry(path, line, row, catalogue)
        if entry.code in entries:
            raise StalkscreenError(f"{path}:{line}: offence code {entry.code} is listed twice")
        entries[entry.code] = entry
    return header, entries


def _text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise StalkscreenError(f"{path}: no such file") from None
    except UnicodeDecodeError as exc:
        raise StalkscreenError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None


def load(catalogue: Catalogue, override: str | Path | None = None) -> Index:
    """The shipped index with a force's file (argument or STALKSCREEN_HARM_INDEX) laid over it."""
    shipped = resources.files("stalkscreen.reference") / "crime_harm_index.csv"
    header, entries = _read("stalkscreen/reference/crime_harm_index.csv", shipped.read_text(encoding="utf-8"),
                            catalogue)
    version, source = header["version"], header["source"]
    override = override or os.environ.get(ENV)
    if override:
        path = Path(override)
        force_header, force_entries = _read(path, _text(path), catalogue)
        entries = {**entries, **force_entries}
        version = f"{version}+{path.stem}-{force_header['version']}"
        source = f"{source} Overlaid by {path.name}: {force_header['source']}"
    return Index(version=version, source=source, entries=entries)
