"""Importing extraction files: every row accounted for, overlapping extractions stored once, the
same file twice a no-op, each file hashed, and a file that cannot be imported refused whole."""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil

import pytest

from stalkscreen import store
from stalkscreen.errors import StalkscreenError
from stalkscreen.evidence import importing

from .handmade_import import BY, FIXTURES, NOW, build, contacts, counts, reasons, write

GOOD = ("2026-03-01T10:00:00Z", "in", "07700 900456", "sms")


@pytest.fixture
def con(tmp_path):
    with store.connect(build(tmp_path)) as con:
        yield con


def _import(con, path, kind="contacts", owner="victim", crime_id="C1", **kwargs):
    return importing.run(con, path, crime_id, kind, owner, by=BY, now=NOW, **kwargs)


def _tally(r) -> tuple[int, int, int, int]:
    return r.rows_read, r.rows_loaded, r.rows_duplicate, r.rows_quarantined


# ---- loading and accounting ------------------------------------------------------------------------

def test_an_extraction_loads_every_good_row(con):
    assert _tally(_import(con, FIXTURES / "victim_phone_a.csv")) == (6, 6, 0, 0)


def test_a_loaded_row_keeps_owner_default_device_line_and_utc_time(con):
    r = _import(con, FIXTURES / "victim_phone_a.csv")
    row = con.execute("SELECT source_id, owner_person_record_id, device, line, at_utc, direction, channel, duration_s "
                      "FROM evidence_contacts WHERE line = 6").fetchone()
    assert row == (r.source_id, "V1", "V1-device", 6, dt.datetime(2026, 3, 3, 23, 55), "incoming", "call", 45)


def test_the_device_option_labels_rows_of_a_file_without_a_device_column(con):
    _import(con, FIXTURES / "victim_phone_a.csv", device="V1 iPhone (exhibit AB/1)")
    assert con.execute("SELECT DISTINCT device FROM evidence_contacts").fetchall() == [("V1 iPhone (exhibit AB/1)",)]


def test_a_device_column_wins_over_the_device_option(con, tmp_path):
    path = contacts(tmp_path, "d.csv", [(*GOOD, "AB/2")], header="timestamp,direction,party,channel,device")
    _import(con, path, device="AB/1")
    assert con.execute("SELECT device FROM evidence_contacts").fetchall() == [("AB/2",)]


def test_a_second_extraction_of_the_phone_loads_only_its_new_rows(con):
    _import(con, FIXTURES / "victim_phone_a.csv")
    assert _tally(_import(con, FIXTURES / "victim_phone_b.csv")) == (6, 2, 4, 0)


def test_overlapping_extractions_leave_each_contact_stored_once(con):
    _import(con, FIXTURES / "victim_phone_a.csv")
    _import(con, FIXTURES / "victim_phone_b.csv")
    assert con.execute("SELECT count(*), count(DISTINCT (at_utc, direction, channel, party)) "
                       "FROM evidence_contacts").fetchone() == (8, 8)


def test_a_row_repeated_within_one_file_is_counted_as_a_duplicate(con, tmp_path):
    assert _tally(_import(con, contacts(tmp_path, "r.csv", [GOOD, GOOD]))) == (2, 1, 1, 0)


def test_the_same_contacts_on_another_owners_device_are_not_duplicates(con):
    _import(con, FIXTURES / "victim_phone_a.csv")
    assert _tally(_import(con, FIXTURES / "victim_phone_a.csv", owner="W1")) == (6, 6, 0, 0)


def test_the_same_file_again_does_nothing_and_names_the_earlier_source(con):
    first = _import(con, FIXTURES / "victim_phone_a.csv")
    before = counts(con)
    again = _import(con, FIXTURES / "victim_phone_a.csv")
    assert (again.already_imported, again.skipped_reason, again.source_id, counts(con)) == (
        first.source_id, f"already imported as source {first.source_id}", None, before)


def test_the_same_bytes_under_another_name_are_the_same_file(con, tmp_path):
    first = _import(con, FIXTURES / "victim_phone_a.csv")
    copy = shutil.copyfile(FIXTURES / "victim_phone_a.csv", tmp_path / "copy.csv")
    assert _import(con, copy).already_imported == first.source_id


