"""`stalkscreen evidence import | sources | quarantine | attribute` as a user runs them."""

from __future__ import annotations

import csv
import hashlib
import io
import json

import pytest

from support import query

from .handmade_import import FIXTURES, build, contacts, write

PHONE_A = FIXTURES / "victim_phone_a.csv"
SHA_A = hashlib.sha256(PHONE_A.read_bytes()).hexdigest()


@pytest.fixture
def db(tmp_path):
    return build(tmp_path)


def _import(cli, db, path, *options):
    return cli("--db", db, "evidence", "import", path, "--case", "C1", "--kind", "contacts", "--by", "DC Example",
               *options)


def test_import_prints_the_tally_the_source_and_the_sha256(cli, db):
    code, _, err = _import(cli, db, PHONE_A)
    assert (code, "read 6 = loaded 6 + duplicates 0 + quarantined 0" in err, f"source 1; sha256 {SHA_A}" in err) == (
        0, True, True)


def test_import_counts_duplicates_of_an_earlier_extraction(cli, db):
    _import(cli, db, PHONE_A)
    code, _, err = _import(cli, db, FIXTURES / "victim_phone_b.csv")
    assert (code, "read 6 = loaded 2 + duplicates 4 + quarantined 0" in err) == (0, True)


def test_import_of_the_same_file_again_says_already_imported(cli, db):
    _import(cli, db, PHONE_A)
    code, _, err = _import(cli, db, PHONE_A)
    assert (code, "already imported as source 1" in err, query(db, "SELECT count(*) FROM evidence_sources")) == (
        0, True, [(1,)])


def test_import_points_to_the_quarantine_when_rows_were_refused(cli, db, tmp_path):
    code, _, err = _import(cli, db, contacts(tmp_path, "c.csv", [("2026-03-01 10:00", "in", "07700 900456", "sms")]))
    assert (code, "see the refused rows: stalkscreen evidence quarantine --case C1 --source 1" in err) == (0, True)


def test_import_owner_defaults_to_the_victim_and_by_to_the_option(cli, db):
    _import(cli, db, PHONE_A)
    assert query(db, "SELECT owner_person_record_id, imported_by FROM evidence_sources") == [("V1", "DC Example")]


def test_import_with_owner_suspect_device_and_timezone(cli, db, tmp_path):
    path = contacts(tmp_path, "s.csv", [("2026-06-01 10:00", "out", "07700 900123", "call")])
    code, _, _ = _import(cli, db, path, "--owner", "suspect", "--device", "S1 Android", "--timezone", "Europe/London")
    assert (code, query(db, "SELECT owner_person_record_id, device, CAST(at_utc AS VARCHAR) FROM evidence_contacts")) == (
        0, [("S1", "S1 Android", "2026-06-01 09:00:00")])


def test_import_with_a_mapping(cli, db):
    code, _, err = _import(cli, db, FIXTURES / "vendor_export.csv", "--mapping", FIXTURES / "vendor_mapping.yaml")
    assert (code, "read 3 = loaded 2 + duplicates 0 + quarantined 1" in err) == (0, True)


@pytest.mark.parametrize("options, words", [
    (["--owner", "W9"], "error: person record 'W9' is not on crime C1"),
    (["--timezone", "Atlantis/Capital"], "error: unknown time zone 'Atlantis/Capital' (--timezone)"),
])
def test_import_refuses_a_bad_option_with_exit_2(cli, db, options, words):
    code, _, err = _import(cli, db, PHONE_A, *options)
    assert (code, words in err, query(db, "SELECT count(*) FROM evidence_sources")) == (2, True, [(0,)])


def test_import_refuses_an_unknown_kind_with_exit_2(cli, db):
    code, _, err = cli("--db", db, "evidence", "import", PHONE_A, "--case", "C1", "--kind", "texts")
    assert (code, "error: unknown kind 'texts'; expected one of contacts, locations, places" in err) == (2, True)


def test_import_refuses_an_unknown_crime_with_exit_2(cli, db):
    code, _, err = cli("--db", db, "evidence", "import", PHONE_A, "--case", "C404", "--kind", "contacts")
    assert (code, "error: no crime 'C404' in the store" in err) == (2, True)


def test_import_refuses_an_empty_file_with_exit_2(cli, db, tmp_path):
    code, _, err = _import(cli, db, write(tmp_path, "e.csv", ""))
    assert (code, "the file is empty: nothing to import" in err, query(db, "SELECT count(*) FROM evidence_sources")) == (
        2, True, [(0,)])


def test_import_refuses_a_file_missing_a_column_with_exit_2(cli, db, tmp_path):
    code, _, err = _import(cli, db, write(tmp_path, "m.csv", "timestamp,party\n2026-03-01T10:00:00Z,07700 900456\n"))
    assert (code, "missing columns direction, channel for contacts; found: timestamp, party" in err) == (2, True)


def test_sources_lists_the_files_of_a_crime_as_json(cli, db):
    _import(cli, db, PHONE_A)
    code, out, _ = cli("--db", db, "evidence", "sources", "--case", "C1", "--format", "json")
    rows = json.loads(out)
    assert (code, [(r["source_id"], r["content_hash"], r["imported_by"], r["rows_loaded"]) for r in rows]) == (
        0, [(1, SHA_A, "DC Example", 6)])


def test_sources_of_an_unknown_crime_is_an_error(cli, db):
    code, _, err = cli("--db", db, "evidence", "sources", "--case", "C404")
    assert (code, "error: no crime 'C404' in the store" in err) == (2, True)


def test_quarantine_lists_refused_rows_with_line_reason_and_raw_text_as_csv(cli, db, tmp_path):
    _import(cli, db, contacts(tmp_path, "c.csv", [("2026-03-01T10:00:00Z", "in", "07700 900456", "pigeon")]))
    code, out, _ = cli("--db", db, "evidence", "quarantine", "--case", "C1", "--source", "1", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert (code, [(r["line"], r["raw"], r["reason"].split(" is not")[0]) for r in rows]) == (
        0, [("2", "2026-03-01T10:00:00Z,in,07700 900456,pigeon", "channel 'pigeon'")])


def test_quarantine_of_another_source_is_empty(cli, db, tmp_path):
    _import(cli, db, contacts(tmp_path, "c.csv", [("2026-03-01T10:00:00Z", "in", "07700 900456", "pigeon")]))
    code, out, _ = cli("--db", db, "evidence", "quarantine", "--case", "C1", "--source", "2", "--format", "json")
    assert (code, json.loads(out)) == (0, [])


def test_attribute_records_an_investigators_attribution(cli, db):
    _import(cli, db, PHONE_A)
    code, _, err = cli("--db", db, "evidence", "attribute", "--case", "C1", "--party", "@Anon_Watcher",
                       "--person", "S1", "--note", "same photos as S1's known account", "--by", "DS Example")
    assert (code, "instagram:anon_watcher attributed to S1 on C1 by DS Example" in err,
            query(db, "SELECT party, person_record_id, matched_on, note FROM evidence_party_people "
                      "WHERE matched_on = 'attributed'")) == (
        0, True, [("instagram:anon_watcher", "S1", "attributed", "same photos as S1's known account")])


def test_attribute_of_a_party_in_no_contact_is_an_error(cli, db):
    _import(cli, db, PHONE_A)
    code, _, err = cli("--db", db, "evidence", "attribute", "--case", "C1", "--party", "07700 900111", "--person", "S1")
    assert (code, "error: party '07700 900111' (stored as '+447700900111') is in no contact" in err) == (2, True)
