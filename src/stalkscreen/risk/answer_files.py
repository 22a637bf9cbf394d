"""Reading a file of completed assessments (JSON or CSV) into drafts that remember where each
value came from (file and line), so every refusal can name the place.

JSON: one assessment object, or a list of them:
    {"assessment_id": "RA-1", "crime_id": "C1", "person_record_id": "V1", "instrument": "S-DASH",
     "instrument_version": "2009", "completed_at": "2026-10-01T14:00", "assessor": "PC 1234",
     "assessor_level": "high", "answers": {"very_frightened": {"answer": "yes", "comment": "..."},
                                           "loitering": "no", ...}}
CSV: one row per answer, the assessment's fields repeated on each row:
    assessment_id,crime_id,person_record_id,instrument,instrument_version,completed_at,assessor,
    assessor_level,item,answer,comment
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from stalkscreen.errors import StalkscreenError
from stalkscreen.reference.files import line_of

FIELDS = ("assessment_id", "crime_id", "person_record_id", "instrument", "instrument_version", "completed_at",
          "assessor", "assessor_level")
CSV_COLUMNS = (*FIELDS, "item", "answer", "comment")
OPTIONAL = ("person_record_id", "comment")


@dataclass(frozen=True)
class RawAnswer:
    value: Any
    comment: Any
    where: str


@dataclass
class Draft:
    """One assessment as written in the file, not yet checked."""
    where: str
    fields: dict[str, Any]
    answers: dict[str, RawAnswer] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)   # faults of form found while reading


def read(path: Path) -> list[Draft]:
    """The drafts in a .json or .csv file; an unreadable file is refused at once."""
    path = Path(path)
    if not path.is_file():
        raise StalkscreenError(f"{path}: no such file", hint="name a JSON or CSV file of completed assessments")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise StalkscreenError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    suffix = path.suffix.lower()
    if suffix == ".json":
        return _from_json(path, text)
    if suffix == ".csv":
        return _from_csv(path, text)
    raise StalkscreenError(f"{path}: expected a .json or .csv file of answers", hint="see docs/risk.md for both layouts")


def _json_lines(text: str):
    """The node tree of the JSON text, for line numbers (JSON is YAML flow style); None if unparsable."""
    try:
        return yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return None


def _unique_keys(path: Path):
    """json.loads keeps the last of two equal keys silently; an item answered twice is refused."""
    def pairs(items: list[tuple[str, Any]]) -> dict:
        keys = [k for k, _ in items]
        twice = sorted({k for k in keys if keys.count(k) > 1})
        if twice:
            raise StalkscreenError(f"{path}: {', '.join(twice)} given twice in one object; nothing was recorded")
        return dict(items)
    return pairs


def _from_json(path: Path, text: str) -> list[Draft]:
    try:
        data = json.loads(text, object_pairs_hook=_unique_keys(path))
    except json.JSONDecodeError as exc:
        raise StalkscreenError(f"{path}:{exc.lineno}: not valid JSON ({exc.msg}, column {exc.colno})") from None
    node = _json_lines(text)
    if isinstance(data, dict):
        return [_json_draft(path, data, node, ())]
    if isinstance(data, list) and data:
        return [_json_draft(path, entry, node, (i,)) for i, entry in enumerate(data)]
    raise StalkscreenError(f"{path}: expected an assessment object or a non-empty list of them")


def _at(path: Path, node, keys: tuple) -> str:
    line = line_of(node, *keys) if node is not None else None
    return f"{path}:{line}" if line else str(path)


def _json_draft(path: Path, entry: Any, node, keys: tuple) -> Draft:
    label = f" (assessment {keys[0] + 1})" if keys else ""
    draft = Draft(_at(path, node, keys) + label, {})
    if not isinstance(entry, dict):
        draft.problems.append(f"{draft.where}: an assessment must be a JSON object")
        return draft
    unknown = sorted(set(entry) - set(FIELDS) - {"answers"})
    if unknown:
        draft.problems.append(f"{draft.where}: unknown field(s) {unknown}; allowed: {', '.join(FIELDS)}, answers")
    draft.fields = {name: entry.get(name) for name in FIELDS}
    answers = entry.get("answers")
    if not isinstance(answers, dict):
        draft.problems.append(f"{_at(path, node, (*keys, 'answers'))}: `answers` must be an object of item id to answer")
        return draft
    for item, value in answers.items():
        where = _at(path, node, (*keys, "answers", item))
        if isinstance(value, dict):
            extra = sorted(set(value) - {"answer", "comment"})
            if extra:
                draft.problems.append(f"{where}: item {item}: unknown field(s) {extra}; allowed: answer, comment")
            draft.answers[item] = RawAnswer(value.get("answer"), value.get("comment"), where)
        else:
            draft.answers[item] = RawAnswer(value, None, where)
    return draft


def _from_csv(path: Path, text: str) -> list[Draft]:
    reader = csv.DictReader(text.splitlines())
    header = reader.fieldnames or []
    missing = [c for c in CSV_COLUMNS if c not in header and c not in OPTIONAL]
    if missing:
        raise StalkscreenError(f"{path}:1: the header lacks column(s) {', '.join(missing)}",
                               hint="columns: " + ",".join(CSV_COLUMNS))
    unknown = [c for c in header if c not in CSV_COLUMNS]
    if unknown:
        raise StalkscreenError(f"{path}:1: unknown column(s) {', '.join(unknown)}", hint="columns: " + ",".join(CSV_COLUMNS))
    drafts: dict[str, Draft] = {}
    for number, row in enumerate(reader, start=2):
        _csv_row(path, number, row, drafts)
    if not drafts:
        raise StalkscreenError(f"{path}: no answers after the header")
    return list(drafts.values())


def _blank(value: str | None) -> str | None:
    return value.strip() if value and value.strip() else None


def _csv_row(path: Path, number: int, row: dict, drafts: dict[str, Draft]) -> None:
    where = f"{path}:{number}"
    if None in row:  # more cells than the header names
        raise StalkscreenError(f"{where}: more cells than the header has columns")
    fields = {name: _blank(row.get(name)) for name in FIELDS}
    key = fields["assessment_id"] or f"(no assessment_id, line {number})"
    draft = drafts.setdefault(key, Draft(where, fields))
    differ = [n for n in FIELDS if fields[n] != draft.fields[n]]
    if differ:
        draft.problems.append(f"{where}: assessment {key}: {', '.join(differ)} differ(s) from line "
                              f"{draft.where.rsplit(':', 1)[1]}; an assessment's fields must agree on every row")
    item = _blank(row.get("item"))
    if item is None:
        draft.problems.append(f"{where}: no `item` given")
    elif item in draft.answers:
        draft.problems.append(f"{where}: item {item} answered twice in assessment {key} "
                              f"(first at {draft.answers[item].where})")
    else:
        draft.answers[item] = RawAnswer(_blank(row.get("answer")), _blank(row.get("comment")), where)
