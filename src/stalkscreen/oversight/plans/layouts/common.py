"""What every layout does with lines that are not recommendations: headings (with the lines that
continue them), plan-level details before the first heading, and text that fits nowhere."""

from __future__ import annotations

import re

from stalkscreen.oversight.plans.model import Heading, LayoutResult
from stalkscreen.oversight.plans.text import clean_heading, is_heading

METADATA = re.compile(r"^([A-Z][A-Za-z ]{1,40}):\s+(\S.*)$")  # "Operational lead: Head of Crime"


class Headings:
    """The heading each recommendation sits under. A heading starts with a heading line and takes
    the lines right after it ("To achieve this, ..."), up to the next recommendation."""

    def __init__(self, result: LayoutResult) -> None:
        self.result = result
        self.pending: list[tuple[int, str]] = []
        self.current: Heading | None = None
        self.count = 0

    def start(self, line: int, text: str) -> None:
        self.finish()  # a heading with no recommendation under it (a page title, say) is reported
        self.pending = [(line, clean_heading(text))]

    def take(self) -> Heading | None:
        """The heading for the next recommendation: a new one if lines are waiting, else the last."""
        if self.pending:
            self.count += 1
            self.current = Heading("\n".join(t for _, t in self.pending), self.pending[0][0], self.count)
            self.pending = []
        return self.current

    def finish(self) -> None:
        for line, text in self.pending:
            self.result.unparsed(line, text, "heading text with no recommendation under it")
        self.pending = []


def text_line(result: LayoutResult, headings: Headings, line: int, text: str) -> None:
    """A line outside any recommendation: a heading, its continuation, a plan detail, or unparsed."""
    if is_heading(text):
        headings.start(line, text)
    elif headings.pending:
        headings.pending.append((line, text.strip()))
    elif not result.recommendations and METADATA.match(text.strip()):
        key, value = METADATA.match(text.strip()).groups()
        result.metadata[key] = value
    else:
        result.unparsed(line, text, "not a heading, a field or a recommendation")
