import pytest

from stalkscreen.errors import StalkscreenError
from stalkscreen.reference import offences


@pytest.fixture(scope="module")
def catalogue():
    return offences.load()


@pytest.mark.parametrize("raw, normal", [("008/56", "8/56"), ("08/67", "8/67"), ("195/12", "195/12"), (" ss8l-01 ", "SS8L-01")])
def test_codes_are_normalised_so_zero_padding_does_not_matter(raw, normal):
    assert offences.normalise_code(raw) == normal


def test_the_stalking_group_holds_the_three_stalking_codes(catalogue):
    assert catalogue.group_codes("stalking") == ["195/12", "8/65", "8/66"]


def test_the_verified_codes_of_the_domain_notes_are_marked_verified(catalogue):
    for code in ("195/12", "8/65", "8/66", "8/56", "8/58", "8/67", "125/9", "125/11", "125/12"):
        assert catalogue.get(code).verified, code


def test_every_local_code_is_marked_unverified(catalogue):
    local = [o for c, o in catalogue.offences.items() if c.startswith("SS")]
    assert local and not any(o.verified for o in local)


def test_every_entry_names_its_source(catalogue):
    assert all(o.source for o in catalogue.offences.values())


def test_stalking_is_not_in_the_adjacent_set_but_harassment_and_breaches_are(catalogue):
    adjacent = set(catalogue.adjacent_codes())
    assert not adjacent & set(catalogue.group_codes("stalking"))
    assert {"SS8L-01", "SSBR-01", "8/67", "SSCD-01"} <= adjacent


@pytest.mark.parametrize("term, codes", [
    ("stalking", ["195/12", "8/65", "8/66"]),
    ("Stalking", ["195/12", "8/65", "8/66"]),
    ("8Q", ["195/12", "8/65", "8/66"]),
    ("008/56", ["8/56"]),
    ("Racially or religiously aggravated harassment", ["8/56", "8/58"]),
])
def test_a_search_term_resolves_to_group_class_or_code(catalogue, term, codes):
    assert catalogue.resolve(term)[1] == codes


def test_an_unknown_term_lists_the_groups_in_its_hint(catalogue):
    with pytest.raises(StalkscreenError) as caught:
        catalogue.resolve("jaywalking")
    assert "stalking" in caught.value.hint


def test_a_force_file_adds_and_overrides_codes(tmp_path):
    force = tmp_path / "kent.yaml"
    force.write_text(
        'version: "k1"\n'
        "offences:\n"
        '  - {code: "195/94", name: Harassment, classification: 8L, group: harassment, verified: true, source: force list}\n'
        '  - {code: "SS8L-01", name: Harassment (legacy), classification: 8L, group: harassment, source: force list}\n'
    )
    catalogue = offences.load(force)
    assert catalogue.get("195/94").verified
    assert catalogue.get("SS8L-01").name == "Harassment (legacy)"
    assert catalogue.version.endswith("kent-k1")


def test_a_force_file_with_an_unknown_field_is_refused_with_its_line(tmp_path):
    force = tmp_path / "bad.yaml"
    force.write_text('version: "1"\noffences:\n  - {code: "1/1", name: X, group: stalking}\n  - {code: "1/2", name: Y, group: stalking, colour: red}\n')
    with pytest.raises(StalkscreenError, match=r"bad.yaml:4: unknown field\(s\) \['colour'\]"):
        offences.load(force)


def test_a_force_file_with_broken_yaml_names_the_line(tmp_path):
    force = tmp_path / "broken.yaml"
    force.write_text('version: "1"\noffences:\n  - {code: "1/1", name: X\n')
    with pytest.raises(StalkscreenError, match=r"broken.yaml:\d+: not valid YAML"):
        offences.load(force)


def test_a_force_file_without_a_version_is_refused(tmp_path):
    force = tmp_path / "nov.yaml"
    force.write_text("offences: []\n")
    with pytest.raises(StalkscreenError, match="missing `version`"):
        offences.load(force)
