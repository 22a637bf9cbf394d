"""`stalkscreen national import`: the Home Office and ONS layouts, ODS and CSV, provenance, re-runs."""

import datetime as dt
import hashlib

import pytest

from stalkscreen import store
from stalkscreen.errors import StalkscreenError
from stalkscreen.oversight import national

from national_support import POPULATION, RECORDED, RECORDED_ANNUAL, recorded_ods, write_ods
from support import run_cli

NOW = dt.datetime(2026, 5, 1, 9, 30)


@pytest.fixture
def con(tmp_path):
    connection = store.connect(tmp_path / "s.duckdb")
    yield connection
    connection.close()


def count(con, sql, params=None):
    return con.execute(sql, params or []).fetchone()[0]


def test_a_csv_of_recorded_crime_loads_every_row(con):
    national.import_file(con, RECORDED, now=NOW)
    assert count(con, "SELECT count(*) FROM national_recorded_crime") == 180


def test_the_import_records_file_name_sha256_time_title_and_rows(con):
    national.import_file(con, RECORDED, now=NOW)
    row = con.execute("SELECT kind, file_name, sha256, imported_at, source_title, rows FROM national_sources").fetchone()
    assert row == ("recorded_crime", "prc_pfa_small.csv", hashlib.sha256(RECORDED.read_bytes()).hexdigest(), NOW,
                   "Home Office, Police recorded crime open data tables (police force area)", 180)


def test_a_title_given_by_the_user_is_recorded(con):
    national.import_file(con, RECORDED, title="Home Office PRC, April 2026 release", now=NOW)
    assert count(con, "SELECT source_title FROM national_sources") == "Home Office PRC, April 2026 release"


def test_counts_are_stored_as_numbers_per_quarter(con):
    national.import_file(con, RECORDED, now=NOW)
    quarters = con.execute("SELECT financial_quarter, offences FROM national_recorded_crime WHERE financial_year = "
                           "'2024/25' AND force_name = 'Northshire' AND offence_code = '8Q' ORDER BY 1").fetchall()
    assert quarters == [(1, 22), (2, 24), (3, 26), (4, 28)]


def test_importing_the_same_file_again_stores_nothing_twice(con):
    national.import_file(con, RECORDED, now=NOW)
    again = national.import_file(con, RECORDED, now=NOW)
    assert (again.already, count(con, "SELECT count(*) FROM national_recorded_crime"),
            count(con, "SELECT count(*) FROM national_sources")) == (NOW, 180, 1)


def test_a_later_file_replaces_the_years_it_covers_and_keeps_the_others(con):
    national.import_file(con, RECORDED, now=NOW)
    national.import_file(con, RECORDED_ANNUAL, now=NOW)
    by_year = dict(con.execute("SELECT financial_year, count(*) FROM national_recorded_crime GROUP BY 1").fetchall())
    assert by_year == {"2023/24": 80, "2024/25": 20, "2025/26": 20}


def test_a_file_summed_to_years_keeps_its_quarters_column(con):
    national.import_file(con, RECORDED_ANNUAL, now=NOW)
    assert count(con, "SELECT DISTINCT quarters FROM national_recorded_crime") == 4


def test_an_ods_with_one_sheet_per_year_loads_the_same_rows_as_the_csv(con, tmp_path):
    national.import_file(con, recorded_ods(tmp_path / "prc.ods"), now=NOW)
    from_ods = con.execute("SELECT financial_year, financial_quarter, force_name, offence_code, offences "
                           "FROM national_recorded_crime ORDER BY ALL").fetchall()
    other = store.connect(tmp_path / "other.duckdb")
    national.import_file(other, RECORDED, now=NOW)
    from_csv = other.execute("SELECT financial_year, financial_quarter, force_name, offence_code, offences "
                             "FROM national_recorded_crime ORDER BY ALL").fetchall()
    assert from_ods == from_csv


