"""The casework rules file: every rule marked verified or not with its source; a fault names the
file and line."""

from __future__ import annotations

import pytest

from stalkscreen.casework import rules as casework_rules
from stalkscreen.errors import StalkscreenError
from stalkscreen.reference.files import read_yaml

SHIPPED = casework_rules.load()


def shipped_text() -> str:
    from importlib import resources
    return (resources.files("stalkscreen.reference") / "casework.yaml").read_text(encoding="utf-8")


def test_the_statutory_spo_timings_are_two_years_and_three_days():
    assert (SHIPPED.minimum_full_years, SHIPPED.notification_days) == (2, 3)


def test_every_victims_code_rule_and_case_item_states_whether_it_is_verified_and_its_source():
    entries = [*SHIPPED.victims_code, *SHIPPED.case_items]
    assert [e.id for e in entries if not isinstance(e.verified, bool) or not e.source.strip()] == []


def test_the_statutory_timings_are_marked_verified_in_the_file():
    data, _ = read_yaml("casework.yaml", shipped_text())
    assert (data["spo"]["minimum_full_years"]["verified"], data["spo"]["notification_days"]["verified"]) == (True, True)


def test_a_rule_without_a_source_is_refused_naming_file_and_line(tmp_path):
    path = tmp_path / "force.yaml"
    path.write_text(shipped_text().replace(
        'source: "Stalking Protection Act 2019 ss9 and 11 (PNLD summary)"', 'source: ""'), encoding="utf-8")
    with pytest.raises(StalkscreenError, match=rf"{path}:15: each rule needs `verified: true\|false` and a `source`"):
        casework_rules.load(path)


def test_an_unknown_unit_is_refused_naming_file_and_line(tmp_path):
    path = tmp_path / "force.yaml"
    path.write_text(shipped_text().replace("unit: working_days", "unit: weeks", 1), encoding="utf-8")
    with pytest.raises(StalkscreenError, match=rf"{path}:\d+: `unit` must be one of days, working_days"):
        casework_rules.load(path)


def test_a_force_file_changes_a_timing(tmp_path):
    path = tmp_path / "force.yaml"
    path.write_text(shipped_text().replace("consideration_days: {value: 28", "consideration_days: {value: 14"),
                    encoding="utf-8")
    assert casework_rules.load(path).consideration_days == 14
