"""Fuzzy linking's heavy step on Spark: Splink's Spark backend scores the candidate pairs.

With `--engine spark`, linking.py prepares the records left after exact ID matching and the payees
(`__qf_fuzzy_left`, `__qf_fuzzy_right`) in DuckDB as usual; this writes them to Parquet, lets
Splink (SparkAPI, the same settings and fixed m/u probabilities as linking._settings) block and
score every candidate pair on the Spark session (a local one or a standalone cluster), and reads
the scored pairs back as `__qf_pairs`. Choosing each record's link from the pairs stays in
linking.py, so both engines choose by the same code.
"""

# SQL here is assembled from fixed table names and paths the engine chose, never from data.
# ruff: noqa: S608

from __future__ import annotations

import logging
import shutil
import uuid
from collections.abc import Callable
from pathlib import Path

import duckdb


def spark_predict(work: Path) -> Callable[[duckdb.DuckDBPyConnection], None]:
    """A `predict` for linking.build_links that scores pairs on Spark, using `work` for the
    Parquet handed over between DuckDB and Spark."""

    def predict(con: duckdb.DuckDBPyConnection) -> None:
        from splink import Linker, SparkAPI

        from .backends import spark_session
        from .linking import _settings

        folder = work / "spark-linking"
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        spark = spark_session()
        # one Spark session serves every run of the process: names of this run's own
        tag = uuid.uuid4().hex[:12]
        mentions, payees = f"qf_mentions_{tag}", f"qf_payees_{tag}"
        frames = {}
        for table, name in (("__qf_fuzzy_left", mentions), ("__qf_fuzzy_right", payees)):
            path = folder / f"{name}.parquet"
            con.execute(f"COPY {table} TO '{_lit(path)}' (FORMAT parquet)")
            frames[name] = spark.read.parquet(str(path))
        logging.getLogger("splink").setLevel(logging.ERROR)
        db_api = SparkAPI(
            spark_session=spark,
            break_lineage_method="persist",
            num_partitions_on_repartition=int(spark.conf.get("spark.sql.shuffle.partitions")),
        )
        left = db_api.register(frames[mentions], table_name=mentions)
        right = db_api.register(frames[payees], table_name=payees)
        linker = Linker([left, right], _settings(spark=True), log_level=None)
        pairs = linker.inference.predict(threshold_match_probability=0.5, warning_mode="never")
        out = folder / "pairs.parquet"
        pairs.as_spark_dataframe().select(
            "source_dataset_l", "unique_id_l", "unique_id_r", "match_probability"
        ).write.mode("overwrite").parquet(str(out))
        con.execute(
            f"""
            CREATE OR REPLACE TEMP TABLE __qf_pairs AS
            SELECT CASE WHEN source_dataset_l = '{mentions}' THEN unique_id_l ELSE unique_id_r END
                       AS mention_id,
                   CASE WHEN source_dataset_l = '{mentions}' THEN unique_id_r ELSE unique_id_l END
                       AS person_id,
                   match_probability
            FROM read_parquet('{_lit(out)}/*.parquet')
            """
        )
        db_api.delete_tables_created_by_splink_from_db()
        for name in (mentions, payees):
            spark.catalog.dropTempView(name)
        shutil.rmtree(folder, ignore_errors=True)

    return predict


def _lit(path: Path) -> str:
    return str(path).replace("'", "''")
