"""The online-elements term list: versioned, validated with file and line, replaceable by a force."""

import pytest

from stalkscreen.errors import StalkscreenError
from stalkscreen.reference import online_elements


def test_the_shipped_list_has_the_four_kinds_of_online_element():
    assert [k.key for k in online_elements.load().kinds] == ["tracking", "monitoring", "social_media", "fake_profiles"]


def test_the_shipped_list_states_its_version_and_source():
    shipped = online_elements.load()
    assert (shipped.version, bool(shipped.source)) == ("2026.11-1", True)


def test_a_term_that_is_not_a_regular_expression_is_refused_with_its_line(tmp_path):
    path = tmp_path / "terms.yaml"
    path.write_text('version: "1"\nsource: test\nkinds:\n  tracking:\n    name: Tracking\n    terms:\n'
                    '      - "air ?tag"\n      - "gps (device"\n')
    with pytest.raises(StalkscreenError, match=r"terms.yaml:8: term 'gps \(device' is not a regular expression"):
        online_elements.load(path)


def test_a_file_without_a_version_is_refused(tmp_path):
    path = tmp_path / "terms.yaml"
    path.write_text("kinds:\n  tracking:\n    name: Tracking\n    terms: [gps]\n")
    with pytest.raises(StalkscreenError, match="missing `version`"):
        online_elements.load(path)


def test_a_force_list_replaces_the_shipped_one(tmp_path):
    path = tmp_path / "terms.yaml"
    path.write_text('version: "force-1"\nsource: our analysts\nkinds:\n  drones:\n    name: Drones\n    terms: ["drones?"]\n')
    loaded = online_elements.load(path)
    assert [(k.name, k.pattern) for k in loaded.kinds] == [("Drones", r"\b(drones?)\b")]
