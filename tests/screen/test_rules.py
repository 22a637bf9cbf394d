"""The rule pack: the shipped file loads; a force's file is laid over it; faults name file and line."""

from __future__ import annotations

import textwrap

import pytest

from stalkscreen.errors import StalkscreenError
from stalkscreen.screen import rules


def _write(tmp_path, text: str, name: str = "force.yaml"):
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_the_shipped_pack_has_every_structural_rule_with_a_version_and_weight():
    pack = rules.load()
    assert sorted(pack.rules) == sorted(rules.STRUCTURAL)
    assert all(r.version and 0 <= r.weight <= 1 for r in pack.rules.values())


def test_the_shipped_settings_are_a_twelve_month_window_and_two_occasions():
    pack = rules.load()
    assert (pack.window_days, pack.min_occasions, pack.spans_per_rule) == (365, 2, 3)


def test_a_breach_of_an_order_is_a_high_priority_rule():
    assert rules.load().rules["order.breach"].priority == "high"


def test_a_force_file_replaces_the_settings_and_rule_fields_it_names(tmp_path):
    path = _write(tmp_path, """\
        version: "kent-3"
        settings:
          window_days: 180
        rules:
          conduct.dyad:
            weight: 0.75
        """)
    pack = rules.load(path)
    shipped = rules.load()
    assert (pack.window_days, pack.rules["conduct.dyad"].weight, pack.threshold) == (180, 0.75, shipped.threshold)
    assert pack.version == f"{shipped.version}+force-kent-3"
    assert pack.rules["conduct.dyad"].version == shipped.rules["conduct.dyad"].version


def test_the_environment_variable_names_a_force_file(tmp_path, monkeypatch):
    path = _write(tmp_path, 'version: "x1"\nsettings:\n  threshold: 0.7\n')
    monkeypatch.setenv(rules.ENV, str(path))
    assert rules.load().threshold == 0.7


def test_a_force_file_changes_the_pack_fingerprint(tmp_path):
    path = _write(tmp_path, 'version: "x1"\nsettings:\n  threshold: 0.7\n')
    assert rules.load(path).fingerprint != rules.load().fingerprint


@pytest.mark.parametrize("text, message", [
    ('version: "1"\nsettings:\n  window_days: 365\n  windows: 3\n',
     r"force.yaml:4: unknown field `windows`; allowed: high_score, min_occasions, spans_per_rule, threshold, "
     r"window_days"),
    ('version: "1"\nrules:\n  conduct.dyad:\n    weight: 0.5\n    colour: red\n',
     r"force.yaml:5: unknown field `colour`"),
    ('version: "1"\nsettings:\n  window_days: "a year"\n', r"force.yaml:3: `window_days` must be a whole number"),
    ('version: "1"\nsettings:\n  threshold: 1.5\n', r"force.yaml:3: `threshold` must lie between 0.01 and 1.0"),
    ('version: "1"\nrules:\n  conduct.dyad:\n    weight: heavy\n', r"force.yaml:4: `weight` must be a number"),
    ('version: "1"\nrules:\n  narrative.following:\n    weight: 0.5\n',
     r"force.yaml:3: unknown rule `narrative.following`.*narrative rules belong in the lexicon"),
    ('version: "1"\nrules:\n  order.breach:\n    priority: urgent\n',
     r"force.yaml:4: `priority` must be one of high, medium, low"),
    ('version: "1"\nsettings:\n  threshold: [0.5\n', r"force.yaml:4: not valid YAML"),
    ('settings:\n  threshold: 0.5\n', r"force.yaml:1: missing `version`"),
    ('version: "1"\nrules:\n  classification.included_gap:\n    weight: 0.3\n',
     r"force.yaml: rule `classification.included_gap` is a suggestion, not evidence: its weight must be 0"),
    ('version: "1"\nsettings:\n  high_score: 0.2\n', r"force.yaml: `high_score` must not be below `threshold`"),
])
def test_a_faulty_force_file_is_refused_naming_file_and_line(tmp_path, text, message):
    path = _write(tmp_path, text)
    with pytest.raises(StalkscreenError, match=message):
        rules.load(path)


def test_a_missing_force_file_is_named(tmp_path):
    with pytest.raises(StalkscreenError, match=r"nowhere.yaml: no such file"):
        rules.load(tmp_path / "nowhere.yaml")
