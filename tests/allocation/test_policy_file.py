"""A bad allocation policy is refused, naming the file, the line, the key and the problem."""

from __future__ import annotations

from importlib import resources

import pytest

from stalkscreen.allocation import policy as allocation_policy
from stalkscreen.errors import StalkscreenError
from stalkscreen.reference import offences

SHIPPED = (resources.files("stalkscreen.reference") / "allocation.yaml").read_text(encoding="utf-8")


def refused(tmp_path, old: str, new: str) -> str:
    assert old in SHIPPED
    path = tmp_path / "policy.yaml"
    path.write_text(SHIPPED.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(StalkscreenError) as err:
        allocation_policy.load(path, offences.load())
    return err.value.message.replace(str(path), "policy.yaml")


def test_the_shipped_policy_loads_with_its_teams_and_rules():
    policy = allocation_policy.load(None, offences.load())
    assert (list(policy.teams), [r.id for r in policy.rules]) == (
        ["RDAIT", "CID"], ["high_risk", "stalking_with_violence", "below_threshold"])


def test_an_unknown_condition_is_refused_naming_it(tmp_path):
    assert refused(tmp_path, "when: {risk_levels: [high]}", "when: {risk_level: [high]}") == (
        "policy.yaml:30: `rules.0.when.risk_level`: unknown condition; expected one of risk_levels, offence_groups, "
        "domestic_abuse, always")


def test_a_rule_for_a_team_the_policy_does_not_define_is_refused(tmp_path):
    assert refused(tmp_path, "team: CID\n    when: {always: true}", "team: MIT\n    when: {always: true}") == (
        "policy.yaml:41: `rules.2.team`: 'MIT' is not a team of `teams` (RDAIT, CID)")


def test_an_unknown_risk_level_is_refused(tmp_path):
    assert refused(tmp_path, "risk_levels: [high]", "risk_levels: [very_high]") == (
        "policy.yaml:30: `rules.0.when.risk_levels`: unknown 'very_high'; expected any of standard, medium, high")


def test_an_offence_group_the_catalogue_lacks_is_refused(tmp_path):
    message = refused(tmp_path, "offence_groups: [violence, sexual]", "offence_groups: [violent]")
    assert message.startswith("policy.yaml:36: `rules.1.when.offence_groups`: unknown 'violent'; expected any of stalking")


def test_a_policy_without_a_last_rule_for_every_case_is_refused(tmp_path):
    assert refused(tmp_path, "when: {always: true}", "when: {domestic_abuse: false}") == (
        "policy.yaml:42: `rules.2.when`: the last rule must be `{always: true}`, so every case gets a team")


def test_a_team_rank_that_is_not_a_whole_number_is_refused(tmp_path):
    assert refused(tmp_path, "rank: 2", "rank: high") == (
        "policy.yaml:14: `teams.RDAIT.rank`: must be a whole number of at least 1, not 'high'")


def test_a_rule_without_its_source_is_refused(tmp_path):
    assert refused(tmp_path, '    source: "Kent action plan 17.1"\n  - id: stalking', "  - id: stalking") == (
        "policy.yaml:28: `rules.0`: each rule needs `verified: true|false` and a `source`")


def test_a_policy_without_a_version_is_refused(tmp_path):
    assert refused(tmp_path, 'version: "2026.11-1"', "") == (
        "policy.yaml:6: missing `version`; every reference file states its version")
