"""Reading a published action plan: find its layout, read it, normalise every field, and report
what could not be placed (with line numbers) instead of guessing."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from stalkscreen.errors import StalkscreenError
from stalkscreen.oversight.plans import normalise
from stalkscreen.oversight.plans.layouts import flattened, keyvalue, numbered, table
from stalkscreen.oversight.plans.model import LayoutResult, Note, RawRecommendation
from stalkscreen.oversight.plans.text import is_boilerplate, read_lines

PARSER_VERSION = "1"
# Most specific first: Kent's key-value blocks also contain pipes, a flattened table has a header.
LAYOUTS = (keyvalue, flattened, table, numbered)


@dataclass
class Recommendation:
    number: str
    position: int  # order in the plan, from 1
    heading: str | None
    heading_position: int | None
    deadline: dt.date | None
    deadline_text: str | None
    recommendation_text: str | None
    evidence_requirement: str | None
    owner: str | None
    force_update: str | None
    action: str | None
    status: str
    progress_percent: int | None
    status_text: str | None
    update_date: dt.date | None
    update_date_text: str | None
    supporting_documents: str | None
    line_from: int
    line_to: int


@dataclass
class ParsedPlan:
    source: str
    sha256: str
    layout: str
    lines_read: int
    boilerplate_lines: int
    recommendations: list[Recommendation]
    notes: list[Note] = field(default_factory=list)
    metadata: dict[str, str] = field(default_factory=dict)
    stopped_at: tuple[int, str] | None = None


def parse_file(path: Path) -> ParsedPlan:
    data, lines = read_lines(Path(path))
    return parse_lines(lines, str(path), hashlib.sha256(data).hexdigest())


def parse_lines(lines: list[tuple[int, str]], source: str, sha256: str = "") -> ParsedPlan:
    kept = [(n, t) for n, t in lines if not is_boilerplate(t)]
    layout = next((module for module in LAYOUTS if module.detect(kept)), None)
    result = layout.parse(kept) if layout else LayoutResult("none")
    if not result.recommendations:
        raise StalkscreenError(
            f"{source}: no recommendations found in {len(lines)} lines (layout: {result.layout})",
            hint="stalkscreen reads plans with 'Recommendation: | 7.1 |' blocks, table rows with a number "
                 "column, or '7.1 - ...' lines; see docs/action-plans.md")
    recommendations = _unique(result)
    return ParsedPlan(source, sha256, result.layout, len(lines), len(lines) - len(kept),
                      [_normalised(r, i, result) for i, r in enumerate(recommendations, start=1)],
                      sorted(result.notes, key=lambda n: n.line), result.metadata, result.stopped_at)


def _unique(result: LayoutResult) -> list[RawRecommendation]:
    """The first of each number; a repeat is kept as unparsed text, not merged or dropped."""
    seen: dict[str, int] = {}
    kept = []
    for rec in result.recommendations:
        if rec.number in seen:
            text = " | ".join(f"{k}: {v}" for k, v in rec.fields.items())
            result.unparsed(rec.line_from, text, f"recommendation {rec.number} again (first at line {seen[rec.number]})")
        else:
            seen[rec.number] = rec.line_from
            kept.append(rec)
    return kept


def _normalised(raw: RawRecommendation, position: int, result: LayoutResult) -> Recommendation:
    f = {k: (None if normalise.empty(v) else v) for k, v in raw.fields.items()}
    status, percent = normalise.status(f.get("status"))
    if status == "unknown" and f.get("status"):
        result.warn(raw.line_from, f"{raw.number}: status '{f['status']}' is not one stalkscreen knows; stored as unknown")
    update_date = normalise.date(f.get("date"))
    if f.get("date") and update_date is None:
        result.warn(raw.line_from, f"{raw.number}: date '{f['date']}' is not a date; kept as text")
    deadline, deadline_text = _deadline(raw, f, result)
    heading = raw.heading
    return Recommendation(
        number=raw.number, position=position, heading=heading.text if heading else None,
        heading_position=heading.position if heading else None, deadline=deadline, deadline_text=deadline_text,
        recommendation_text=f.get("recommendation_text"), evidence_requirement=f.get("evidence_requirement"),
        owner=f.get("owner"), force_update=f.get("force_update"), action=f.get("action"),
        status=status, progress_percent=percent, status_text=f.get("status"),
        update_date=update_date, update_date_text=f.get("date"),
        supporting_documents=f.get("supporting_documents"), line_from=raw.line_from, line_to=raw.line_to)


def _deadline(raw: RawRecommendation, f: dict, result: LayoutResult) -> tuple[dt.date | None, str | None]:
    """A deadline column wins over the heading's "By <date>"."""
    if f.get("deadline"):
        found = normalise.date(f["deadline"], month_end=True)
        if found is None:
            result.warn(raw.line_from, f"{raw.number}: deadline '{f['deadline']}' is not a date; kept as text")
        return found, f["deadline"]
    return normalise.deadline(raw.heading.text if raw.heading else None)