def test_the_same_file_with_a_newly_declared_zone_is_imported_again(con, tmp_path):
    path = contacts(tmp_path, "z.csv", [GOOD, ("2026-03-01 11:00", "in", "07700 900456", "sms")])
    _import(con, path)
    assert _tally(_import(con, path, timezone="Europe/London")) == (2, 1, 1, 0)


def test_the_source_records_the_sha256_of_the_files_bytes(con):
    path = FIXTURES / "victim_phone_a.csv"
    r = _import(con, path)
    expected = hashlib.sha256(path.read_bytes()).hexdigest()
    assert (r.content_hash, importing.sources(con, "C1")[0]["content_hash"]) == (expected, expected)


def test_the_source_records_who_imported_what_when_and_the_counts(con):
    _import(con, FIXTURES / "victim_phone_a.csv")
    _import(con, FIXTURES / "victim_phone_b.csv")
    row = importing.sources(con, "C1")[1]
    assert {k: row[k] for k in ("kind", "file", "owner_person_record_id", "device", "imported_by", "imported_at",
                                "rows_read", "rows_loaded", "rows_duplicate", "rows_quarantined")} == {
        "kind": "contacts", "file": str(FIXTURES / "victim_phone_b.csv"), "owner_person_record_id": "V1",
        "device": "V1-device", "imported_by": BY, "imported_at": NOW, "rows_read": 6, "rows_loaded": 2,
        "rows_duplicate": 4, "rows_quarantined": 0}


def test_a_mapping_renames_columns_and_declares_zone_and_format_of_a_semicolon_file(con):
    r = _import(con, FIXTURES / "vendor_export.csv", mapping=FIXTURES / "vendor_mapping.yaml")
    rows = con.execute("SELECT line, at_utc, channel, content, duration_s FROM evidence_contacts ORDER BY line").fetchall()
    assert (_tally(r), rows) == ((3, 2, 0, 1), [(2, dt.datetime(2026, 3, 1, 9, 0), "sms", "Are you home?", None),
                                                (4, dt.datetime(2026, 3, 29, 1, 30), "call", None, 120)])


def test_the_mapping_and_its_hash_are_recorded(con):
    _import(con, FIXTURES / "vendor_export.csv", mapping=FIXTURES / "vendor_mapping.yaml")
    row = importing.sources(con, "C1")[0]
    assert (row["mapping"], row["mapping_hash"]) == (
        str(FIXTURES / "vendor_mapping.yaml"), hashlib.sha256((FIXTURES / "vendor_mapping.yaml").read_bytes()).hexdigest())


@pytest.mark.parametrize("delimiter", [";", "\t", "|"])
def test_the_delimiter_is_detected_from_the_header(con, tmp_path, delimiter):
    path = write(tmp_path, "d.csv", delimiter.join(["timestamp", "direction", "party", "channel"]) + "\n"
                 + delimiter.join(GOOD) + "\n")
    assert _tally(_import(con, path)) == (1, 1, 0, 0)


def test_a_quoted_message_over_several_lines_is_one_row_and_its_raw_text(con, tmp_path):
    path = write(tmp_path, "q.csv", 'timestamp,direction,party,channel,content\n'
                 '2026-03-01T10:00:00Z,in,07700 900456,sms,"I know where\nyou live"\n'
                 '2026-03-01T10:05:00Z,in,07700 900456,pigeon,"and\nwork"\n')
    r = _import(con, path)
    assert (con.execute("SELECT content FROM evidence_contacts").fetchall(),
            con.execute("SELECT line, raw FROM evidence_quarantine").fetchall(), r.rows_read) == (
        [("I know where\nyou live",)], [(4, '2026-03-01T10:05:00Z,in,07700 900456,pigeon,"and\nwork"')], 2)


def test_a_row_with_the_wrong_number_of_fields_is_quarantined(con, tmp_path):
    r = _import(con, write(tmp_path, "f.csv", "timestamp,direction,party,channel\n" + ",".join(GOOD) + "\nonly,two\n"))
    assert (_tally(r), reasons(con, r.source_id)) == ((2, 1, 0, 1), {3: "expected 4 fields, found 2"})


