"""Plans written as numbered lines: "7.1 - <text>" opens a recommendation, "Field: value" lines
under it fill its fields (Owner, Force update, Status, ...), other lines continue the field
before them. Headings are numbered ("Recommendation 7: ...", "7. By ...", "## ..."); a heading
that only starts "By <date>" is recognised outside recommendations, since inside one such a line
is more likely the force's own text ("By March 2025 we will ...").

    Recommendation 7: By 27 March 2025, seek changes to crime recording systems.
    7.1 - Enable staff to search for crimes not recorded as the principal crime.
    Owner: Head of Crime
    Status: Complete
"""

from __future__ import annotations

import re

from stalkscreen.oversight.plans.layouts.common import Headings, text_line
from stalkscreen.oversight.plans.model import LayoutResult, RawRecommendation
from stalkscreen.oversight.plans.text import field_name, heading_number, is_numbered_heading, number_key

NAME = "numbered_lines"
START = re.compile(r"^\s*(?:Recommendation\s+)?(\d{1,2}\.\d{1,2})\s*[-–—:)]\s*(.*)$", re.IGNORECASE)
PROSE = ("recommendation_text", "evidence_requirement", "force_update", "action")
FIELD = re.compile(r"^\s*([A-Za-z][A-Za-z ]{1,40}):\s*(.*)$")


def detect(lines: list[tuple[int, str]]) -> bool:
    return any(START.match(text) for _, text in lines)


def parse(lines: list[tuple[int, str]]) -> LayoutResult:
    result = LayoutResult(NAME)
    headings = Headings(result)
    current: RawRecommendation | None = None
    field = None
    for number, text in lines:
        if not text.strip():
            continue
        start = START.match(text)
        labelled = FIELD.match(text)
        if start:
            current = RawRecommendation(start.group(1), number, number, headings.take())
            field = "recommendation_text"
            if start.group(2).strip():
                current.fields[field] = start.group(2).strip()
            result.recommendations.append(current)
        elif current and labelled and field_name(labelled.group(1)) not in (None, "number"):
            field = field_name(labelled.group(1))
            current.fields[field] = labelled.group(2).strip()
            current.line_to = number
        elif current is None or _next_heading(current, text):
            current = None
            text_line(result, headings, number, text)
        elif field not in PROSE:
            # After "Status: Complete" a loose line is not part of the status: keep it, say so.
            result.unparsed(number, text, f"text after {current.number}'s {field}, not part of any field")
        else:
            joined = current.fields.get(field, "")
            current.fields[field] = f"{joined}\n{text.strip()}" if joined else text.strip()
            current.line_to = number
    _check_end(result, lines, field)
    headings.finish()
    return result


def _next_heading(current: RawRecommendation, text: str) -> bool:
    """Inside a recommendation, only a numbered heading of a later group ends it: "By March 2025
    we will ..." and a list item "2. Further training ..." under 7.1 are the force's own text."""
    number = heading_number(text)
    return is_numbered_heading(text) and (number is None or number > number_key(current.number)[0])


def _check_end(result: LayoutResult, lines: list[tuple[int, str]], field: str | None) -> None:
    """A page that stops mid-sentence (no closing punctuation) in the prose of the last recommendation."""
    filled = [(n, t) for n, t in lines if t.strip()]
    if not filled or not result.recommendations or field not in PROSE:
        return
    line, text = filled[-1]
    last = result.recommendations[-1]
    if line == last.line_to and not re.search(r"[.!?)\]\"'”%]\s*$", text):
        result.stopped_at = (line, f"recommendation {last.number} ends mid-sentence: the page may be cut off here")
