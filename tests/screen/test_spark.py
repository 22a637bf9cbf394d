"""The same rule pack on Spark (local[2]) gives the same results as on DuckDB, row for row."""

from __future__ import annotations

import pytest

from .conftest import copy_store, opened, screen

pytestmark = [pytest.mark.spark, pytest.mark.slow]

SAME = "crime_id, indicated, round(score, 6), priority, [r.rule FOR r IN reasons], reasons, evidence_items, dyad_id"


@pytest.fixture(scope="module")
def both(linked_db, tmp_path_factory) -> dict:
    folder = tmp_path_factory.mktemp("screen_spark")
    duck_db, spark_db = copy_store(linked_db, folder, "duck.duckdb"), copy_store(linked_db, folder, "spark.duckdb")
    out = {"duck": screen(duck_db), "spark": screen(spark_db, engine="spark")}
    for name, db in (("duck", duck_db), ("spark", spark_db)):
        with opened(db, read_only=True) as con:
            out[f"{name}_rows"] = con.execute(f"SELECT {SAME} FROM screening_results ORDER BY crime_id").fetchall()
            out[f"{name}_engine"] = con.execute("SELECT engine FROM screen_runs").fetchone()[0]
    return out


def test_the_spark_run_is_recorded_as_spark(both):
    assert (both["spark"].engine, both["spark_engine"], both["duck_engine"]) == ("spark", "spark", "duckdb")


def test_spark_screens_the_same_crimes_and_reads_the_same_narratives(both):
    assert (both["spark"].crimes_in_scope, both["spark"].narratives_scanned, both["spark"].indicated) == (
        both["duck"].crimes_in_scope, both["duck"].narratives_scanned, both["duck"].indicated)


def test_spark_gives_the_same_results_as_duckdb_row_for_row(both):
    assert len(both["duck_rows"]) > 500 and both["spark_rows"] == both["duck_rows"]