def test_a_stray_quote_mid_field_is_text_and_loses_no_row(con, tmp_path):
    path = write(tmp_path, "s.csv", "timestamp,direction,party,channel,content\n"
                 '2026-03-01T10:00:00Z,in,07700 900456,sms,a 5" screen\n'
                 "2026-03-01T10:01:00Z,in,07700 900456,sms,and more\n")
    r = _import(con, path)
    assert (_tally(r), con.execute("SELECT content FROM evidence_contacts ORDER BY line").fetchall()) == (
        (2, 2, 0, 0), [('a 5" screen',), ("and more",)])


# ---- row checks ----------------------------------------------------------------------------------

def test_direction_and_channel_words_are_normalised(con, tmp_path):
    path = contacts(tmp_path, "w.csv", [("2026-03-01T10:00:00Z", " RECEIVED ", "07700 900456", "Voice_Call"),
                                        ("2026-03-01T10:01:00Z", "Sent", "07700 900456", "Facebook Messenger"),
                                        ("2026-03-01T10:02:00Z", "out", "07700 900456", "Twitter")])
    _import(con, path)
    assert con.execute("SELECT direction, channel FROM evidence_contacts ORDER BY line").fetchall() == [
        ("incoming", "call"), ("outgoing", "messenger"), ("outgoing", "x")]


def test_an_unknown_channel_is_quarantined_listing_the_allowed_values(con, tmp_path):
    r = _import(con, contacts(tmp_path, "c.csv", [("2026-03-01T10:00:00Z", "in", "07700 900456", "pigeon")]))
    assert reasons(con, r.source_id)[2] == ("channel 'pigeon' is not one of call, sms, mms, whatsapp, imessage, telegram, "
                                            "signal, messenger, instagram, snapchat, facebook, x, tiktok, email, other")


def test_an_unknown_direction_and_a_negative_duration_are_both_named(con, tmp_path):
    path = contacts(tmp_path, "c.csv", [("2026-03-01T10:00:00Z", "sideways", "07700 900456", "call", "-5")],
                    header="timestamp,direction,party,channel,duration_s")
    r = _import(con, path)
    assert reasons(con, r.source_id) == {2: "direction 'sideways' is not one of incoming, outgoing; "
                                            "duration_s '-5' is out of range: expected a whole number 0 or more"}


def test_location_fixes_load_with_source_words_normalised_and_bad_fixes_quarantined(con):
    r = _import(con, FIXTURES / "suspect_locations.jsonl", kind="locations", owner="suspect")
    rows = con.execute("SELECT line, latitude, longitude, accuracy_m, location_source, device FROM evidence_locations "
                       "ORDER BY line").fetchall()
    assert (_tally(r), rows) == ((6, 2, 0, 4), [(1, 51.5007, -0.1246, 8.0, "gps", "S1-device"),
                                                (2, 51.501, -0.125, None, "cell", "S1-device")])


def test_coordinates_out_of_range_or_not_numbers_are_quarantined_naming_the_field(con):
    r = _import(con, FIXTURES / "suspect_locations.jsonl", kind="locations", owner="suspect")
    assert reasons(con, r.source_id) == {
        3: "latitude '95.1' is out of range: expected a number from -90 to 90",
        4: "longitude 'west' is not a number: expected a number from -180 to 180",
        5: "accuracy_m '-3' is out of range: expected a number 0 or more; source 'satellite' is not one of gps, cell, wifi",
        7: "not a JSON object (found array)"}


def test_places_load_with_default_kind_and_radius(con):
    r = _import(con, FIXTURES / "victim_places.csv", kind="places")
    rows = con.execute("SELECT place, place_kind, latitude, longitude, radius_m FROM evidence_places ORDER BY line").fetchall()
    assert (_tally(r), rows) == ((4, 3, 0, 1), [("home", "home", 51.5014, -0.1419, 30.0),
                                                ("work", "work", 51.5155, -0.0922, 0.0),
                                                ("gym", "other", 51.5033, -0.1195, 50.0)])


def test_an_unknown_place_kind_is_quarantined(con):
    r = _import(con, FIXTURES / "victim_places.csv", kind="places")
    assert reasons(con, r.source_id) == {5: "place_kind 'nursery' is not one of home, work, school, other"}


