"""A force's own export loads through a mapping file, with no code changes."""

from __future__ import annotations


import pytest

from stalkscreen.errors import StalkscreenError

from .conftest import crime, ingest, query, table_contents, write_csv, write_export

MAPPING = """\
version: 1
name: Athena-style export
encoding: cp1252
delimiter: ";"
files:
  OCCURRENCE: crimes
  OFFENCE_LINES: offences
tables:
  crimes:
    columns:
      OccurrenceRef: crime_id
      Kind: record_type
      RecordedDate: recorded_at
      From: occurred_from
      HOOffence: offence_code
      DA: domestic_abuse
      Place: location
      Text: narrative
    date_format: "%d/%m/%Y %H:%M"
    values:
      record_type: {CRM: crime, INC: incident}
      domestic_abuse: {Y: yes, N: no}
  offences:
    columns: {OccurrenceRef: crime_id, Code: offence_code, Kind: role}
    values:
      role: {P: principal, I: included}
offence_codes:
  HAR1: SS8L-01
  STK2: "8/65"
"""


def canonical_rows():
    crimes = [crime("C1", location="Café Row", occurred_to="", force="", status="", postcode=""),
              crime("C2", offence_code="8/65", record_type="incident", domestic_abuse="no", occurred_to="",
                    force="", status="", postcode="")]
    offences = [{"crime_id": "C1", "offence_code": "SSCD-01", "role": "included"}]
    return {"crimes": crimes, "offences": offences}


def force_export(folder):
    folder.mkdir()
    crimes = [
        {"OccurrenceRef": "C1", "Kind": "CRM", "RecordedDate": "01/03/2024 10:00", "From": "28/02/2024 09:00",
         "HOOffence": "har1", "DA": "Y", "Place": "Café Row", "Text": "Narrative of C1: he waited outside her work.",
         "Ignored": "x"},
        {"OccurrenceRef": "C2", "Kind": "INC", "RecordedDate": "01/03/2024 10:00", "From": "28/02/2024 09:00",
         "HOOffence": "STK2", "DA": "N", "Place": "High Street", "Text": "Narrative of C2: he waited outside her work.",
         "Ignored": "y"}]
    write_csv(folder / "OCCURRENCE.csv", crimes, list(crimes[0]), delimiter=";", encoding="cp1252")
    write_csv(folder / "OFFENCE_LINES.csv", [{"OccurrenceRef": "C1", "Code": "SSCD-01", "Kind": "I"}],
              ["OccurrenceRef", "Code", "Kind"], delimiter=";", encoding="cp1252")
    (folder / "mapping.yaml").write_text(MAPPING)
    return folder


def test_a_mapped_export_gives_the_same_store_as_the_canonical_files(tmp_path):
    ingest(tmp_path / "canonical.duckdb", write_export(tmp_path / "canonical", canonical_rows()))
    folder = force_export(tmp_path / "force")
    report = ingest(tmp_path / "force.duckdb", folder, mapping_path=folder / "mapping.yaml")
    assert [(f.table, f.loaded, f.quarantined) for f in report.files] == [("crimes", 2, 0), ("offences", 1, 0)]
    tables = ["crimes", "offences"]
    assert table_contents(tmp_path / "force.duckdb", tables) == table_contents(tmp_path / "canonical.duckdb", tables)


def test_a_date_not_in_the_mapping_format_is_quarantined_naming_the_format(tmp_path):
    folder = force_export(tmp_path / "force")
    text = (folder / "OCCURRENCE.csv").read_text(encoding="cp1252").replace("01/03/2024 10:00", "2024-03-01 10:00", 1)
    (folder / "OCCURRENCE.csv").write_text(text, encoding="cp1252")
    ingest(tmp_path / "s.duckdb", folder, mapping_path=folder / "mapping.yaml")
    assert query(tmp_path / "s.duckdb", "SELECT line, reason FROM quarantine WHERE table_name = 'crimes'") == [
        (2, "recorded_at: '2024-03-01 10:00' is not a date (expected %d/%m/%Y %H:%M)")]


def test_a_changed_mapping_reloads_a_file_already_loaded_with_another(tmp_path):
    folder = force_export(tmp_path / "force")
    ingest(tmp_path / "s.duckdb", folder, mapping_path=folder / "mapping.yaml")
    (folder / "mapping.yaml").write_text(MAPPING.replace("name: Athena-style export", "name: v2"))
    report = ingest(tmp_path / "s.duckdb", folder, mapping_path=folder / "mapping.yaml")
    assert [f.skipped for f in report.files] == [None, None]


def mapping_error(tmp_path, text: str) -> str:
    path = tmp_path / "mapping.yaml"
    path.write_text(text)
    write_csv(tmp_path / "crimes.csv", [crime("C1")])
    with pytest.raises(StalkscreenError) as caught:
        ingest(tmp_path / "s.duckdb", tmp_path / "crimes.csv", mapping_path=path)
    return str(caught.value).replace(str(path), "mapping.yaml")


def test_an_unknown_key_in_the_mapping_is_reported_with_its_line(tmp_path):
    assert mapping_error(tmp_path, "version: 1\nname: x\ncolumns: {}\n") == (
        "mapping.yaml:3: unknown key 'columns'; allowed: delimiter, encoding, files, name, offence_codes, tables, version")


def test_an_unknown_canonical_column_in_the_mapping_is_reported_with_its_line(tmp_path):
    text = "version: 1\ntables:\n  crimes:\n    columns:\n      Ref: crime_id\n      When: recorded_on\n"
    assert mapping_error(tmp_path, text).startswith("mapping.yaml:6: 'recorded_on' is not a column of crimes")


def test_an_unknown_table_in_the_mapping_is_reported_with_its_line(tmp_path):
    assert mapping_error(tmp_path, "version: 1\ntables:\n  crime:\n    columns: {}\n").startswith(
        "mapping.yaml:3: unknown table 'crime'")


def test_a_mapped_offence_code_missing_from_the_catalogue_is_reported_with_its_line(tmp_path):
    assert mapping_error(tmp_path, "version: 1\noffence_codes:\n  HAR1: SS8L-99\n") == (
        "mapping.yaml:3: offence_codes: 'HAR1' maps to 'SS8L-99', which is not in the offence catalogue")


def test_a_mapping_yaml_syntax_error_names_the_line(tmp_path):
    assert mapping_error(tmp_path, "version: 1\ntables: {crimes: [\n").startswith("mapping.yaml:3: not valid YAML")
