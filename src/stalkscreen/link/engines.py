"""Running the Splink model on an engine: DuckDB in memory (default) or a Spark session.

Both take the prepared records as Arrow and return scored pairs as Arrow, so the stage around
them (storing pairs, clustering, review) is the same whatever did the scoring.
"""

from __future__ import annotations

import logging
import os
import tempfile
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
from splink import Linker

from stalkscreen.errors import StalkscreenError
from stalkscreen.link import model
from stalkscreen.link.settings import LinkSettings

TF_COLUMNS = ("forename_std", "surname_std")
logging.getLogger("splink").setLevel(logging.ERROR)


def pair_columns(model_json: dict) -> list[str]:
    """The prediction columns kept: ids, weights, and per comparison its level and weight."""
    columns = ["unique_id_l", "unique_id_r", "match_weight", "match_probability"]
    for comparison in model_json["comparisons"]:
        name = comparison["output_column_name"]
        columns += [f"gamma_{name}", f"mw_{name}"]
        if any(level.get("tf_adjustment_column") for level in comparison["comparison_levels"]):
            columns.append(f"mw_tf_adj_{name}")
    return columns


def on_dialect(model_json: dict, dialect: str) -> dict:
    """The stored model rewritten for another engine's SQL: same levels, same trained m and u."""
    if model_json.get("sql_dialect") == dialect:
        return model_json
    fresh = model.settings(model_json["probability_two_random_records_match"]).get_settings(dialect).as_dict()
    for new, old in zip(fresh["comparisons"], model_json["comparisons"]):
        for new_level, old_level in zip(new["comparison_levels"], old["comparison_levels"]):
            for key in ("m_probability", "u_probability"):
                if key in old_level:
                    new_level[key] = old_level[key]
    return fresh


def _train(linker: Linker, settings: LinkSettings) -> dict:
    """u from random pairs, m by EM over a few blocks, the prior from near-certain rules."""
    training = settings.training
    rules = training.get("prior_rules", [])
    if rules:
        recall = min(r["recall"] for r in rules)
        linker.training.estimate_probability_two_random_records_match([r["rule"] for r in rules], recall=recall)
    linker.training.estimate_u_using_random_sampling(max_pairs=training["u_max_pairs"], seed=training["seed"])
    for block in training["em_blocks"]:
        linker.training.estimate_parameters_using_expectation_maximisation(block)
    return linker.misc.save_model_to_json()


def _linker(frame, model_json: dict) -> Linker:
    """A Linker with a fresh id: Splink caches tables (term frequencies among them) per linker id,
    and a stored model carries the id of the linker that trained it on a sample."""
    return Linker(frame, {k: v for k, v in model_json.items() if k != "linker_uid"}, log_level=None)


class DuckDBEngine:
    """Splink on a private in-memory DuckDB, so its working tables never enter the store."""

    name = dialect = "duckdb"

    def __init__(self, threads: int | None = None, memory_limit: str | None = None):
        self.con = duckdb.connect()
        self.con.execute(f"SET threads = {int(threads or os.cpu_count() or 1)}")
        # DuckDB's own default (80% of memory) unless the operator caps it: a tight cap made
        # scoring spill and run 10-20% slower at 1M records with no lower peak.
        limit = memory_limit or os.environ.get("STALKSCREEN_MEMORY_LIMIT")
        if limit:
            self.con.execute("SET memory_limit = ?", [limit])
        self.con.execute("SET preserve_insertion_order = false")
        self.renew()
        self._names = 0

    def renew(self) -> None:
        """A fresh Splink API: its table cache would otherwise carry training tables into scoring."""
        from splink import DuckDBAPI

        self.api = DuckDBAPI(connection=self.con)

    def load(self, records: pa.Table, name: str):
        self.con.register(f"{name}_arrow", records)
        self.con.execute(f"CREATE OR REPLACE TABLE {name} AS SELECT * FROM {name}_arrow")
        self.con.unregister(f"{name}_arrow")
        self._names += 1
        return self.api.register(name, table_name=f"{name}_{self._names}")

    def fetch(self, frame, columns: list[str]) -> pa.Table:
        return self.con.execute(f"SELECT {', '.join(columns)} FROM {frame.physical_name}").to_arrow_table()

    def close(self) -> None:
        self.con.close()


class SparkEngine:
    """Splink's Spark backend on a local or remote master, with the similarity jar from the package."""

    name = dialect = "spark"

    def __init__(self, master: str = "local[2]"):
        from stalkscreen import spark

        self.folder = Path(tempfile.mkdtemp(prefix="stalkscreen-spark-"))
        self.spark = spark.session(master, "stalkscreen-link", self.folder)
        self.spark.sparkContext.setCheckpointDir(str(self.folder / "checkpoints"))
        self.renew()
        self._names = 0

    def renew(self) -> None:
        from splink.backends.spark import SparkAPI

        self.api = SparkAPI(spark_session=self.spark, num_partitions_on_repartition=4)

    def load(self, records: pa.Table, name: str):
        path = self.folder / f"{name}.parquet"
        pq.write_table(records, path)
        self._names += 1
        return self.api.register(self.spark.read.parquet(str(path)), table_name=f"{name}_{self._names}")

    def fetch(self, frame, columns: list[str]) -> pa.Table:
        out = self.folder / f"{frame.physical_name}_out"
        frame.as_spark_dataframe().select(*columns).write.mode("overwrite").parquet(str(out))
        return duckdb.read_parquet(str(out / "*.parquet")).to_arrow_table()

    def close(self) -> None:
        self.spark.stop()


def open_engine(name: str, spark_master: str | None = None):
    if name == "duckdb":
        return DuckDBEngine()
    if name == "spark":
        return SparkEngine(spark_master or "local[2]")
    raise StalkscreenError(f"unknown engine {name!r}", hint="use --engine duckdb or --engine spark")


def train(engine, records: pa.Table, settings: LinkSettings) -> dict:
    frame = engine.load(records, "link_train")
    trained = _train(Linker(frame, model.settings(), log_level=None), settings)
    engine.renew()
    return trained


def score_all(engine, records: pa.Table, model_json: dict, keep_from: float) -> pa.Table:
    """Every candidate pair among all records."""
    model_json = on_dialect(model_json, engine.dialect)
    linker = _linker(engine.load(records, "link_input"), model_json)
    predictions = linker.inference.predict(threshold_match_probability=keep_from, warning_mode="never")
    return engine.fetch(predictions, pair_columns(model_json))


def score_new(engine, existing: pa.Table, new: pa.Table, model_json: dict, keep_from: float) -> pa.Table:
    """Pairs between new and existing records, and among the new ones; term frequencies come from all."""
    model_json = on_dialect(model_json, engine.dialect)
    everyone = engine.load(pa.concat_tables([existing, new]), "link_everyone")
    linker = _linker(everyone, model_json)
    for column in TF_COLUMNS:
        linker.table_management.compute_tf_table(column)
    left, right = engine.load(existing, "link_existing"), engine.load(new, "link_new")
    columns = pair_columns(model_json)
    between = linker.inference.predict_between(left, right, link_type="dedupe_only",
                                               threshold_match_probability=keep_from, warning_mode="never")
    within = linker.inference.predict_within(right, link_type="dedupe_only",
                                             threshold_match_probability=keep_from, warning_mode="never")
    return pa.concat_tables([engine.fetch(between, columns), engine.fetch(within, columns)])
