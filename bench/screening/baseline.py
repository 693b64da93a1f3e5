"""Straightforward pandas versions of R01, R03 and R05, the yardstick for the engine's speed.

Written the way an analyst would in a notebook: read the CSV files, merge, filter, group. Exact
ID matching only (no fuzzy linking, no cell checks, no evidence), so they do less than the
engine does. Loading and the rules are timed apart.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

MEANS_TESTED = ["低保金", "特困供养金"]


@dataclass
class PandasRun:
    load_seconds: float
    rules_seconds: float
    subjects: dict[str, set[str]] = field(default_factory=dict)  # rule -> payee IDs flagged

    @property
    def seconds(self) -> float:
        return self.load_seconds + self.rules_seconds


def pandas_available() -> bool:
    try:
        import pandas  # noqa: F401
    except ImportError:
        return False
    return True


def run_pandas(data_dir: Path) -> PandasRun:
    import pandas as pd

    start = time.perf_counter()
    pay = pd.read_csv(data_dir / "payments.csv", dtype=str)
    deaths = pd.read_csv(data_dir / "deaths.csv", dtype=str, encoding="gb18030")
    officials = pd.read_csv(data_dir / "officials.csv", dtype=str)
    pay["发放日期"] = pd.to_datetime(pay["发放日期"])
    deaths["死亡日期"] = pd.to_datetime(deaths["死亡日期"], format="mixed")
    loaded = time.perf_counter()

    r01 = pay.merge(deaths[["身份证号", "死亡日期"]], on="身份证号")
    r01 = set(r01[(r01["发放日期"] - r01["死亡日期"]).dt.days > 31]["身份证号"])

    welfare = pay[pay["项目"].isin(MEANS_TESTED)]
    r03 = set(welfare[welfare["身份证号"].isin(officials["身份证号"])]["身份证号"])

    pay["月份"] = pay["发放日期"].dt.to_period("M")
    per = pay.groupby(["身份证号", "月份", "项目"]).size()
    r05 = set(per[per >= 2].reset_index()["身份证号"])
    villages = pay.groupby(["身份证号", "月份"])["村代码"].nunique()
    r05 |= set(villages[villages >= 2].reset_index()["身份证号"])
    done = time.perf_counter()
    return PandasRun(loaded - start, done - loaded, {"R01": r01, "R03": r03, "R05": r05})


# the columns each rule reads, as a column-selective notebook would ask for them
_COLUMNS = {
    "R01": {"payments": ["发放日期", "身份证号"], "deaths": ["身份证号", "死亡日期"]},
    "R03": {"payments": ["项目", "身份证号"], "officials": ["身份证号"]},
    "R05": {"payments": ["发放日期", "项目", "身份证号", "村代码"]},
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
        per = pay.groupby(["身份证号", "月份", "项目"]).size()
        flagged = set(per[per >= 2].reset_index()["身份证号"])
        villages = pay.groupby(["身份证号", "月份"])["村代码"].nunique()
        flagged |= set(villages[villages >= 2].reset_index()["身份证号"])
    return time.perf_counter() - start, {s for s in flagged if isinstance(s, str)}
