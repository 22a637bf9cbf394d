"""A produced DMM list: the meeting day's look-back, its sections' lines, notes on what the store
could not give, and the versions it was made from."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from stalkscreen.dmm.window import Window

SECTIONS = ("new_high_risk", "breaches", "new_flags", "high_harm", "overdue")
TITLES = {
    "new_high_risk": "New high-risk stalking cases",
    "breaches": "Breaches of orders",
    "new_flags": "Newly indicated screening flags",
    "high_harm": "High-harm offenders with new activity",
    "overdue": "Overdue actions (risk assessments, SPO decisions, needs assessments)",
}
LINE_COLUMNS = ["section", "position", "crime_id", "subject", "reason", "since", "open"]


@dataclass
class DmmList:
    window: Window
    sections: dict[str, list[dict]]            # section -> lines, each numbered by `position`
    notes: dict[str, list[str]] = field(default_factory=dict)   # section -> what it could not show
    unavailable: set[str] = field(default_factory=set)          # sections not computed at all
    versions: dict = field(default_factory=dict)
    produced_at: dt.datetime | None = None

    def counts(self) -> dict[str, int | None]:
        return {s: None if s in self.unavailable else len(self.sections.get(s, [])) for s in SECTIONS}

    def total(self) -> int:
        return sum(len(self.sections.get(s, [])) for s in SECTIONS)

    def lines(self) -> list[dict]:
        return [x for s in SECTIONS for x in self.sections.get(s, [])]

    def all_notes(self) -> list[str]:
        return [f"{TITLES[s]}: {n}" for s in SECTIONS for n in self.notes.get(s, [])]

    def summary(self) -> dict:
        return {"produced_on": self.window.day, "window_start": self.window.start, "window_end": self.window.end,
                "window_hours": self.window.hours, "counts": self.counts(), "total": self.total(),
                "notes": self.all_notes(), "versions": self.versions, "produced_at": self.produced_at}


def numbered(lines: list[dict]) -> list[dict]:
    return [{**x, "position": i} for i, x in enumerate(lines, start=1)]
