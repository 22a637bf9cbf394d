"""City of London's layout: a table flattened to one line per row. The header names the columns
after the recommendation's number; each row is "heading text | 7.1 | update | action |". A row
may start at the number, under the heading of a line of its own ("By ... |") or of the row before.

    Recommendation: | Force Update: | Action | |
    By 27 March 2025, ... | 7.1 | City of London Police has ... | ACTION: ... |
"""

from __future__ import annotations

import re

from stalkscreen.oversight.plans.layouts.common import Headings, text_line
from stalkscreen.oversight.plans.model import LayoutResult, RawRecommendation
from stalkscreen.oversight.plans.text import cells, field_name, is_heading, is_number

NAME = "flattened_table"
HEADER = re.compile(r"^\|?\s*Recommendation:?\s*\|", re.IGNORECASE)


def _columns(text: str) -> list[str] | None:
    """The fields named after 'Recommendation' in a header line, or None if it is not one."""
    if not HEADER.match(text):
        return None
    names = [c.rstrip(":").strip() for c in cells(text)[1:] if c]
    fields = [field_name(c) for c in names]
    if not names or None in fields or any(is_number(c) for c in names):
        return None
    return [(name, f) for name, f in zip(names, fields)]


def detect(lines: list[tuple[int, str]]) -> bool:
    return any(_columns(text) for _, text in lines)


def _rows(lines: list[tuple[int, str]]):
    """(first line, last line, text, complete) per row: a row whose cell runs over several lines
    is joined until a line ends with '|'; at the end of the page it is incomplete."""
    start, parts = None, []
    for number, text in lines:
        if not text.strip() and not parts:
            continue
        start = start or number
        parts.append(text.strip())
        if text.rstrip().endswith("|"):
            yield start, number, "\n".join(parts), True
            start, parts = None, []
    if parts:
        yield start, lines[-1][0], "\n".join(parts), False


def parse(lines: list[tuple[int, str]]) -> LayoutResult:
    result = LayoutResult(NAME)
    headings = Headings(result)
    columns, last_cells = None, 0
    for first, last, text, complete in _rows(lines):
        if columns is None:
            columns = _columns(text)
            if columns is None:
                text_line(result, headings, first, text)
            continue
        row = cells(text)
        at = next((i for i, c in enumerate(row) if is_number(c)), None)
        if at is None:
            _other_row(result, headings, first, text, row)
            continue
        last_cells = _recommendation(result, headings, (first, last), row, at, columns)
        if not complete:
            result.stopped_at = (last, f"the page ends inside the row of recommendation {row[at]} "
                                       f"(begun at line {first}): it may be cut off here")
    _check_last_row(result, columns or [], last_cells)
    headings.finish()
    return result


def _other_row(result: LayoutResult, headings: Headings, line: int, text: str, row: list[str]) -> None:
    filled = [c for c in row if c]
    if len(filled) == 1 and (is_heading(filled[0]) or headings.pending):
        text_line(result, headings, line, filled[0])
    else:
        result.unparsed(line, text, "a row without a recommendation number")


def _recommendation(result: LayoutResult, headings: Headings, span: tuple[int, int], row: list[str],
                    at: int, columns: list[tuple[str, str]]) -> int:
    """Add the row's recommendation; return how many cells followed its number."""
    before = " ".join(c for c in row[:at] if c)
    if before:
        headings.start(span[0], before)
    rec = RawRecommendation(row[at], span[0], span[1], headings.take())
    values = row[at + 1:]
    for (label, name), value in zip(columns, values):
        if value:
            rec.fields[name] = value
    extra = [v for v in values[len(columns):] if v]
    if extra:
        result.unparsed(span[0], " | ".join(extra), f"cells of {rec.number} beyond the header's columns")
    result.recommendations.append(rec)
    return len(values)


def _check_last_row(result: LayoutResult, columns: list, cells_read: int) -> None:
    """A last row with fewer cells than the header names is where a cut-off page stopped."""
    if not result.recommendations or result.stopped_at:
        return
    last = result.recommendations[-1]
    if cells_read < len(columns):
        result.stopped_at = (last.line_to, f"the last row, {last.number}, has {cells_read} of the "
                             f"{len(columns)} cells the header names ({', '.join(c[0] for c in columns)}): "
                             f"the page may be cut off here")
