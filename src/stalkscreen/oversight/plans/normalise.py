"""From text as written to normalised values: status and progress, deadlines and dates.

Each keeps the text it came from beside it, so a reader can always see what the plan said."""

from __future__ import annotations

import calendar
import datetime as dt
import re

STATUSES = ("complete", "in_progress", "not_started", "unknown")
EMPTY = {"", "-", "–", "—", "n/a", "na", "none", "tbc"}

_MONTHS = {name: i for i, name in enumerate(calendar.month_name) if name} | \
          {name: i for i, name in enumerate(calendar.month_abbr) if name} | {"Sept": 9}
_MONTH = "|".join(sorted(_MONTHS, key=len, reverse=True))
_DAY_MONTH_YEAR = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+({_MONTH})\.?,?\s+(\d{{4}})\b", re.IGNORECASE)
_MONTH_YEAR = re.compile(rf"\b({_MONTH})\.?[\s-]+(\d{{4}}|\d{{2}})\b", re.IGNORECASE)
_NUMERIC = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})$")
_DEADLINE = re.compile(r"^\s*(?:#+\s*)?(?:(?:recommendation\s+)?\d{1,2}\s*[.:)\-–]?\s+)?by\s+", re.IGNORECASE)

# Order matters: "partially complete" is in progress, "not started" is not "started".
_NOT_STARTED = re.compile(r"\bnot (yet )?(started|commenced|begun)\b|\bnot yet due\b")
_IN_PROGRESS = re.compile(r"\b(in progress|on-?going|under ?way|partially|partly|in hand|started|on track)\b")
_COMPLETE = re.compile(r"\b(complete|completed|achieved|closed|done|implemented|delivered)\b")


def empty(text: str | None) -> bool:
    return text is None or text.strip().lower() in EMPTY


def status(text: str | None) -> tuple[str, int | None]:
    """('complete' | 'in_progress' | 'not_started' | 'unknown', percent as written or None)."""
    if empty(text):
        return "unknown", None
    t = text.strip().lower()
    found = re.search(r"(\d{1,3})\s*%", t)
    percent = int(found.group(1)) if found and int(found.group(1)) <= 100 else None
    if _NOT_STARTED.search(t):
        return "not_started", percent
    if _IN_PROGRESS.search(t):
        return "in_progress", percent
    if _COMPLETE.search(t):
        return "complete", percent
    if percent is not None:  # a bare "50%": the plan gives progress without a word for it
        return ("complete" if percent == 100 else "not_started" if percent == 0 else "in_progress"), percent
    return "unknown", None


def _year(text: str) -> int:
    return int(text) + 2000 if len(text) == 2 else int(text)


def _month(name: str) -> int:
    key = name.capitalize()
    return _MONTHS.get(key) or _MONTHS[key[:3]]


def date(text: str | None, month_end: bool = False) -> dt.date | None:
    """A date written as '27 March 2025', '27th March 2025', '27/03/2025', '2025-03-27', or to the
    month only ('Nov-24', 'March 2025'): the month's first day, or its last with month_end."""
    if empty(text):
        return None
    t = text.strip()
    try:
        return dt.date.fromisoformat(t[:10])
    except ValueError:
        pass
    for pattern, build in ((_NUMERIC, lambda m: dt.date(_year(m[3]), int(m[2]), int(m[1]))),
                           (_DAY_MONTH_YEAR, lambda m: dt.date(int(m[3]), _month(m[2]), int(m[1]))),
                           (_MONTH_YEAR, lambda m: _month_date(_year(m[2]), _month(m[1]), month_end))):
        found = pattern.match(t) if pattern is _NUMERIC else pattern.search(t)
        if found:
            try:
                return build(found)
            except ValueError:
                return None
    return None


def _month_date(year: int, month: int, month_end: bool) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1] if month_end else 1)


def deadline(heading: str | None) -> tuple[dt.date | None, str | None]:
    """The date a heading's "By <date>, ..." sets, with the words it was read from: the first date
    after "By" ("By March 2025" means by its last day). A heading not starting "By" has none."""
    if not heading or not _DEADLINE.match(heading):
        return None, None
    start = _DEADLINE.match(heading).end()
    rest = heading[start:start + 40]
    found = _DAY_MONTH_YEAR.match(rest) or _MONTH_YEAR.match(rest)
    if not found:
        return None, None
    return date(found.group(0), month_end=True), "By " + found.group(0)
