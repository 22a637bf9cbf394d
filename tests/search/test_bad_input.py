import subprocess
import sys

import pytest

from stalkscreen import store
from stalkscreen.errors import StalkscreenError
from stalkscreen.reference import offences
from stalkscreen.search.query import Query, search

INJECTIONS = [
    "'; DROP TABLE crimes; --",
    "x' OR '1'='1",
    "\") UNION SELECT * FROM person_records --",
    "%' OR 1=1; DELETE FROM offences; --",
]


def cli(*args, db):
    return subprocess.run([sys.executable, "-m", "stalkscreen.cli.main", "--db", str(db), "search", *args],
                          capture_output=True, text=True)


@pytest.mark.parametrize("value", INJECTIONS)
def test_injection_strings_as_text_person_and_force_find_nothing_and_change_nothing(db, value, run_cli):
    hits = (run_cli(db, "--text", value + " zzzq"), run_cli(db, "--person", value), run_cli(db, "--force", value))
    con = store.connect(db, read_only=True)
    counts = con.execute("SELECT (SELECT count(*) FROM crimes), (SELECT count(*) FROM offences), "
                         "(SELECT count(*) FROM person_records)").fetchone()
    assert (hits, counts) == (([], [], []), (6, 9, 6))


@pytest.mark.parametrize("value", INJECTIONS)
def test_injection_strings_as_offence_are_unknown_offences(db, value):
    with pytest.raises(StalkscreenError, match="unknown offence"):
        offences.load().resolve(value)


def test_unknown_offence_exits_2_with_a_hint_listing_groups(db):
    result = cli("--offence", "stalkingg", db=db)
    assert (result.returncode, "error: unknown offence 'stalkingg'" in result.stderr, "hint: groups:" in result.stderr) == (2, True, True)


def test_a_bad_date_names_the_option_and_the_format(db):
    result = cli("--from", "2024-13-01", db=db)
    assert (result.returncode, "--from '2024-13-01' is not a date" in result.stderr, "YYYY-MM-DD" in result.stderr) == (2, True, True)


def test_no_query_and_no_filters_is_an_error_with_a_hint(db):
    result = cli(db=db)
    assert (result.returncode, "error: nothing to search for" in result.stderr, "hint:" in result.stderr) == (2, True, True)


def test_a_missing_store_is_named(tmp_path):
    result = cli("--offence", "stalking", db=tmp_path / "absent.duckdb")
    assert (result.returncode, f"no store at {tmp_path / 'absent.duckdb'}" in result.stderr.replace("\n", "")) == (2, True)


def test_text_of_only_common_words_is_an_error(db):
    con = store.connect(db, read_only=True)
    with pytest.raises(StalkscreenError, match="has no words that are searched"):
        search(con, Query(text="the and of"), offences.load())


def test_role_without_offence_is_an_error(db):
    con = store.connect(db, read_only=True)
    with pytest.raises(StalkscreenError, match="--role applies to --offence"):
        search(con, Query(role="included", force="Testshire"), offences.load())


def test_unknown_role_is_an_error(db):
    con = store.connect(db, read_only=True)
    with pytest.raises(StalkscreenError, match="unknown offence role 'secondary'"):
        search(con, Query(offence="stalking", role="secondary"), offences.load())


def test_search_leaves_the_store_file_unchanged(db, run_cli):
    before = db.read_bytes()
    run_cli(db, "--offence", "stalking")
    run_cli(db, "--text", "followed")
    assert db.read_bytes() == before
