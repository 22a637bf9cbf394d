"""Cleaning person records for comparison: placeholders and impossible values become NULL, and the
usual ways of writing a phone number or postcode agree."""

from __future__ import annotations

import pytest

from stalkscreen.link import prepare

from .conftest import add_crime, add_person, opened, settings


@pytest.fixture
def prepared(tmp_path):
    """prepare.build over hand-made records: a function of record id -> its cleaned row."""

    def build(*records: tuple[str, dict]) -> dict[str, dict]:
        with opened(tmp_path / "s.duckdb") as con:
            add_crime(con, "C1", "2024-03-01 10:00")
            for record_id, values in records:
                add_person(con, record_id, "C1", **values)
            prepare.build(con, settings(), "link_input")
            cursor = con.execute("SELECT * FROM link_input")
            names = [d[0] for d in cursor.description]
            return {row[0]: dict(zip(names, row)) for row in cursor.fetchall()}

    return build


def test_placeholder_and_empty_names_become_null(prepared):
    rows = prepared(("P1", {"forename": "UNKNOWN", "surname": "N/K"}),
                    ("P2", {"forename": "n/k", "surname": "Unknown"}),
                    ("P3", {"forename": "", "surname": "   "}),
                    ("P4", {"forename": "Not Known", "surname": "X"}))
    assert {k: (r["forename_std"], r["surname_std"]) for k, r in rows.items()} == {
        "P1": (None, None), "P2": (None, None), "P3": (None, None), "P4": (None, None)}


def test_real_names_are_upper_cased_without_accents_or_punctuation(prepared):
    rows = prepared(("P1", {"forename": " Zoë ", "surname": "O'Brien-Smith"}))
    assert (rows["P1"]["forename_std"], rows["P1"]["surname_std"], rows["P1"]["surname_parts"]) == (
        "ZOE", "OBRIENSMITH", ["OBRIEN", "SMITH"])


def test_placeholder_dob_1900_01_01_becomes_null(prepared):
    rows = prepared(("P1", {"forename": "Ann", "surname": "Lee", "dob": "1900-01-01"}))
    assert rows["P1"]["dob"] is None


def test_dob_after_the_crime_date_becomes_null(prepared):
    rows = prepared(("P1", {"forename": "Ann", "surname": "Lee", "dob": "2024-03-02"}))
    assert rows["P1"]["dob"] is None


def test_dob_more_than_oldest_age_years_before_the_crime_becomes_null(prepared):
    rows = prepared(("P1", {"forename": "Ann", "surname": "Lee", "dob": "1910-01-01"}))
    assert rows["P1"]["dob"] is None


def test_plausible_dob_is_kept_with_its_year(prepared):
    rows = prepared(("P1", {"forename": "Ann", "surname": "Lee", "dob": "1990-04-02"}))
    assert (str(rows["P1"]["dob"]), rows["P1"]["dob_year"]) == ("1990-04-02", "1990")


def test_five_ways_of_writing_one_mobile_number_normalise_to_the_same_phone(prepared):
    rows = prepared(("P1", {"phone": "07700 900123"}), ("P2", {"phone": "+44 7700 900123"}),
                    ("P3", {"phone": "(0)7700-900-123"}), ("P4", {"phone": "+44 (0)7700 900123"}),
                    ("P5", {"phone": "0044 7700 900123"}))
    assert {r["phone_std"] for r in rows.values()} == {"7700900123"}


def test_placeholder_and_malformed_phones_become_null(prepared):
    rows = prepared(("P1", {"phone": "00000000000"}), ("P2", {"phone": "07000 000000"}), ("P3", {"phone": "12345"}))
    assert [rows[k]["phone_std"] for k in ("P1", "P2", "P3")] == [None, None, None]


def test_postcode_in_lower_case_with_space_and_upper_case_without_agree(prepared):
    rows = prepared(("P1", {"postcode": "ab1 2cd"}), ("P2", {"postcode": "AB12CD"}))
    assert [(r["postcode_std"], r["postcode_district"], r["postcode_sector"]) for r in rows.values()] == [
        ("AB12CD", "AB1", "AB12"), ("AB12CD", "AB1", "AB12")]


def test_malformed_postcode_becomes_null(prepared):
    rows = prepared(("P1", {"postcode": "NOT KNOWN"}))
    assert (rows["P1"]["postcode_std"], rows["P1"]["postcode_district"]) == (None, None)


def test_placeholder_email_becomes_null_and_real_email_is_lower_cased(prepared):
    rows = prepared(("P1", {"email": "none@none.com"}), ("P2", {"email": " Ann.Lee@Example.COM "}))
    assert (rows["P1"]["email_std"], rows["P2"]["email_std"]) == (None, "ann.lee@example.com")


def test_known_forename_variants_share_a_canonical_key(prepared):
    rows = prepared(("P1", {"forename": "Robert"}), ("P2", {"forename": "Bob"}))
    assert rows["P1"]["forename_canon"] == rows["P2"]["forename_canon"]


@pytest.mark.parametrize("name, code", [("Robert", "R163"), ("Rupert", "R163"), ("Ashcraft", "A261"),
                                        ("Tymczak", "T522"), ("Pfister", "P236"), ("Honeyman", "H555")])
def test_soundex_gives_the_standard_american_soundex_code(name, code):
    assert prepare.soundex(name) == code


def test_prepared_records_carry_the_soundex_of_forename_and_surname(prepared):
    rows = prepared(("P1", {"forename": "Rupert", "surname": "Ashcraft"}))
    assert (rows["P1"]["forename_sound"], rows["P1"]["surname_sound"]) == ("R163", "A261")
