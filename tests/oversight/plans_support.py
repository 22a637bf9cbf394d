"""Helpers for the action-plan tests: the seed plans, a synthetic force's store, the CLI in-process."""

from __future__ import annotations

from pathlib import Path


FIXTURES = Path(__file__).parents[1] / "fixtures" / "plans"
KENT = FIXTURES / "kent_action_plan.txt"
CITY = FIXTURES / "city_of_london_action_plan.txt"
