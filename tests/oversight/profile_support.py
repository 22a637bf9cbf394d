"""Helpers for the problem-profile tests: a synthetic force's store, and the expected figures worked
out with plain SQL over that store (not through the profile code)."""

from __future__ import annotations

from pathlib import Path

from support import query

STALKING_CODES = ["195/12", "8/65", "8/66"]  # Home Office classification 8Q
PERIOD = ("2025-07-01", "2026-06-30")


STALKING_IN_PERIOD = """
    SELECT c.* FROM crimes c
    WHERE c.crime_id IN (SELECT crime_id FROM offences WHERE offence_code IN ('195/12', '8/65', '8/66'))
      AND c.recorded_at >= DATE '2025-07-01' AND c.recorded_at < DATE '2026-07-01'"""


def expected_months(db: Path) -> list[tuple[str, int, int, int]]:
    """(month, principal, included only, total) for stalking crimes in the period."""
    return query(db, f"""
        SELECT strftime(recorded_at, '%Y-%m') AS month,
               count(*) FILTER (WHERE offence_code IN ('195/12', '8/65', '8/66')),
               count(*) FILTER (WHERE offence_code NOT IN ('195/12', '8/65', '8/66')), count(*)
        FROM ({STALKING_IN_PERIOD}) GROUP BY 1 ORDER BY 1""")
