"""Where rule SQL runs: DuckDB in-process, or Spark (local or cluster) after transpiling.

Both read the same Parquet files; rule SQL is written once, in DuckDB's dialect.
"""

# SQL here is assembled from the contract's own identifiers and typed, quoted parameters,
# never from text in the data files.
# ruff: noqa: S608

from __future__ import annotations

import logging
import os
from abc import ABC, abstractmethod
from functools import cache
from pathlib import Path
from typing import Any

import duckdb

from .contract import FIRST_ROW, TABLES, engine_schema
from .lists import drop_list_table, list_table
from .segments import with_offsets

SPARK_MASTER_ENV = "QINGFENG_SPARK_MASTER"
SPARK_CONF_ENV = "QINGFENG_SPARK_CONF"  # extra settings, "key=value,key=value"


class Backend(ABC):
    name: str

    @abstractmethod
    def register(self, table: str, parquet: Path, columns: list[str]) -> None:
        """Expose a Parquet file as a table with the given columns."""

    @abstractmethod
    def rows(self, sql: str) -> list[tuple[Any, ...]]:
        """Run a query (DuckDB dialect) and return all rows."""

    @abstractmethod
    def records(self, table: str, columns: list[str], row_ids: list[int]) -> list[tuple[Any, ...]]:
        """The rows of a table with the given row_ids, columns in the order given."""


class DuckDBBackend(Backend):
    name = "duckdb"

    def __init__(
        self, con: duckdb.DuckDBPyConnection, memory: dict[str, str] | None = None
    ) -> None:
        """`memory`: tables loaded into DuckDB's memory (table -> temp table,
        `LoadedData.memory`), read there instead of from their Parquet."""
        self.con = con
        self.memory = memory or {}

    def register(
        self, table: str, parquet: Path, columns: list[str], view: str | None = None
    ) -> None:
        """`view` names the view (default: the table's own name)."""
        if table in self.memory:  # row_id: the row's place in the file, kept by the load
            cols = [f"rowid + {FIRST_ROW} AS row_id" if c == "row_id" else c for c in columns]
            source = f"SELECT {', '.join(cols)} FROM {self.memory[table]}"
        elif table not in TABLES:
            source = f"SELECT {', '.join(columns)} FROM read_parquet('{_lit(parquet)}')"
        else:
            # row_id: the record's row in the file, from its place in the Parquet segments
            source = " UNION ALL ".join(
                "SELECT "
                + ", ".join(
                    f"file_row_number + {FIRST_ROW + before} AS row_id" if c == "row_id" else c
                    for c in columns
                )
                + f" FROM read_parquet('{_lit(path)}', file_row_number=true)"
                for path, before in with_offsets(parquet)
            )
        self.con.execute(f"CREATE OR REPLACE VIEW {view or table} AS {source}")

    def rows(self, sql: str) -> list[tuple[Any, ...]]:
        return self.con.execute(sql).fetchall()

    def records(self, table: str, columns: list[str], row_ids: list[int]) -> list[tuple[Any, ...]]:
        list_table(self.con, "__qf_row_ids", {"row_id": ("BIGINT", row_ids)})
        try:
            return self.con.execute(
                f"SELECT {', '.join('t.' + c for c in columns)} FROM {table} t "
                "JOIN __qf_row_ids i ON i.row_id = t.row_id"
            ).fetchall()
        finally:
            drop_list_table(self.con, "__qf_row_ids")


def to_spark_sql(sql: str) -> str:
    """DuckDB SQL as Spark SQL."""
    import sqlglot  # only Spark needs it: a DuckDB run does not pay for its import

    return sqlglot.transpile(sql, read="duckdb", write="spark", unsupported_level="raise")[0]


