"""The floor: R01, R03 and R05 each as one plain DuckDB query over the CSV files, with no cell
checks, no linking and no evidence (issue 13), reversals (negative amounts) taken as the rules
take them. The engine can never beat these; the ratio says
how much its checks, linking and evidence cost. deaths.csv arrives in GBK, which DuckDB cannot
read without a downloaded extension, so it is transcoded to UTF-8 before the clock starts (in
the floor's favour)."""

# the SQL is built from fixed text and the bench's own file paths
# ruff: noqa: S608

from __future__ import annotations

import tempfile
import time
from pathlib import Path

MEANS_TESTED = "('低保金', '特困供养金')"
DATE = "coalesce(try_strptime({c}, '%Y-%m-%d'), try_strptime({c}, '%Y/%-m/%-d'))"


def _csv(path: Path) -> str:
    return (
        f"read_csv('{str(path).replace(chr(39), chr(39) * 2)}', all_varchar = true, header = true)"
    )


def queries(data: Path, deaths_utf8: Path) -> dict[str, str]:
    pay, deaths, officials = (
        _csv(data / "payments.csv"),
        _csv(deaths_utf8),
        _csv(data / "officials.csv"),
    )
    return {
        "R01": f"""
            WITH d AS (
                SELECT 身份证号 AS id, min({DATE.format(c="死亡日期")}) AS died
                FROM {deaths} WHERE 身份证号 IS NOT NULL GROUP BY 1)
            SELECT DISTINCT p.身份证号 FROM {pay} p JOIN d ON d.id = p.身份证号
            WHERE {DATE.format(c="p.发放日期")} > d.died + INTERVAL 31 DAY
              AND try_cast(p.金额 AS DOUBLE) > 0""",
        "R03": f"""
            SELECT DISTINCT p.身份证号 FROM {pay} p
            JOIN (SELECT DISTINCT 身份证号 FROM {officials}) o ON o.身份证号 = p.身份证号
            WHERE p.项目 IN {MEANS_TESTED}""",
        "R05": f"""
            WITH p AS (SELECT 身份证号 AS id, 项目 AS program, 村代码 AS village,
                              date_trunc('month', {DATE.format(c="发放日期")}) AS month,
                              CASE WHEN try_cast(金额 AS DOUBLE) < 0 THEN -1 ELSE 1 END AS sign
                       FROM {pay} WHERE 身份证号 IS NOT NULL)
            SELECT id FROM p GROUP BY id, program, month HAVING sum(sign) > 1
            UNION
            SELECT id FROM (SELECT id, month FROM p GROUP BY id, month, village
                            HAVING sum(sign) > 0)
            GROUP BY id, month HAVING count(*) > 1""",
    }


def run_floor(data: Path) -> dict[str, tuple[float, set[str], float]]:
    """Seconds, flagged IDs and CPU seconds (every DuckDB thread) of each floor query."""
    import duckdb

    folder = Path(tempfile.mkdtemp(prefix="qingfeng-floor-"))
    deaths_utf8 = folder / "deaths.csv"
    deaths_utf8.write_text((data / "deaths.csv").read_bytes().decode("gb18030"), encoding="utf-8")
    out = {}
    for rule, sql in queries(data, deaths_utf8).items():
        con = duckdb.connect()  # a fresh connection: nothing cached between queries
        con.execute("SET enable_progress_bar = false")
        start, cpu = time.perf_counter(), time.process_time()
        rows = con.execute(sql).fetchall()
        seconds = time.perf_counter() - start
        out[rule] = (seconds, {r[0] for r in rows}, time.process_time() - cpu)
        con.close()
    deaths_utf8.unlink()
    folder.rmdir()
    return out
