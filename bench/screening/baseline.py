"""Straightforward pandas versions of R01, R03 and R05, the yardstick for the engine's speed.

Written the way an analyst would in a notebook: read the CSV files, merge, filter, group. Exact
ID matching only (no fuzzy linking, no cell checks, no evidence), so they do less than the
engine does.
"""

from __future__ import annotations

import time
from pathlib import Path

MEANS_TESTED = ["低保金", "特困供养金"]


def pandas_available() -> bool:
    try:
        import pandas  # noqa: F401
    except ImportError:
        return False
    return True


# the columns each rule reads, as a column-selective notebook would ask for them
_COLUMNS = {
    "R01": {"payments": ["发放日期", "身份证号", "金额"], "deaths": ["身份证号", "死亡日期"]},
    "R03": {"payments": ["项目", "身份证号"], "officials": ["身份证号"]},
    "R05": {"payments": ["发放日期", "项目", "身份证号", "村代码", "金额"]},
}


def run_pandas_rule(data_dir: Path, rule: str) -> tuple[float, set[str]]:
    """Seconds and flagged IDs of one rule alone, reading only its columns (issue 13's
    "column-selective pandas script")."""
    import pandas as pd

    start = time.perf_counter()
    cols = _COLUMNS[rule]
    pay = pd.read_csv(data_dir / "payments.csv", dtype=str, usecols=cols["payments"])
    if rule == "R01":
        deaths = pd.read_csv(
            data_dir / "deaths.csv", dtype=str, encoding="gb18030", usecols=cols["deaths"]
        )
        pay = pay[pd.to_numeric(pay["金额"], errors="coerce") > 0]  # reversals are no payment
        pay["发放日期"] = pd.to_datetime(pay["发放日期"])
        deaths["死亡日期"] = pd.to_datetime(deaths["死亡日期"], format="mixed")
        merged = pay.merge(deaths, on="身份证号")
        flagged = set(merged[(merged["发放日期"] - merged["死亡日期"]).dt.days > 31]["身份证号"])
    elif rule == "R03":
        officials = pd.read_csv(data_dir / "officials.csv", dtype=str, usecols=cols["officials"])
        welfare = pay[pay["项目"].isin(MEANS_TESTED)]
        flagged = set(welfare[welfare["身份证号"].isin(officials["身份证号"])]["身份证号"])
    else:
        pay["月份"] = pd.to_datetime(pay["发放日期"]).dt.to_period("M")
        # a reversal (negative amount) takes one payment of its month back
        pay["笔"] = (pd.to_numeric(pay["金额"], errors="coerce") < 0).map({True: -1, False: 1})
        per = pay.groupby(["身份证号", "月份", "项目"])["笔"].sum()
        flagged = set(per[per >= 2].reset_index()["身份证号"])
        by_village = pay.groupby(["身份证号", "月份", "村代码"])["笔"].sum()
        villages = by_village[by_village > 0].reset_index().groupby(["身份证号", "月份"]).size()
        flagged |= set(villages[villages >= 2].reset_index()["身份证号"])
    return time.perf_counter() - start, {s for s in flagged if isinstance(s, str)}
