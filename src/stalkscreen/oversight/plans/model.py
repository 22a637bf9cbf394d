"""What a layout reads from a plan: recommendations with their fields as written, and notes on
the lines it could not place. Normalising (dates, status) happens after, in one place."""

from __future__ import annotations

from dataclasses import dataclass, field

# The fields a recommendation can carry, in the order a report shows them.
FIELDS = ("recommendation_text", "evidence_requirement", "owner", "force_update", "action",
          "status", "date", "deadline", "supporting_documents")


@dataclass
class Note:
    line: int
    kind: str  # unparsed: text kept but not placed; warning: placed, but worth a look
    message: str
    text: str | None = None


@dataclass
class Heading:
    text: str
    line: int
    position: int  # 1 for the plan's first heading


@dataclass
class RawRecommendation:
    number: str
    line_from: int
    line_to: int
    heading: Heading | None = None
    fields: dict[str, str] = field(default_factory=dict)  # field -> text as written


@dataclass
class LayoutResult:
    layout: str
    recommendations: list[RawRecommendation] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    metadata: dict[str, str] = field(default_factory=dict)  # plan-level "Operational lead: ..." lines
    stopped_at: tuple[int, str] | None = None  # (line, why) when the page seems cut off

    def unparsed(self, line: int, text: str, why: str) -> None:
        self.notes.append(Note(line, "unparsed", why, text))

    def warn(self, line: int, message: str, text: str | None = None) -> None:
        self.notes.append(Note(line, "warning", message, text))
