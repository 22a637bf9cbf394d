"""Pipe tables with a header row, one or more, under headings (the shape of a plan saved from a
spreadsheet or written in Markdown). The header names the columns; one column holds the number.

    ## 7. By 27 March 2025, seek changes to crime recording systems
    | Recommendation | Owner | Force update | Status | Date |
    |---|---|---|---|---|
    | 7.1 | Chief constables | Included classifications are searchable. | Complete | Nov-24 |
"""

from __future__ import annotations

from stalkscreen.oversight.plans.layouts.common import Headings, text_line
from stalkscreen.oversight.plans.model import LayoutResult, RawRecommendation
from stalkscreen.oversight.plans.text import SEPARATOR, cells, field_name, is_number

NAME = "pipe_table"


def _header(text: str) -> list[str | None] | None:
    """The field of each column of a header row (None for a column with an unknown name)."""
    if "|" not in text:
        return None
    names = cells(text)
    fields = [field_name(n) if n else None for n in names]
    if "number" not in fields or sum(f is not None for f in fields) < 2 or any(is_number(n) for n in names):
        return None
    return fields


def detect(lines: list[tuple[int, str]]) -> bool:
    return any(_header(text) and i + 1 < len(lines) and SEPARATOR.match(lines[i + 1][1])
               for i, (_, text) in enumerate(lines))


def parse(lines: list[tuple[int, str]]) -> LayoutResult:
    result = LayoutResult(NAME)
    headings = Headings(result)
    columns: list[str | None] | None = None
    for number, text in lines:
        if not text.strip() or SEPARATOR.match(text):
            continue
        header = _header(text)
        if header:
            columns = header
            _unknown_columns(result, number, text, header)
        elif columns and "|" in text and _row(result, headings, number, text, columns):
            continue
        else:
            text_line(result, headings, number, text)
    _check_end(result, lines)
    headings.finish()
    return result


def _unknown_columns(result: LayoutResult, line: int, text: str, header: list[str | None]) -> None:
    names = cells(text)
    for name, field in zip(names, header):
        if field is None and name:
            result.warn(line, f"column '{name}' is not a known field; its cells are kept as unparsed text")


def _row(result: LayoutResult, headings: Headings, line: int, text: str, columns: list[str | None]) -> bool:
    """Read a table row into a recommendation; False when the row has no number to key it."""
    row = cells(text)
    number_at = columns.index("number")
    if number_at >= len(row) or not is_number(row[number_at]):
        return False
    rec = RawRecommendation(row[number_at], line, line, headings.take())
    for i, value in enumerate(row):
        field = columns[i] if i < len(columns) else None
        if field == "number" or not value:
            continue
        if field is None:
            result.unparsed(line, value, f"a cell of {rec.number} in a column with no known field")
        else:
            rec.fields[field] = value
    if len(row) < len(columns):
        result.warn(line, f"the row of {rec.number} has {len(row)} of {len(columns)} cells")
    result.recommendations.append(rec)
    return True


def _check_end(result: LayoutResult, lines: list[tuple[int, str]]) -> None:
    """A last row that does not close with '|' was cut off mid-cell."""
    filled = [(n, t) for n, t in lines if t.strip()]
    if not filled or not result.recommendations:
        return
    line, text = filled[-1]
    last = result.recommendations[-1]
    if line == last.line_to and not text.rstrip().endswith("|"):
        result.stopped_at = (line, f"the row of {last.number} does not end with '|': the page may be cut off here")
