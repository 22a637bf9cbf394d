"""A local or remote Spark session configured the way every stalkscreen stage needs it.

Loopback only by default (SPARK_LOCAL_IP, driver bound to 127.0.0.1), no UI, scratch space in a
folder the caller owns. Shared so stages do not import each other's engines. Splink's similarity
functions (jaro-winkler and the rest) are always on the classpath: a JVM's driver classpath is
fixed when its first session starts, so a stage that does not need them must still bring them.
"""

from __future__ import annotations

import os
from pathlib import Path

from stalkscreen.errors import StalkscreenError


def session(master: str, app_name: str, folder: Path):
    """A SparkSession at master (e.g. local[2]); StalkscreenError if Java or the master is missing."""
    from pyspark.sql import SparkSession
    from splink.backends.spark import similarity_jar_location

    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    builder = (SparkSession.builder.master(master).appName(app_name)
               .config("spark.driver.bindAddress", "127.0.0.1")
               .config("spark.driver.host", "127.0.0.1")
               .config("spark.sql.shuffle.partitions", "8")
               .config("spark.ui.enabled", "false")
               .config("spark.ui.showConsoleProgress", "false")
               .config("spark.local.dir", str(folder))
               .config("spark.jars", similarity_jar_location()))
    try:
        spark = builder.getOrCreate()
    except Exception as exc:  # Java missing or the master unreachable
        raise StalkscreenError(f"could not start Spark at {master}: {str(exc).splitlines()[0]}",
                               hint="check that Java 17 is installed and the --spark-master address") from None
    spark.sparkContext.setLogLevel("ERROR")
    return spark
