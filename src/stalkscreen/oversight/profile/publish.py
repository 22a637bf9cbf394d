"""Publish mode: a profile fit for the force website or a partner agency.

- a count from 1 to 4 of crimes or people is shown as "<5", and a share or rate computed from
  such a count is withheld, so that no small group (and so no person) can be picked out; zero
  is shown, as it describes nobody;
- tables that name people, crime ids, full postcodes or narratives are left out entirely, and as
  a second guard any table with such a column is left out too.
"""

from __future__ import annotations

import copy
from typing import Any

from stalkscreen.oversight.profile.model import Profile, Table

THRESHOLD = 5
SUPPRESSED = "<5"
WITHHELD = "–"  # a share whose count is suppressed
IDENTIFYING_COLUMNS = {"crime_id", "crime_ids", "person_id", "person_record_id", "name", "forename", "surname",
                       "dob", "address", "postcode", "phone", "email", "narrative"}


def small(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value < THRESHOLD


def count(value: Any, publish: bool) -> Any:
    """A count as a published profile may print it (for counts quoted in notes and titles)."""
    return SUPPRESSED if publish and small(value) else value


def table(source: Table) -> Table | None:
    if source.identifying or IDENTIFYING_COLUMNS & set(source.columns):
        return None
    out = copy.copy(source)
    out.rows = [_row(row, source) for row in source.rows]
    return out


def _row(row: dict, source: Table) -> dict:
    out = dict(row)
    for rate, numerator in source.rates.items():
        if small(row.get(numerator)):
            out[rate] = WITHHELD
    for column in source.counts:
        if small(row.get(column)):
            out[column] = SUPPRESSED
    return out


def profile(source: Profile) -> Profile:
    out = copy.copy(source)
    out.sections = []
    for section in source.sections:
        kept = copy.copy(section)
        kept.tables = [t for t in (table(t) for t in section.tables) if t is not None]
        out.sections.append(kept)
    return out