@cache
def spark_session() -> Any:
    """One SparkSession per process: `local[2]` unless QINGFENG_SPARK_MASTER names a cluster."""
    from pyspark.sql import SparkSession

    master = os.environ.get(SPARK_MASTER_ENV, "local[2]")
    builder = SparkSession.builder.master(master).appName("qingfeng-screening")
    if master.startswith("local"):
        # one machine: as many shuffle partitions as cores, no UI, no progress bars
        cores = master.removeprefix("local").strip("[]") or "1"
        partitions = str(os.cpu_count() or 2) if cores == "*" else cores
        builder = (
            builder.config("spark.sql.shuffle.partitions", partitions)
            .config("spark.default.parallelism", partitions)
            .config("spark.ui.enabled", "false")
            .config("spark.ui.showConsoleProgress", "false")
            # adaptive planning costs more than it saves on one machine's small jobs
            .config("spark.sql.adaptive.enabled", "false")
            .config("spark.driver.extraJavaOptions", "-XX:+UseSerialGC -XX:TieredStopAtLevel=1")
        )
    else:  # a standalone cluster: the driver is this process
        builder = _cluster(builder, master)
    # Splink's similarity functions (damerau_levenshtein) for linking on Spark
    from splink.internals.spark.jar_location import similarity_jar_location

    builder = builder.config("spark.jars", similarity_jar_location())
    builder = builder.config("spark.sql.session.timeZone", "UTC")
    for item in filter(None, os.environ.get(SPARK_CONF_ENV, "").split(",")):
        key, _, value = item.partition("=")
        builder = builder.config(key.strip(), value.strip())
    logging.getLogger("py4j").setLevel(logging.WARNING)
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    return spark


def _cluster(builder: Any, master: str) -> Any:
    """Settings for a standalone cluster (scripts/spark-cluster.sh starts one on 127.0.0.1):
    executors reach the driver on the master's host; small shuffles for a few workers."""
    import sys
    from urllib.parse import urlparse

    host = urlparse(master).hostname or "127.0.0.1"
    if host in ("127.0.0.1", "localhost"):
        builder = builder.config("spark.driver.host", "127.0.0.1").config(
            "spark.driver.bindAddress", "127.0.0.1"
        )
    return (
        builder.config("spark.sql.shuffle.partitions", "8")
        .config("spark.default.parallelism", "8")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.pyspark.python", sys.executable)
        .config("spark.executor.memory", os.environ.get("QINGFENG_SPARK_EXECUTOR_MEMORY", "1g"))
    )


class SparkBackend(Backend):
    name = "spark"

    def __init__(self) -> None:
        from pyspark.sql import functions

        self.spark = spark_session()
        self.functions = functions

    def register(self, table: str, parquet: Path, columns: list[str]) -> None:
        # the schema is known, so Spark need not open the file to infer it
        stored = [
            (n, t) for n, t in _schema(table, columns) if n != "row_id" or table not in TABLES
        ]
        schema = ", ".join(f"{name} {_SPARK_TYPES[typ]}" for name, typ in stored)
        if table not in TABLES:
            frame = self.spark.read.schema(schema).parquet(str(parquet)).select(*columns)
        else:  # row_id: the record's row in the file, from its place in the Parquet segments
            frames = [
                self.spark.read.schema(schema)
                .parquet(str(path))
                .withColumn(
                    "row_id", self.functions.expr(f"_metadata.row_index + {FIRST_ROW + before}")
                )
                .select(*columns)
                for path, before in with_offsets(parquet)
            ]
            frame = frames[0]
            for more in frames[1:]:
                frame = frame.unionByName(more)
        frame.createOrReplaceTempView(table)

    def rows(self, sql: str) -> list[tuple[Any, ...]]:
        return [tuple(r) for r in self.spark.sql(to_spark_sql(sql)).collect()]

    def records(self, table: str, columns: list[str], row_ids: list[int]) -> list[tuple[Any, ...]]:
        ids = self.spark.createDataFrame([(i,) for i in row_ids], "row_id bigint")
        frame = self.spark.table(table).join(ids.hint("broadcast"), "row_id", "left_semi")
        return [tuple(r) for r in frame.select(*columns).collect()]


_SPARK_TYPES = {
    "BIGINT": "bigint",
    "VARCHAR": "string",
    "DATE": "date",
    "DECIMAL(18,2)": "decimal(18,2)",
    "DOUBLE": "double",
}


def _schema(table: str, columns: list[str]) -> list[tuple[str, str]]:
    from .prepare import DERIVED_SCHEMAS

    full = DERIVED_SCHEMAS.get(table) or engine_schema(TABLES[table])
    types = dict(full)
    return [(c, types[c]) for c in columns]


def _lit(path: Path) -> str:
    return str(path).replace("'", "''")
