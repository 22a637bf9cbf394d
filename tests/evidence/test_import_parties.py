"""Contact parties: one normalised value however the phone wrote it, matched to person records by
phone or email, and attributed by an investigator."""

from __future__ import annotations

import pytest

from stalkscreen import store
from stalkscreen.errors import StalkscreenError
from stalkscreen.evidence import importing, parties

from .handmade_import import BY, NOW, build, contacts, counts, reasons

SUSPECT_FORMS = ["07700 900456", "+44 7700 900456", "00447700900456", "(0)7700-900-456", "+44 (0)7700 900456"]


@pytest.fixture
def con(tmp_path):
    with store.connect(build(tmp_path)) as con:
        yield con


def _import(con, path, owner="victim"):
    return importing.run(con, path, "C1", "contacts", owner, by=BY, now=NOW)


def _suspect_file(tmp_path):
    return contacts(tmp_path, "v.csv", [(f"2026-03-0{n + 1}T10:00:00Z", "in", p, "sms") for n, p in enumerate(SUSPECT_FORMS)])


def _links(con) -> set[tuple]:
    return set(con.execute('SELECT crime_id, party, person_record_id, matched_on, "by" FROM evidence_party_people').fetchall())


@pytest.mark.parametrize("written", SUSPECT_FORMS)
def test_a_uk_number_in_any_common_form_normalises_to_e164(written):
    assert parties.normalise(written) == ("phone", "+447700900456", None)


def test_every_form_of_the_suspects_number_is_stored_as_one_party(con, tmp_path):
    _import(con, _suspect_file(tmp_path))
    assert con.execute("SELECT DISTINCT party, party_kind FROM evidence_contacts").fetchall() == [("+447700900456", "phone")]


def test_the_suspects_number_is_matched_to_the_suspects_person_record(con, tmp_path):
    r = _import(con, _suspect_file(tmp_path))
    assert (_links(con), r.parties_matched) == ({("C1", "+447700900456", "S1", "phone", BY)}, 1)


def test_a_number_is_matched_to_a_person_record_on_another_crime(con, tmp_path):
    _import(con, contacts(tmp_path, "v.csv", [("2026-03-01T10:00:00Z", "out", "+447700900789", "call")]))
    assert _links(con) == {("C1", "+447700900789", "P9", "phone", BY)}


def test_an_email_is_lower_cased_and_matched_to_the_person_with_that_email(con, tmp_path):
    _import(con, contacts(tmp_path, "v.csv", [("2026-03-01T10:00:00Z", "in", " S.ONE@example.ORG", "email")]))
    assert (con.execute("SELECT party, party_kind FROM evidence_contacts").fetchall(), _links(con)) == (
        [("s.one@example.org", "email")], {("C1", "s.one@example.org", "S1", "email", BY)})


def test_a_handle_is_stored_with_its_channel_lower_case_without_the_at_sign(con, tmp_path):
    _import(con, contacts(tmp_path, "v.csv", [("2026-03-01T10:00:00Z", "in", "@JDoe99", "Instagram"),
                                              ("2026-03-01T10:01:00Z", "in", "jdoe99", "WhatsApp")]))
    assert con.execute("SELECT party, party_kind FROM evidence_contacts ORDER BY line").fetchall() == [
        ("instagram:jdoe99", "handle"), ("whatsapp:jdoe99", "handle")]


def test_an_invalid_number_is_quarantined(con, tmp_path):
    r = _import(con, contacts(tmp_path, "v.csv", [("2026-03-01T10:00:00Z", "in", "12345", "sms")]))
    assert reasons(con, r.source_id) == {2: "party '12345' is not a valid phone number (expected a number such as "
                                            "07700 900123 or +44 7700 900123)"}


def test_the_party_as_written_is_kept_beside_the_normalised_one(con, tmp_path):
    _import(con, contacts(tmp_path, "v.csv", [("2026-03-01T10:00:00Z", "in", "(0)7700-900-456", "sms")]))
    assert con.execute("SELECT party_raw, party FROM evidence_contacts").fetchall() == [("(0)7700-900-456", "+447700900456")]


def test_a_second_extraction_matching_the_same_party_adds_no_second_link(con, tmp_path):
    _import(con, _suspect_file(tmp_path))
    _import(con, contacts(tmp_path, "w.csv", [("2026-04-01T10:00:00Z", "in", "07700900456", "call")]))
    assert con.execute("SELECT count(*) FROM evidence_party_people").fetchone()[0] == 1


def test_an_investigator_attributes_a_handle_written_without_its_channel(con, tmp_path):
    _import(con, contacts(tmp_path, "v.csv", [("2026-03-01T10:00:00Z", "in", "@JDoe99", "Instagram")]))
    row = importing.attribute(con, "C1", "@jdoe99", "S1", note="account recovery email", by=BY, now=NOW)
    assert (row["party"], row["added"], _links(con)) == ("instagram:jdoe99", True,
                                                         {("C1", "instagram:jdoe99", "S1", "attributed", BY)})


def test_an_attributed_phone_is_normalised_as_at_import(con, tmp_path):
    _import(con, contacts(tmp_path, "v.csv", [("2026-03-01T10:00:00Z", "in", "07700 900999", "call")]))
    row = importing.attribute(con, "C1", "+44 (0)7700 900999", "S1", by=BY, now=NOW)
    assert row["party"] == "+447700900999"


def test_the_same_attribution_twice_is_stored_once(con, tmp_path):
    _import(con, contacts(tmp_path, "v.csv", [("2026-03-01T10:00:00Z", "in", "07700 900999", "call")]))
    importing.attribute(con, "C1", "07700 900999", "S1", by=BY, now=NOW)
    again = importing.attribute(con, "C1", "07700 900999", "S1", by=BY, now=NOW)
    assert (again["added"], counts(con)["evidence_party_people"]) == (False, 1)


def test_a_handle_on_two_channels_must_be_named_with_its_channel(con, tmp_path):
    _import(con, contacts(tmp_path, "v.csv", [("2026-03-01T10:00:00Z", "in", "@JDoe99", "Instagram"),
                                              ("2026-03-01T10:01:00Z", "in", "jdoe99", "WhatsApp")]))
    with pytest.raises(StalkscreenError, match="handle 'jdoe99' is on more than one channel for crime C1: "
                                               "instagram:jdoe99, whatsapp:jdoe99"):
        importing.attribute(con, "C1", "jdoe99", "S1", by=BY, now=NOW)


def test_attributing_a_party_in_no_contact_is_an_error_and_stores_nothing(con, tmp_path):
    _import(con, _suspect_file(tmp_path))
    before = counts(con)
    with pytest.raises(StalkscreenError, match=r"party '07700 900111' \(stored as '\+447700900111'\) is in no contact"):
        importing.attribute(con, "C1", "07700 900111", "S1", by=BY, now=NOW)
    assert counts(con) == before


def test_attributing_to_an_unknown_person_record_is_an_error(con, tmp_path):
    _import(con, _suspect_file(tmp_path))
    with pytest.raises(StalkscreenError, match="no person record 'S99'"):
        importing.attribute(con, "C1", "07700 900456", "S99", by=BY, now=NOW)
