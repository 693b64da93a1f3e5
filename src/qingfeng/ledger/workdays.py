"""Working days: weekends, 法定节假日 and 调休 (DOMAIN.md, Time limits).

chinese-calendar knows the years the State Council has announced; `data/holidays.json` (or the
file named by settings.QINGFENG_HOLIDAYS_FILE) can add a year. In a year nobody knows, only
weekends are skipped and the result is marked provisional (暂定): never every day a working
day, never a crash.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import chinese_calendar
from django.conf import settings

DEFAULT_FILE = Path(__file__).resolve().parent / "data" / "holidays.json"


@dataclass(frozen=True)
class YearData:
    holidays: frozenset[dt.date]
    workdays: frozenset[dt.date]


def holidays_file() -> Path:
    return Path(getattr(settings, "QINGFENG_HOLIDAYS_FILE", DEFAULT_FILE))


@lru_cache(maxsize=8)
def _load(path: str, mtime: float) -> dict[int, YearData]:
    raw = json.loads(Path(path).read_text(encoding="utf-8"))
    years = {}
    for year, data in (raw.get("years") or {}).items():
        years[int(year)] = YearData(
            holidays=frozenset(dt.date.fromisoformat(d) for d in data.get("holidays", [])),
            workdays=frozenset(dt.date.fromisoformat(d) for d in data.get("workdays", [])),
        )
    return years


def our_years() -> dict[int, YearData]:
    path = holidays_file()
    if not path.exists():
        return {}
    return _load(str(path), path.stat().st_mtime)


def is_known_year(year: int) -> bool:
    if year in our_years():
        return True
    try:
        chinese_calendar.is_workday(dt.date(year, 6, 1))
    except NotImplementedError:
        return False
    return True


def is_workday(day: dt.date) -> tuple[bool, bool]:
    """(is a working day, is certain). Uncertain days are judged by weekday alone."""
    ours = our_years().get(day.year)
    if ours is not None:
        if day in ours.workdays:
            return True, True
        if day in ours.holidays:
            return False, True
        return day.weekday() < 5, True
    try:
        return chinese_calendar.is_workday(day), True
    except NotImplementedError:
        return day.weekday() < 5, False


def add_working_days(start: dt.date, count: int) -> tuple[dt.date, bool]:
    """The `count`-th working day after `start` (the day of receipt does not count), and
    whether the answer is provisional because a year on the way is not known."""
    day, found, certain = start, 0, True
    while found < count:
        day += dt.timedelta(days=1)
        working, sure = is_workday(day)
        certain = certain and sure
        if working:
            found += 1
    return day, not certain
