"""Screening on a Spark standalone cluster: parity with DuckDB, and how both engines scale.

1. parity: start scripts/spark-cluster.sh (a master and two workers on 127.0.0.1), run every rule
   on the generator's small data with `--master` (fuzzy linking on Spark too) and on DuckDB, and
   compare the hits files byte for byte; stop the cluster;
2. scaling (skipped with --quick): wall time and peak RSS of the driver for all rules, on DuckDB
   and on the cluster, at 1x county (bench_screening's county data) and, given
   `--province DIR` (`gen-data --scale province` output), at 2x and 4x county: the first 40 and
   80 townships of the province, the same generator and mix of cases.

    .venv/bin/python bench/bench_spark.py --quick          # parity only (a few minutes)
    .venv/bin/python bench/bench_spark.py                  # parity, 1x county
    .venv/bin/python bench/bench_spark.py --province DIR   # parity, 1x, 2x, 4x county

The machine is shared: the scaling part runs each size once.
"""

# SQL here is built from fixed table names and paths the bench chose.
# ruff: noqa: S608

from __future__ import annotations

import argparse
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CLUSTER = ROOT / "scripts" / "spark-cluster.sh"
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_screening import data_for, qingfeng, timed  # noqa: E402

from qingfeng.screening.engine import sniff  # noqa: E402

TOWNSHIPS_PER_COUNTY = 20


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Cluster:
    def __init__(self, folder: Path) -> None:
        self.port = free_port()
        self.env = {
            **os.environ,
            "QINGFENG_SPARK_DIR": str(folder),
            "SPARK_MASTER_PORT": str(self.port),
            "QINGFENG_PYTHON": sys.executable,
        }
        self.master = f"spark://127.0.0.1:{self.port}"

    def __enter__(self) -> Cluster:
        start = time.perf_counter()
        subprocess.run(["/bin/bash", str(CLUSTER), "start"], env=self.env, check=True, timeout=600)
        print(f"cluster up in {time.perf_counter() - start:.1f} s: {self.master}")
        return self

    def __exit__(self, *exc: object) -> None:
        subprocess.run(["/bin/bash", str(CLUSTER), "stop"], env=self.env, timeout=300)


def screen(data: Path, out: Path, *extra: str) -> tuple[float, float]:
    return timed(qingfeng("screen", str(data), "--out", str(out), "--quiet", *extra))


def parity(cache: Path, cluster: Cluster) -> bool:
    data = cache / "small-seed1"
    if not (data / ".complete").exists():
        subprocess.run(qingfeng("gen-data", "--scale", "small", "--out", str(data)), check=True)
        (data / ".complete").write_text("ok\n")
    with tempfile.TemporaryDirectory() as tmp:
        duck, spark = Path(tmp) / "duckdb.csv", Path(tmp) / "spark.csv"
        d_time, _ = screen(data, duck)
        s_time, _ = screen(data, spark, "--master", cluster.master)
        same = duck.read_bytes() == spark.read_bytes()
        hits = duck.read_bytes().count(b"\n") - 1
    print(
        f"cluster parity (small scale, all rules, fuzzy linking on Spark): "
        f"{'identical' if same else 'DIFFERENT'} ({hits} hits); "
        f"DuckDB {d_time:.1f} s, cluster {s_time:.1f} s"
    )
    return same


def county_slice(province: Path, counties: int, cache: Path) -> Path:
    """The first `counties` x 20 townships of the province data, as a folder of tables."""
    import duckdb

    out = cache / f"county-x{counties}"
    if (out / ".complete").exists():
        return out
    out.mkdir(parents=True, exist_ok=True)
    townships = TOWNSHIPS_PER_COUNTY * counties
    con = duckdb.connect(config={"memory_limit": "6GB", "temp_directory": str(out / ".spill")})

    utf8 = out / ".utf8"  # the generator writes some tables in GBK, as counties do
    utf8.mkdir(exist_ok=True)

    def src(name: str) -> str:
        path = province / name
        with path.open("rb") as f:
            head = f.read(sniff.HEAD)
        if sniff.text_encoding(head, name) != "utf-8":
            if not (utf8 / name).exists():
                sniff.transcode(path, utf8 / name, ".csv", name)
            path = utf8 / name
        return f"read_csv('{path}', all_varchar=true, header=true)"

    con.execute(
        f"CREATE TEMP TABLE towns AS SELECT DISTINCT substr(村代码, 1, 9) AS t FROM "
        f"{src('residents.csv')} ORDER BY t LIMIT {townships}"
    )
    con.execute(
        f"CREATE TEMP TABLE ids AS SELECT 身份证号 AS id FROM {src('residents.csv')} "
        "WHERE substr(村代码, 1, 9) IN (SELECT t FROM towns)"
    )
    in_towns = "substr(村代码, 1, 9) IN (SELECT t FROM towns)"
    filters = {
        "residents.csv": in_towns,
        "payments.csv": in_towns,
        "officials.csv": in_towns,
        "contracts.csv": in_towns,
        "deaths.csv": "身份证号 IN (SELECT id FROM ids)",
        "vehicles.csv": "身份证号 IN (SELECT id FROM ids)",
        "companies.csv": "法定代表人身份证号 IN (SELECT id FROM ids)",
        "relatives.csv": "身份证号 IN (SELECT id FROM ids)",
    }
    for name, where in filters.items():
        if (province / name).exists():
            con.execute(
                f"COPY (SELECT * FROM {src(name)} WHERE {where}) TO '{out / name}' "
                "(HEADER, DELIMITER ',')"
            )
    for extra in province.glob("standards.*"):
        (out / extra.name).write_bytes(extra.read_bytes())
    con.close()
    shutil.rmtree(utf8)
    (out / ".complete").write_text("ok\n")
    return out


def scaling(
    province: Path | None, cache: Path, cluster: Cluster, sizes: list[int], on_cluster: set[int]
) -> None:
    print("| county x | payments | DuckDB s | DuckDB GB | cluster s | driver GB |")
    print("|---|---|---|---|---|---|")
    for k in sizes if province else [1]:
        data = county_slice(province, k, cache) if k > 1 else data_for(1, "county", cache)
        rows = sum(1 for _ in (data / "payments.csv").open("rb")) - 1
        with tempfile.TemporaryDirectory() as tmp:
            d_time, d_rss = screen(data, Path(tmp) / "d.csv")
            cells = "not run | -"
            if k in on_cluster:
                s_time, s_rss = screen(data, Path(tmp) / "s.csv", "--master", cluster.master)
                cells = f"{s_time:.1f} | {s_rss:.2f}"
        print(f"| {k} | {rows:,} | {d_time:.1f} | {d_rss:.2f} | {cells} |", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="parity on small data only")
    parser.add_argument("--province", type=Path, help="gen-data --scale province output")
    parser.add_argument(
        "--cache", type=Path, default=Path(tempfile.gettempdir()) / "qingfeng-bench"
    )
    parser.add_argument("--sizes", default="1,2,4", help="county multiples to measure")
    parser.add_argument(
        "--cluster-sizes", default="1,2,4", help="the multiples also run on the cluster"
    )
    parser.add_argument("--no-parity", action="store_true", help="skip the small parity run")
    args = parser.parse_args()
    sizes = [int(k) for k in args.sizes.split(",")]
    on_cluster = {int(k) for k in args.cluster_sizes.split(",") if k}
    args.cache.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp, Cluster(Path(tmp) / "cluster") as cluster:
        same = True if args.no_parity else parity(args.cache, cluster)
        if not args.quick:
            scaling(args.province, args.cache, cluster, sizes, on_cluster)
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