def test_the_same_places_again_under_another_name_are_duplicates(con, tmp_path):
    _import(con, FIXTURES / "victim_places.csv", kind="places")
    copy = write(tmp_path, "places2.csv", (FIXTURES / "victim_places.csv").read_text() + "park,other,51.5,-0.15,100\n")
    assert _tally(_import(con, copy, kind="places")) == (5, 1, 3, 1)


# ---- files refused whole: a clear message, and the store unchanged ---------------------------------

def _refused(con, path, match, **kwargs):
    before = counts(con)
    with pytest.raises(StalkscreenError, match=match):
        _import(con, path, **kwargs)
    assert counts(con) == before


def test_an_empty_file_is_refused(con, tmp_path):
    _refused(con, write(tmp_path, "e.csv", ""), r"e\.csv: the file is empty: nothing to import")


def test_a_header_only_file_is_refused(con, tmp_path):
    _refused(con, write(tmp_path, "h.csv", "timestamp,direction,party,channel\n"),
             r"h\.csv: the file has a header but no rows: nothing to import")


def test_a_missing_column_is_refused_naming_it_and_the_columns_found(con, tmp_path):
    path = write(tmp_path, "m.csv", "Date,direction,party\n2026-03-01T10:00:00Z,in,07700 900456\n")
    _refused(con, path, r"m\.csv: missing columns timestamp, channel for contacts; found: Date, direction, party")


def test_a_mapped_column_the_file_lacks_is_refused_naming_the_mapping(con, tmp_path):
    mapping = write(tmp_path, "m.yaml", 'columns: {timestamp: "Date/Time"}\n')
    _refused(con, contacts(tmp_path, "c.csv", [GOOD]), r"missing column timestamp \(mapped to 'Date/Time'\)",
             mapping=mapping)


def test_a_mapping_naming_an_unknown_canonical_column_is_refused_with_its_line(con, tmp_path):
    mapping = write(tmp_path, "m.yaml", "timezone: UTC\ncolumns:\n  when: Date\n")
    _refused(con, contacts(tmp_path, "c.csv", [GOOD]), r"m\.yaml:3: 'when' is not a canonical column", mapping=mapping)


def test_an_unknown_crime_is_refused(con, tmp_path):
    _refused(con, contacts(tmp_path, "c.csv", [GOOD]), "no crime 'C404' in the store", crime_id="C404")


def test_an_unknown_kind_is_refused_listing_the_kinds(con, tmp_path):
    _refused(con, contacts(tmp_path, "c.csv", [GOOD]),
             "unknown kind 'calls'; expected one of contacts, locations, places", kind="calls")


def test_an_owner_not_on_the_crime_is_refused(con, tmp_path):
    _refused(con, contacts(tmp_path, "c.csv", [GOOD]), "person record 'P9' is not on crime C1", owner="P9")


def test_victim_as_owner_is_refused_when_the_crime_has_two_victims(con, tmp_path):
    _refused(con, contacts(tmp_path, "c.csv", [GOOD]), r"crime C2 has 2 victims \(V2, V3\): say whose extraction",
             crime_id="C2")


def test_suspect_as_owner_is_refused_when_the_crime_has_no_suspect(con, tmp_path):
    _refused(con, contacts(tmp_path, "c.csv", [GOOD]), "crime C2 has no suspect", crime_id="C2", owner="suspect")


def test_a_json_lines_file_with_no_object_is_refused(con, tmp_path):
    _refused(con, write(tmp_path, "j.jsonl", "not json\n[1]\n"), r"j\.jsonl: not JSON Lines: line 1 is not valid JSON")


def test_a_file_of_another_type_is_refused(con, tmp_path):
    _refused(con, write(tmp_path, "x.xlsx", "PK"), r"x\.xlsx: unknown file type '\.xlsx'; expected \.csv or \.jsonl")


def test_a_file_that_is_not_utf8_is_refused_naming_the_line(con, tmp_path):
    path = tmp_path / "l.csv"
    path.write_bytes(b"timestamp,direction,party,channel\n2026-03-01T10:00:00Z,in,07700 900456,sms,caf\xe9\n")
    _refused(con, path, r"l\.csv: line 2 is not UTF-8 text")
