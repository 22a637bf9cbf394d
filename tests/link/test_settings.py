"""The linkage settings file: shipped defaults, a force's own copy, and faults named by file and line."""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path

import pytest

from stalkscreen.errors import StalkscreenError
from stalkscreen.link import settings as link_settings

SHIPPED = (resources.files("stalkscreen.reference") / "linkage.yaml").read_text(encoding="utf-8")


def _with(tmp_path: Path, pattern: str, replacement: str) -> tuple[Path, int]:
    """A copy of the shipped file with one line changed: (path, that line's number)."""
    match = re.search(pattern, SHIPPED, flags=re.M)
    assert match, pattern
    path = tmp_path / "linkage.yaml"
    path.write_text(SHIPPED[:match.start()] + replacement + SHIPPED[match.end():], encoding="utf-8")
    return path, SHIPPED.count("\n", 0, match.start()) + 1


def test_the_shipped_settings_load_with_the_threshold_inside_the_review_band():
    chosen = link_settings.load()
    assert chosen.review_from <= chosen.threshold <= chosen.review_to
    assert chosen.split_thresholds == tuple(sorted(chosen.split_thresholds))


def test_a_threshold_of_1_5_is_refused_naming_file_and_line(tmp_path):
    path, line = _with(tmp_path, r"^threshold: .*$", "threshold: 1.5")
    with pytest.raises(StalkscreenError) as raised:
        link_settings.load(path)
    assert raised.value.message == f"{path}:{line}: `threshold` must be a probability between 0 and 1, not 1.5"


def test_a_threshold_outside_the_review_band_is_refused_naming_file_and_line(tmp_path):
    path, line = _with(tmp_path, r"^threshold: .*$", "threshold: 0.999")
    with pytest.raises(StalkscreenError, match=rf"^{re.escape(str(path))}:{line}: `threshold` must lie between"):
        link_settings.load(path)


def test_a_pair_budget_of_zero_is_refused_naming_file_and_line(tmp_path):
    path, line = _with(tmp_path, r"^pair_budget: .*$", "pair_budget: 0")
    with pytest.raises(StalkscreenError, match=rf"^{re.escape(str(path))}:{line}: `pair_budget` must be a positive"):
        link_settings.load(path)


def test_split_thresholds_that_are_not_probabilities_are_refused_naming_file_and_line(tmp_path):
    path, line = _with(tmp_path, r"^split_thresholds: .*$", "split_thresholds: [0.99, 2.0]")
    with pytest.raises(StalkscreenError, match=rf"^{re.escape(str(path))}:{line}: `split_thresholds` must be"):
        link_settings.load(path)


def test_a_settings_file_without_a_version_is_refused(tmp_path):
    path, _ = _with(tmp_path, r"^version: .*$", "")
    with pytest.raises(StalkscreenError, match="missing `version`"):
        link_settings.load(path)


def test_a_force_copy_with_its_own_threshold_and_version_is_used_in_full(tmp_path):
    path, _ = _with(tmp_path, r"^threshold: .*$", "threshold: 0.9")
    path.write_text(path.read_text(encoding="utf-8").replace('version: "2026.11-1"', 'version: "force-1"'),
                    encoding="utf-8")
    chosen = link_settings.load(path)
    assert (chosen.threshold, chosen.version) == (0.9, "force-1")


def test_with_threshold_changes_only_the_threshold():
    chosen = link_settings.load()
    changed = chosen.with_threshold(0.9)
    assert (changed.threshold, {**changed.__dict__, "threshold": None}) == (0.9, {**chosen.__dict__, "threshold": None})


def test_forename_variants_map_a_nickname_to_its_group_head():
    assert "ROBERT" in link_settings.load_variants()["BOB"]


def test_a_variant_group_that_is_not_a_list_is_refused_naming_file_and_line(tmp_path):
    path = tmp_path / "variants.yaml"
    path.write_text('version: "1"\ngroups:\n  - [Robert, Bob]\n  - Robert\n', encoding="utf-8")
    with pytest.raises(StalkscreenError, match=rf"^{re.escape(str(path))}:4: each group must be"):
        link_settings.load_variants(path)


def test_cli_link_with_a_bad_settings_file_exits_2_naming_file_and_line(cli, tmp_path):
    path, line = _with(tmp_path, r"^threshold: .*$", "threshold: 1.5")
    code, _, err = cli("--db", tmp_path / "s.duckdb", "link", "--settings", path)
    assert code == 2
    assert f"error: {path}:{line}: `threshold` must be a probability" in err
