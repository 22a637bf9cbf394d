"""Where the rule SQL runs: in the store's own DuckDB (default) or on Spark.

Both take the same steps (relation name, SELECT) and leave the outputs as temp tables of the same
names in the store connection, so assembling and writing results does not depend on the engine.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from pathlib import Path

import duckdb

from stalkscreen.errors import StalkscreenError

Steps = list[tuple[str, str]]


def on_dialect(sql: str, dialect: str) -> str:
    """The rule SQL for an engine. It is written in the subset both read (STRING and INT casts,
    concat, window functions, no list or struct functions), so nothing needs rewriting today; a
    spelling difference found later goes here, as link/engines.py does for Splink's models."""
    return sql


class DuckDBEngine:
    """The steps as temp tables in the store connection itself: no copies."""

    name = dialect = "duckdb"

    def __init__(self, con: duckdb.DuckDBPyConnection):
        self.con = con

    def run(self, inputs: tuple[str, ...], steps: Steps, outputs: tuple[str, ...]) -> None:
        for name, sql in steps:
            self.con.execute(f"CREATE OR REPLACE TEMP TABLE {name} AS {on_dialect(sql, self.dialect)}")

    def close(self) -> None:
        pass


class SparkEngine:
    """The inputs copied to Parquet, the steps run by Spark SQL (each step written out once, so a
    relation read twice is not computed twice), the outputs read back into the store's DuckDB."""

    name = dialect = "spark"

    def __init__(self, con: duckdb.DuckDBPyConnection, master: str = "local[2]"):
        from stalkscreen import spark

        self.con = con
        self.folder = Path(tempfile.mkdtemp(prefix="stalkscreen-screen-"))
        self.spark = spark.session(master, "stalkscreen-screen", self.folder / "scratch")

    def _publish(self, name: str, frame) -> None:
        path = self.folder / name
        frame.write.mode("overwrite").parquet(str(path))
        self.spark.read.parquet(str(path)).createOrReplaceTempView(name)

    def run(self, inputs: tuple[str, ...], steps: Steps, outputs: tuple[str, ...]) -> None:
        for name in inputs:
            path = self.folder / f"{name}.parquet"
            self.con.execute(f"COPY (SELECT * FROM {name}) TO '{path}' (FORMAT parquet)")
            self.spark.read.parquet(str(path)).createOrReplaceTempView(name)
        for name, sql in steps:
            try:
                self._publish(name, self.spark.sql(on_dialect(sql, self.dialect)))
            except Exception as exc:  # a rule the Spark SQL dialect cannot run is a fault of the pack
                first = re.sub(r"\s+", " ", str(exc).splitlines()[0])[:300]
                raise StalkscreenError(f"Spark could not run screening step {name}: {first}",
                                       hint="run with --engine duckdb, and report the step to the maintainers"
                                       ) from None
        for name in outputs:
            self.con.execute(f"CREATE OR REPLACE TEMP TABLE {name} AS "
                             f"SELECT * FROM read_parquet('{self.folder / name}/*.parquet')")

    def close(self) -> None:
        self.spark.stop()
        shutil.rmtree(self.folder, ignore_errors=True)


def open_engine(name: str, con: duckdb.DuckDBPyConnection, spark_master: str | None = None):
    if name == "duckdb":
        return DuckDBEngine(con)
    if name == "spark":
        return SparkEngine(con, spark_master or "local[2]")
    raise StalkscreenError(f"unknown engine {name!r}", hint="use --engine duckdb or --engine spark")
