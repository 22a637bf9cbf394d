"""Bad national statistics files: each gives a message naming the place, and nothing is stored."""

import pytest

from stalkscreen import store
from stalkscreen.errors import StalkscreenError
from stalkscreen.oversight import national

from national_support import RECORDED, recorded_rows, write_ods
from support import run_cli

HEADER = ["Financial Year", "Financial Quarter", "Force Name", "Offence Code", "Number of Offences"]


@pytest.fixture
def con(tmp_path):
    connection = store.connect(tmp_path / "s.duckdb")
    yield connection
    connection.close()


def refused(con, path) -> str:
    with pytest.raises(StalkscreenError) as caught:
        national.import_file(con, path)
    return caught.value.message


def stored(con) -> tuple[int, int, int]:
    return tuple(con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                 for t in ("national_sources", "national_recorded_crime", "national_population"))


def bad_count_csv(tmp_path, value="twelve"):
    lines = RECORDED.read_text().splitlines(keepends=True)
    lines[6] = lines[6].rsplit(",", 1)[0] + f",{value}\n"
    path = tmp_path / "prc_bad.csv"
    path.write_text("".join(lines))
    return path


def test_an_empty_file_is_refused_as_empty(con, tmp_path):
    path = tmp_path / "prc.csv"
    path.write_bytes(b"")
    assert refused(con, path) == "prc.csv is empty"


def test_a_file_of_neither_layout_is_refused_naming_both(con, tmp_path):
    path = tmp_path / "notes.csv"
    path.write_text("Name,Age\nAnn,30\n")
    assert refused(con, path) == ("notes.csv is neither a police recorded crime table nor a police force area "
                                  "population table")


def test_a_binary_file_is_refused(con, tmp_path):
    path = tmp_path / "photo.csv"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert "is not a text (CSV) file or an .ods spreadsheet" in refused(con, path)


def test_a_sheet_missing_a_column_is_refused_naming_sheet_line_and_column(con, tmp_path):
    header, rows = recorded_rows()
    short = [[c for i, c in enumerate(r) if i != 7] for r in [header, *rows[:3]]]  # no Number of Offences
    path = write_ods(tmp_path / "prc.ods", {"2023-24": short})
    assert refused(con, path) == "prc.ods, sheet '2023-24', line 1: the header lacks column(s) 'Number of Offences'"


def test_a_non_numeric_count_in_a_csv_names_file_line_and_column(con, tmp_path):
    assert refused(con, bad_count_csv(tmp_path)) == \
        "prc_bad.csv, line 7, column 'Number of Offences': 'twelve' is not a whole number of offences"


def test_a_non_numeric_count_in_an_ods_names_the_sheet(con, tmp_path):
    path = write_ods(tmp_path / "prc.ods", {"2024-25": [HEADER, ["2024/25", 1, "Northshire", "8Q", 5],
                                                        ["2024/25", 2, "Northshire", "8Q", "5 or 6"]]})
    assert refused(con, path) == "prc.ods, sheet '2024-25', line 3, column 'Number of Offences': '5 or 6' is not a whole number of offences"


def test_a_fractional_count_is_refused(con, tmp_path):
    assert "'2.5' is not a whole number of offences" in refused(con, bad_count_csv(tmp_path, "2.5"))


def test_a_malformed_financial_year_is_refused(con, tmp_path):
    path = write_ods(tmp_path / "prc.ods", {"2024-25": [HEADER, ["2024/26", 1, "Northshire", "8Q", 5]]})
    assert refused(con, path) == "prc.ods, sheet '2024-25', line 2, column 'Financial Year': '2024/26' is not a financial year such as 2024/25"


def test_a_missing_force_name_is_refused(con, tmp_path):
    path = write_ods(tmp_path / "prc.ods", {"2024-25": [HEADER, ["2024/25", 1, "", "8Q", 5]]})
    assert "column 'Force Name': '' is not a force name" in refused(con, path)


def test_a_negative_population_is_refused(con, tmp_path):
    path = tmp_path / "pop_mid2024.csv"
    path.write_text("PFA 2023 Code,PFA 2023 Name,Population\nE23900001,Northshire,-4\n")
    assert refused(con, path) == "pop_mid2024.csv, line 2, column 'Population': '-4' is not a whole number of people"


def test_a_header_with_no_rows_is_refused(con, tmp_path):
    path = tmp_path / "prc.csv"
    path.write_text(",".join(HEADER) + "\n")
    assert refused(con, path) == "prc.csv: the table has a header but no rows"


def test_a_damaged_ods_is_refused(con, tmp_path):
    path = write_ods(tmp_path / "prc.ods", {"2024-25": [HEADER]})
    path.write_bytes(path.read_bytes()[:200])
    assert "prc.ods" in refused(con, path)


def bad_file(case, tmp_path):
    header, rows = recorded_rows()
    if case == "empty":
        path = tmp_path / "e.csv"
        path.write_bytes(b"")
        return path
    if case == "neither":
        path = tmp_path / "n.csv"
        path.write_text("a,b\n1,2\n")
        return path
    if case == "missing_column":
        return write_ods(tmp_path / "m.ods", {"2024-25": [header[:7], rows[0][:7]]})
    return bad_count_csv(tmp_path)


@pytest.mark.parametrize("case", ["empty", "neither", "missing_column", "non_numeric"])
def test_a_refused_file_stores_nothing(con, tmp_path, case):
    with pytest.raises(StalkscreenError):
        national.import_file(con, bad_file(case, tmp_path))
    assert stored(con) == (0, 0, 0)


def test_a_bad_file_after_a_good_one_keeps_the_good_import(con, tmp_path):
    national.import_file(con, RECORDED)
    with pytest.raises(StalkscreenError):
        national.import_file(con, bad_count_csv(tmp_path))
    assert stored(con) == (1, 180, 0)


def test_the_cli_prints_error_and_hint_and_exits_2(tmp_path, monkeypatch, capsys):
    code, _, err = run_cli(monkeypatch, capsys, "--db", tmp_path / "s.duckdb", "national", "import",
                           bad_count_csv(tmp_path))
    assert (code, err.splitlines()[0]) == (2, "error: prc_bad.csv, line 7, column 'Number of Offences': 'twelve' is "
                                               "not a whole number of offences")
