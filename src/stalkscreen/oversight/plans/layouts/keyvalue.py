"""Kent's layout: one block of "Field: | value |" lines per recommendation, under "By <date>, ..."
headings. A value left open ("Force update: |") runs over the following lines until a line that
is a lone "|" (or ends with one).

    Recommendation: | 7.1 |
    ---|---|
    Evidence requirements of progress: | Processes should be put in place ... |
    Status: | In progress 50% |
"""

from __future__ import annotations

import re

from stalkscreen.oversight.plans.layouts.common import Headings, text_line
from stalkscreen.oversight.plans.model import LayoutResult, RawRecommendation
from stalkscreen.oversight.plans.text import SEPARATOR, field_name, is_number

NAME = "key_value"
KEY = re.compile(r"^([A-Za-z][A-Za-z ()'/-]{0,60}):\s*\|(.*)$")
START = re.compile(r"^Recommendation:\s*\|\s*\d{1,2}\.\d{1,2}\s*\|", re.IGNORECASE)


def detect(lines: list[tuple[int, str]]) -> bool:
    return any(START.match(text) for _, text in lines)


class _Reader:
    def __init__(self) -> None:
        self.result = LayoutResult(NAME)
        self.headings = Headings(self.result)
        self.current: RawRecommendation | None = None
        self.open_cell: tuple | None = None  # field, label, first line, lines so far

    def line(self, number: int, text: str) -> None:
        if self.open_cell:
            self._continue_cell(number, text)
        elif SEPARATOR.match(text) or not text.strip():
            return
        elif KEY.match(text):
            self._field(number, *KEY.match(text).groups())
        else:
            self.current = None  # text between blocks ends the block
            text_line(self.result, self.headings, number, text)

    def _field(self, number: int, label: str, rest: str) -> None:
        name = field_name(label)
        value = rest.strip()
        if name == "number" and is_number(value.rstrip("|").strip()):
            self.current = RawRecommendation(value.rstrip("|").strip(), number, number, self.headings.take())
            self.result.recommendations.append(self.current)
        elif self.current is None:
            self.result.unparsed(number, f"{label}: |{rest}", "a field outside a recommendation")
        elif value.endswith("|"):
            self._store(name, label, value[:-1].strip(), number, number)
        else:
            self.open_cell = (name, label, number, [value] if value else [])

    def _continue_cell(self, number: int, text: str) -> None:
        name, label, first, parts = self.open_cell
        stripped = text.strip()
        if stripped.endswith("|"):
            parts.append(stripped[:-1].strip())
            self.open_cell = None
            self._store(name, label, "\n".join(p for p in parts if p), first, number)
        else:
            parts.append(stripped)

    def _store(self, name: str | None, label: str, value: str, first: int, last: int) -> None:
        if name in (None, "number"):  # a field stalkscreen does not know: kept, not guessed at
            self.result.unparsed(first, value, f"{self.current.number}: an unknown field '{label}'")
            return
        if name in self.current.fields:
            self.result.warn(first, f"{self.current.number} gives '{label}' twice; the later one is kept")
        self.current.fields[name] = value
        self.current.line_to = last

    def finish(self, last_line: int) -> LayoutResult:
        if self.open_cell:
            name, label, first, parts = self.open_cell
            self._store(name, label, "\n".join(p for p in parts if p), first, last_line)
            self.result.stopped_at = (last_line, f"the page ends inside '{name or label}' of recommendation "
                                                 f"{self.current.number} (begun at line {first}): it may be cut off here")
        else:
            self._check_last_block()
        self.headings.finish()
        return self.result

    def _check_last_block(self) -> None:
        """A last block lacking a field every other block has is where a cut-off page stopped."""
        recs = self.result.recommendations
        if len(recs) < 2:
            return
        usual = set.intersection(*(set(r.fields) for r in recs[:-1]))
        missing = sorted(usual - set(recs[-1].fields))
        if missing:
            self.result.stopped_at = (recs[-1].line_to, f"recommendation {recs[-1].number} has no "
                                      f"{', '.join(missing)}, which every other one has: the page may be cut off here")


def parse(lines: list[tuple[int, str]]) -> LayoutResult:
    reader = _Reader()
    for number, text in lines:
        reader.line(number, text)
    return reader.finish(lines[-1][0] if lines else 0)
