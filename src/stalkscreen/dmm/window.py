"""The look-back of a meeting's list: whole days from the start of the previous meeting day up to
the start of the meeting day. On a Monday that is Friday to Sunday (72 hours); after a bank
holiday Monday, Friday to Monday. The rule lives here, in plain Python, so it can be read and
tested on its own."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from stalkscreen.dmm.rules import WEEKDAYS, DmmRules
from stalkscreen.errors import StalkscreenError


@dataclass(frozen=True)
class Window:
    day: dt.date          # the meeting day
    start: dt.date        # the first day looked back over (the previous meeting day)
    end: dt.date          # the meeting day: the look-back stops at its start (exclusive)

    @property
    def hours(self) -> int:
        return (self.end - self.start).days * 24

    @property
    def last_day(self) -> dt.date:
        """The last whole day in the look-back: what the list knows is as of this day's end."""
        return self.end - dt.timedelta(days=1)

    def describe(self) -> str:
        return f"{self.start.isoformat()} 00:00 to {self.end.isoformat()} 00:00 ({self.hours} hours)"


def sits_on(rules: DmmRules, day: dt.date) -> bool:
    return day.weekday() in rules.meeting_days and day not in rules.bank_holidays


def _not_sitting(rules: DmmRules, day: dt.date) -> str:
    if day in rules.bank_holidays:
        return "a bank holiday in the DMM rules (meeting.bank_holidays)"
    return f"a {WEEKDAYS[day.weekday()].title()}, not a meeting day (meeting.days)"


def look_back(rules: DmmRules, day: dt.date) -> Window:
    """The window for the meeting on `day`; an error if the meeting does not sit that day or the
    previous sitting is further back than the rules allow."""
    if not sits_on(rules, day):
        raise StalkscreenError(f"--date {day.isoformat()}: {_not_sitting(rules, day)}",
                               hint="give a day the meeting sits, or change the meeting days in the DMM rules")
    previous = day - dt.timedelta(days=1)
    while not sits_on(rules, previous):
        previous -= dt.timedelta(days=1)
        if (day - previous).days > rules.max_lookback_days:
            raise StalkscreenError(
                f"--date {day.isoformat()}: no meeting day in the {rules.max_lookback_days} days before it",
                hint="check meeting.days and meeting.bank_holidays, or raise meeting.max_lookback_days")
    return Window(day, previous, day)
