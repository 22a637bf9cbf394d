"""Loading the narrative screening lexicon: its rules, a force's own copy, and every fault in a
file reported with the file and line."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from stalkscreen.errors import StalkscreenError
from stalkscreen.screen import lexicon
from stalkscreen.screen import lexicon_patterns as patterns

SHIPPED = lexicon.shipped_path()
BRIEF_RULES = {"following", "contact", "publishing", "monitoring", "loitering", "property", "watching", "four",
               "online", "third_party", "gifts", "turning_up", "repetition", "explicit"}


@pytest.fixture(scope="module")
def lex() -> lexicon.Lexicon:
    return lexicon.load()


def variant(tmp_path: Path, old: str, new: str) -> tuple[Path, int]:
    """The shipped file with its first `old` replaced by `new`: (its path, the line of the change)."""
    text = SHIPPED.read_text(encoding="utf-8")
    at = text.index(old)
    path = tmp_path / "force_lexicon.yaml"
    path.write_text(text[:at] + new + text[at + len(old):], encoding="utf-8")
    model = SHIPPED.parent / "screening_model.yaml"  # named by decision.model: a force copies it too
    (tmp_path / model.name).write_bytes(model.read_bytes())
    return path, text[:at].count("\n") + 1


def fault(path: Path) -> str:
    with pytest.raises(StalkscreenError) as caught:
        lexicon.load(path)
    return caught.value.message


FIRST_PATTERN = '      - "air ?tags?"'  # a line that is one pattern of narrative.tracking
TRACKING_WEIGHT = "    weight: 0.35\n"  # the weight line of narrative.tracking


def tracking_entry(lex) -> int:
    return [r.rule for r in lex.behaviours].index("narrative.tracking") + 1


def test_the_shipped_lexicon_states_its_version(lex):
    assert re.fullmatch(r"\d{4}\.\d{2}-\d+", lex.version)


def test_the_shipped_lexicon_is_loaded_from_the_package_folder(lex):
    assert lex.path == SHIPPED and SHIPPED.parent.name == "reference"


def test_the_lexicon_has_every_narrative_rule_the_screening_brief_names(lex):
    assert BRIEF_RULES <= {rule.removeprefix("narrative.") for rule in lex.rules}


def test_rules_lists_behaviours_before_signals(lex):
    assert lex.rules == tuple(r.rule for r in lex.behaviours) + tuple(r.rule for r in lex.signals)


def test_a_force_copy_is_read_from_its_own_path(tmp_path):
    path, _ = variant(tmp_path, 'version: "', 'version: "force-7')
    model = tmp_path / "screening_model.yaml"
    model.write_text(re.sub(r"(?m)^lexicon_version: .*$", f"lexicon_version: force-7{lexicon.load().version}",
                            model.read_text(encoding="utf-8")), encoding="utf-8")
    loaded = lexicon.load(path)
    assert loaded.version.startswith("force-7") and loaded.model.path == model


def test_a_model_fitted_with_another_lexicon_version_is_refused(tmp_path):
    path, _ = variant(tmp_path, 'version: "', 'version: "force-7')
    message = fault(path)
    assert "was fitted with lexicon" in message and "stalkscreen fit-model" in message


def test_a_missing_model_file_is_named(tmp_path):
    path, _ = variant(tmp_path, "model: screening_model.yaml", "model: force_model.yaml")
    assert "force_model.yaml does not exist" in fault(path)


def test_a_yaml_syntax_error_names_the_file_and_line(tmp_path):
    path, line = variant(tmp_path, FIRST_PATTERN, '      - "air ?tags?" "air tag"')
    assert fault(path).startswith(f"{path}:{line}: not valid YAML")


def test_an_unknown_field_in_a_rule_names_its_line(tmp_path, lex):
    path, line = variant(tmp_path, TRACKING_WEIGHT, TRACKING_WEIGHT + "    wieght: 0.4\n")
    assert fault(path) == (f"{path}:{line + 1}: unknown field `wieght` in behaviours entry {tracking_entry(lex)} "
                           "(expected one of: rule, description, weight, patterns, verified)")


def test_an_unknown_top_level_field_is_refused(tmp_path):
    path, line = variant(tmp_path, "scan:\n", "scna: 1\nscan:\n")
    assert fault(path).startswith(f"{path}:{line}: unknown field `scna` in the lexicon")


def test_a_rule_without_a_weight_names_the_rule_entry(tmp_path, lex):
    path, line = variant(tmp_path, TRACKING_WEIGHT, "")
    assert fault(path) == f"{path}:{line - 2}: behaviours entry {tracking_entry(lex)} is missing `weight`"


def test_a_pattern_that_does_not_compile_names_its_line(tmp_path):
    path, line = variant(tmp_path, FIRST_PATTERN, '      - "air (tags"')
    assert fault(path).startswith(f"{path}:{line}: pattern 'air (tags': not a regular expression")


@pytest.mark.parametrize("construct", ["(?<=ex )stalk", "(?<!no )stalk", "stalk(?=ed)", "stalk(?!ed)",
                                       "(?P<word>stalk)", "(?i)stalk", "(stalk) \\1", "stalk++", "stalk{2}+",
                                       "[[:alpha:]]stalk", "[a-z&&[^e]]talk", "stalk\\Z", "{,3}stalk"])
def test_a_construct_outside_the_re2_and_java_subset_is_refused_with_its_line(tmp_path, construct):
    path, line = variant(tmp_path, FIRST_PATTERN, f'      - "{construct.replace(chr(92), chr(92) * 2)}"')
    assert fault(path).startswith(f"{path}:{line}: pattern {construct!r}:")


def test_a_pattern_that_can_match_empty_text_is_refused(tmp_path):
    path, line = variant(tmp_path, FIRST_PATTERN, '      - "(air)?"')
    assert fault(path) == f"{path}:{line}: pattern '(air)?': the pattern can match empty text"


def test_a_rule_pattern_that_can_end_on_a_space_is_refused(tmp_path):
    # whole-word matching puts \b after it: such a hit would be found in context but not on its own
    path, line = variant(tmp_path, FIRST_PATTERN, '      - "air tags( on)? ?"')
    assert fault(path).startswith(f"{path}:{line}: pattern 'air tags( on)? ?' can end on a space or punctuation")


def test_an_unknown_fragment_is_named(tmp_path):
    path, line = variant(tmp_path, FIRST_PATTERN, '      - "air {gadget}"')
    assert fault(path) == f"{path}:{line}: pattern 'air {{gadget}}' uses unknown fragment `{{gadget}}`"


def test_a_weight_above_one_is_refused(tmp_path):
    path, line = variant(tmp_path, TRACKING_WEIGHT, "    weight: 3.5\n")
    assert fault(path) == f"{path}:{line}: `weight` of narrative.tracking must be a number from 0 to 1"


def test_a_rule_defined_twice_is_refused(tmp_path):
    path, line = variant(tmp_path, "rule: narrative.tracking", "rule: narrative.third_party")
    assert fault(path) == f"{path}:{line}: rule `narrative.third_party` is defined twice"


def test_a_decision_naming_a_rule_not_in_the_lexicon_is_refused(tmp_path):
    path, line = variant(tmp_path, "any_of: [narrative.explicit]", "any_of: [narrative.stalking]")
    assert fault(path).startswith(f"{path}:{line}: `any_of` must list rules of this lexicon")


def test_a_cue_class_with_an_unknown_scope_is_refused(tmp_path):
    path, line = variant(tmp_path, "    scope: before\n", "    scope: anywhere\n")
    assert fault(path) == f"{path}:{line}: `scope` of cue class `negation` must be one of: before, clause, ignore"


def test_a_missing_file_is_named():
    missing = Path("/nonexistent/lexicon.yaml")
    with pytest.raises(StalkscreenError, match="/nonexistent/lexicon.yaml: no such file"):
        lexicon.load(missing)


def test_a_space_in_a_pattern_matches_a_line_break_and_a_run_of_spaces():
    rewritten = patterns.portable("turned up")
    assert [bool(re.fullmatch(rewritten, t)) for t in ("turned up", "turned\nup", "turned   up")] == [True, True, True]


def test_an_apostrophe_in_a_pattern_matches_a_curly_apostrophe():
    assert re.fullmatch(patterns.portable("ip's"), "ip\u2019s")


def test_a_dot_in_a_pattern_does_not_match_a_carriage_return():
    # Java's `.` refuses \r where RE2's accepts it: the rewrite makes both refuse it
    assert re.fullmatch(patterns.portable("a.b"), "a\rb") is None


def test_every_group_in_a_pattern_becomes_non_capturing():
    assert patterns.portable("(a|b)(c)") == "(?:a|b)(?:c)"


def test_an_unknown_sql_dialect_is_refused(lex):
    with pytest.raises(StalkscreenError, match="unknown SQL dialect 'oracle'"):
        lexicon.hits_sql(lex, "narratives", "oracle")