def test_an_ods_row_keeps_its_sheet_and_spreadsheet_line(con, tmp_path):
    national.import_file(con, recorded_ods(tmp_path / "prc.ods"), now=NOW)
    first = con.execute("SELECT sheet, line FROM national_recorded_crime WHERE financial_year = '2024/25' "
                        "ORDER BY line LIMIT 1").fetchone()
    assert first == ("2024-25", 4)  # title line, blank line, header, then the first row


def test_an_ods_cover_sheet_without_a_table_is_skipped_and_reported(con, tmp_path):
    done = national.import_file(con, recorded_ods(tmp_path / "prc.ods"), now=NOW)
    assert (done.skipped_sheets, done.sheets) == (["Cover"], ["2023-24", "2024-25", "2025-26"])


def test_a_not_available_count_is_kept_as_null_and_counted(con, tmp_path):
    text = RECORDED.read_text().replace(",Northshire,Stalking,Violence against the person,Stalking and harassment,8Q,22",
                                        ",Northshire,Stalking,Violence against the person,Stalking and harassment,8Q,N/a")
    path = tmp_path / "prc_na.csv"
    path.write_text(text)
    done = national.import_file(con, path, now=NOW)
    assert (done.not_available, count(con, "SELECT count(*) FROM national_recorded_crime WHERE offences IS NULL")) == (1, 1)


def test_a_population_file_takes_its_mid_year_from_the_file_name(con):
    national.import_file(con, POPULATION, now=NOW)
    assert con.execute("SELECT DISTINCT year FROM national_population").fetchall() == [(2024,)]


def test_a_population_file_without_a_year_anywhere_needs_the_year_option(con, tmp_path):
    path = tmp_path / "population.csv"
    path.write_bytes(POPULATION.read_bytes())
    with pytest.raises(StalkscreenError) as caught:
        national.import_file(con, path, now=NOW)
    assert "--year" in caught.value.hint


def test_the_year_option_names_the_mid_year_of_a_population_file(con, tmp_path):
    path = tmp_path / "population.csv"
    path.write_bytes(POPULATION.read_bytes())
    national.import_file(con, path, year=2023, now=NOW)
    assert con.execute("SELECT DISTINCT year FROM national_population").fetchall() == [(2023,)]


def test_ons_and_home_office_spellings_of_a_force_share_one_key(con):
    national.import_file(con, RECORDED, now=NOW)
    national.import_file(con, POPULATION, now=NOW)
    assert count(con, "SELECT count(DISTINCT r.force_key) FROM national_recorded_crime r "
                      "JOIN national_population p USING (force_key)") == 3


def test_the_cli_imports_several_files_and_says_what_each_held(tmp_path, monkeypatch, capsys):
    code, _, err = run_cli(monkeypatch, capsys, "--db", tmp_path / "s.duckdb", "national", "import", RECORDED, POPULATION)
    assert (code, "prc_pfa_small.csv: recorded crime, 180 rows" in err, "pfa_population_mid2024.csv: population, 3 rows" in err) \
        == (0, True, True)


def test_the_cli_lists_the_imports_as_json(tmp_path, monkeypatch, capsys):
    db = tmp_path / "s.duckdb"
    run_cli(monkeypatch, capsys, "--db", db, "national", "import", RECORDED)
    code, out, _ = run_cli(monkeypatch, capsys, "--db", db, "national", "sources", "--format", "json")
    import json
    assert [(s["file_name"], s["rows"]) for s in json.loads(out)] == [("prc_pfa_small.csv", 180)]


def test_a_number_with_a_thousands_separator_reads_as_the_number(con, tmp_path):
    header = ["Financial Year", "Financial Quarter", "Force Name", "Offence Code", "Number of Offences"]
    path = write_ods(tmp_path / "one.ods", {"2024-25": [header, ["2024/25", 1, "Northshire", "8Q", "1,234"]]})
    national.import_file(con, path, now=NOW)
    assert count(con, "SELECT offences FROM national_recorded_crime") == 1234
