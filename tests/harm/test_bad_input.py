"""A bad specification or index is refused naming the file, the line and the problem, and the
store is left as it was."""

from __future__ import annotations

import pytest

from stalkscreen.errors import StalkscreenError
from stalkscreen.harm import scores
from support import opened

from .handmade import Crime, Force, scored, spec

HEADER = "# version: force-1\n# source: Testshire analysts\noffence_code,cchi_days,estimate,source\n"


def refused(tmp_path, harm_text: str | None = None, index_text: str | None = None) -> str:
    harm_file = index_file = None
    if harm_text is not None:
        harm_file = tmp_path / "force_harm.yaml"
        harm_file.write_text(harm_text)
    if index_text is not None:
        index_file = tmp_path / "force_index.csv"
        index_file.write_text(index_text)
    with pytest.raises(StalkscreenError) as caught:
        spec(harm_file, index_file)
    return caught.value.message


def test_index_unknown_offence_code_names_file_line_and_column(tmp_path):
    message = refused(tmp_path, index_text=HEADER + "195/12,50,false,Testshire 2026\nZZ/99,4,false,somewhere\n")
    assert message.startswith(f"{tmp_path / 'force_index.csv'}:5: column offence_code: unknown offence code 'ZZ/99'")


def test_index_negative_days_refused(tmp_path):
    message = refused(tmp_path, index_text=HEADER + "195/12,-3,false,Testshire 2026\n")
    assert message == f"{tmp_path / 'force_index.csv'}:4: column cchi_days: days must be a number of 0 or more, got -3"


def test_index_missing_source_refused(tmp_path):
    message = refused(tmp_path, index_text=HEADER + "195/12,50,false,\n")
    assert message == (f"{tmp_path / 'force_index.csv'}:4: column source is empty; "
                       "every value names where it comes from")


def test_index_without_version_line_refused(tmp_path):
    message = refused(tmp_path, index_text="offence_code,cchi_days,estimate,source\n195/12,5,true,x\n")
    assert message == f"{tmp_path / 'force_index.csv'}:1: missing `# version: ...` line at the top of the index"


def test_spec_unknown_key_names_line_and_key(tmp_path):
    message = refused(tmp_path, harm_text="version: f1\nsource: Testshire\nrecency:\n  half_lfe_days: 30\n")
    assert message.startswith(f"{tmp_path / 'force_harm.yaml'}:4: unknown key `recency.half_lfe_days`")


def test_spec_negative_half_life_refused(tmp_path):
    message = refused(tmp_path, harm_text="version: f1\nsource: Testshire\nrecency:\n  half_life_days: -30\n")
    assert message == f"{tmp_path / 'force_harm.yaml'}:4: `recency.half_life_days` must be more than 0, got -30"


def test_spec_uplift_of_unknown_group_refused(tmp_path):
    message = refused(tmp_path, harm_text="version: f1\nsource: Testshire\ngravity:\n  uplift:\n    stalkin: 3\n")
    assert message.startswith(f"{tmp_path / 'force_harm.yaml'}:5: uplift names offence group `stalkin`")


def test_spec_missing_source_refused(tmp_path):
    message = refused(tmp_path, harm_text="version: f1\nrecency:\n  half_life_days: 30\n")
    assert message == (f"{tmp_path / 'force_harm.yaml'}:1: missing `source`; "
                       "say where the specification's values come from")


def test_force_files_lay_over_the_shipped_ones(tmp_path):
    (tmp_path / "force_harm.yaml").write_text("version: f1\nsource: Testshire\nrecency:\n  half_life_days: 30\n")
    (tmp_path / "force_index.csv").write_text(HEADER + "195/12,50,false,Testshire 2026\n")
    made = spec(tmp_path / "force_harm.yaml", tmp_path / "force_index.csv")
    assert (made.half_life_days, made.window_days, made.uplift["stalking"]) == (30.0, 1095, 10.0)
    assert made.index.entries["195/12"].days == 50.0 and made.index.entries["8/66"].days == 10.0
    assert (made.version, made.index.version) == ("2026.11-1+force_harm-f1", "2026.11-1+force_index-force-1")


def test_cli_refuses_a_bad_file_and_keeps_the_previous_run(tmp_path, cli):
    db = tmp_path / "store.duckdb"
    scored(Force().add(Crime("C1", 0, "195/12", suspects=("S",), victims=("V",))), path=str(db)).close()
    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + "195/12,-1,false,x\n")
    code, out, err = cli("--db", db, "harm", "run", "--as-of", "2026-10-31", "--harm-index", bad)
    assert code == 2 and f"error: {bad}:4: column cchi_days" in err
    with opened(db, read_only=True) as con:
        assert scores.latest_run(con) == 1
        assert con.execute("SELECT count(*) FROM harm_scores").fetchone()[0] == 2


def test_listing_before_any_run_says_how_to_make_one(tmp_path, cli):
    db = tmp_path / "store.duckdb"
    opened(db).close()
    code, out, err = cli("--db", db, "harm")
    assert code == 2 and "error: no harm scores in this store yet" in err and "stalkscreen harm run" in err


def test_run_on_an_unlinked_store_asks_for_link(tmp_path, cli):
    db = tmp_path / "store.duckdb"
    with opened(db) as con:
        con.execute("INSERT INTO crimes (crime_id, record_type, recorded_at, offence_code, offence, ingest_run_id) "
                    "VALUES ('C1', 'crime', '2026-10-01', '195/12', 'x', 1)")
    code, out, err = cli("--db", db, "harm", "run", "--as-of", "2026-10-31")
    assert code == 2 and "no linked people" in err and "stalkscreen link" in err
