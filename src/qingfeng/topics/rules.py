"""The follow-up rule of 点题整治, in one place.

每季一跟踪、半年一调度、全年一评估 (安溪县纪委监委's 点题 mechanism, seeds/004): the lead
department reports at least once a quarter. Platform policy [P]: a topic whose last report (or
its adoption, before the first report) is more than 90 days old is 逾期未报."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

FOLLOW_UP_DAYS = 90
FOLLOW_UP_SOURCE = gettext_lazy(
    "One progress report a quarter (每季一跟踪); platform default: 90 days [P]"
)


def follow_up_due(last_report: dt.date | None, adopted_on: dt.date | None) -> dt.date | None:
    """The day by which the next progress report is expected."""
    start = last_report or adopted_on
    return start + dt.timedelta(days=FOLLOW_UP_DAYS) if start else None


def late_cutoff(today: dt.date) -> dt.date:
    """Topics whose last report is older than this day are late."""
    return today - dt.timedelta(days=FOLLOW_UP_DAYS)


def is_late(last_report: dt.date | None, adopted_on: dt.date | None, today: dt.date) -> bool:
    due = follow_up_due(last_report, adopted_on)
    return due is not None and due < today


def period_bounds(value: str) -> tuple[dt.date, dt.date]:
    """ "2026" → the year; "2026Q4" → the quarter. Raises ValueError otherwise."""
    if len(value) == 4 and value.isdigit():
        year = int(value)
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    if len(value) == 6 and value[:4].isdigit() and value[4] == "Q" and value[5] in "1234":
        year, quarter = int(value[:4]), int(value[5])
        start = dt.date(year, 3 * quarter - 2, 1)
        end_month = 3 * quarter
        end = (
            dt.date(year, 12, 31)
            if end_month == 12
            else dt.date(year, end_month + 1, 1) - dt.timedelta(days=1)
        )
        return start, end
    raise ValueError(value)


def period_choices(today: dt.date) -> list[tuple[str, str]]:
    """This quarter, the next three, this year and next year."""
    choices = []
    year, quarter = today.year, (today.month - 1) // 3 + 1
    for _n in range(4):
        choices.append((f"{year}Q{quarter}", _quarter(year, quarter)))
        quarter += 1
        if quarter == 5:
            year, quarter = year + 1, 1
    choices += [(str(y), _year(y)) for y in (today.year, today.year + 1)]
    return choices


def _quarter(year: int, quarter: int) -> str:
    return _("%(year)s, quarter %(quarter)s") % {"year": year, "quarter": quarter}


def _year(year: int) -> str:
    return _("the whole of %(year)s") % {"year": year}


def period_label(start: dt.date | None, end: dt.date | None) -> str:
    if not start or not end:
        return ""
    if (start.month, start.day, end.month, end.day) == (1, 1, 12, 31) and start.year == end.year:
        return _year(start.year)
    if start.day == 1 and start.month % 3 == 1:
        quarter = (start.month + 2) // 3
        if period_bounds(f"{start.year}Q{quarter}") == (start, end):
            return _quarter(start.year, quarter)
    return _("%(start)s to %(end)s") % {"start": f"{start:%Y-%m-%d}", "end": f"{end:%Y-%m-%d}"}
