"""The shipped question banks: item texts word for word, the DASH trigger, the local screening
questions, and a force's file laid over the shipped one."""

from __future__ import annotations

import pytest

from stalkscreen.errors import StalkscreenError
from stalkscreen.risk import instruments

# Copied from the project's reference notes (domain-notes 2.2), never read from them.
SDASH_2009 = [
    "Is the victim very frightened?",
    "Has the abuser(s) engaged in harassment on previous occasions(s)? (This victim and/or other victims)",
    "Has the abuser(s) ever destroyed or vandalised the victim's property?",
    "Does the abuser(s) visit the victim at work, home, etc. more than 3 times per week?",
    "Has the abuser(s) loitered around the victim's home, workplace etc.?",
    "Has the abuser(s) made any threats of physical or sexual violence in the current harassment incidents?",
    "Has the abuser(s) harassed any third party since the harassment began? (e.g. friends, family, children, etc.)",
    "Has the abuser(s) acted out violently towards people within the current stalking incidents?",
    "Has the abuser(s) persuaded other people to help him/her? (Wittingly or unwittingly)",
    "Is the abuser(s) known to be abusing drugs and/or alcohol?",
    "Is the abuser(s) known to have been violent in the past? (Physical or psychological. Intelligence or reported)",
]
DASH_Q8 = "Does (\u2026..) constantly text, call, contact, follow, stalk or harass you?"


def test_sdash_items_are_the_eleven_reference_texts_in_order(bank):
    items = bank.instruments[("S-DASH", "2009")].items
    assert [(i.number, i.text) for i in items] == list(enumerate(SDASH_2009, start=1))


def test_every_sdash_item_is_marked_verified(bank):
    assert all(i.verified for i in bank.instruments[("S-DASH", "2009")].items)


def test_dash_question_8_is_the_reference_text_and_triggers_the_sdash(bank):
    q8 = next(i for i in bank.instruments[("DASH", "2009")].items if i.number == 8)
    assert (q8.text, q8.verified, q8.triggers) == (DASH_Q8, True, "S-DASH")


def test_dash_has_24_items_and_only_question_8_is_marked_verified(bank):
    items = bank.instruments[("DASH", "2009")].items
    assert (len(items), [i.number for i in items if i.verified]) == (24, [8])


def test_dash_suggests_high_from_14_and_medium_from_10(bank):
    rule = bank.instruments[("DASH", "2009")].suggested_levels
    assert [(t.level, t.min_yes) for t in rule] == [("high", 14), ("medium", 10), ("standard", 0)]


def test_screening_questions_are_a_local_version_of_four_and_the_s2a3_behaviours(bank):
    sst = bank.instruments[("SST-local", "local-1")]
    ids = [i.id for i in sst.items]
    assert (sst.local, ids[:4], len([i for i in sst.items if "s2A(3)(" in i.text])) == (
        True, ["fixated", "obsessive", "unwanted", "repeated"], 7)


def test_aliases_name_the_same_instrument_in_any_case(bank):
    assert [bank.canonical(n) for n in ("sdash", "S DASH", "dash ric", "DARA")] == ["S-DASH", "S-DASH", "DASH", None]


FORCE_FILE = """version: "force-3"
policy:
  missing_window_days: {value: 90, verified: false, source: "force policy"}
instruments:
  - id: DARA
    version: "2024-local"
    name: "A force's DARA form"
    source: "force"
    verified: false
    local: true
    suggested_levels: null
    review_days: {value: 14, verified: false, source: "force policy"}
    items:
      - {id: a1, number: 1, verified: false, text: "Question one?"}
"""


def test_a_force_file_adds_an_instrument_and_replaces_one_policy_entry(tmp_path):
    path = tmp_path / "force.yaml"
    path.write_text(FORCE_FILE, encoding="utf-8")
    bank = instruments.load(path)
    assert (("DARA", "2024-local") in bank.instruments, ("S-DASH", "2009") in bank.instruments,
            bank.policy.missing_window_days, bank.policy.linked_records, bank.version) == (
        True, True, 90, 2, "2026.11-1+force-force-3")


def test_a_force_file_item_without_text_is_refused_naming_file_and_line(tmp_path):
    path = tmp_path / "force.yaml"
    path.write_text(FORCE_FILE.replace('verified: false, text: "Question one?"', "verified: false"), encoding="utf-8")
    with pytest.raises(StalkscreenError, match=r"force\.yaml:14: item lacks `text`"):
        instruments.load(path)


def test_a_trigger_naming_an_undefined_instrument_is_refused(tmp_path):
    path = tmp_path / "force.yaml"
    path.write_text(FORCE_FILE.replace('text: "Question one?"', 'text: "Question one?", triggers: NOPE'),
                    encoding="utf-8")
    with pytest.raises(StalkscreenError, match="NOPE named but not defined"):
        instruments.load(path)
