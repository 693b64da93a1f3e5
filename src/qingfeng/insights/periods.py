"""The period a statistic covers: a month, a quarter, a year or custom dates, read from the
`p` query parameter ("2026-11", "2026Q4", "2026", "2026-01-01~2026-03-15")."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

MONTH, QUARTER, YEAR, CUSTOM = "month", "quarter", "year", "custom"
MAX_CUSTOM_DAYS = 366 * 5


class PeriodError(ValueError):
    pass


@dataclass(frozen=True)
class Period:
    kind: str
    first: dt.date  # first day
    last: dt.date  # last day (inclusive)

    @property
    def start(self) -> dt.datetime:
        return _aware(self.first)

    @property
    def end(self) -> dt.datetime:
        return _aware(self.last + dt.timedelta(days=1))

    @property
    def param(self) -> str:
        if self.kind == MONTH:
            return f"{self.first:%Y-%m}"
        if self.kind == QUARTER:
            return f"{self.first.year}Q{(self.first.month - 1) // 3 + 1}"
        if self.kind == YEAR:
            return str(self.first.year)
        return f"{self.first:%Y-%m-%d}~{self.last:%Y-%m-%d}"

    @property
    def label(self) -> str:
        if self.kind == MONTH:
            return _("%(y)d-%(m)02d") % {"y": self.first.year, "m": self.first.month}
        if self.kind == QUARTER:
            return _("%(y)d Q%(q)d") % {"y": self.first.year, "q": (self.first.month - 1) // 3 + 1}
        if self.kind == YEAR:
            return _("year %(y)d") % {"y": self.first.year}
        return f"{self.first:%Y-%m-%d} ~ {self.last:%Y-%m-%d}"

    def previous(self) -> Period:
        if self.kind == MONTH:
            return month(self.first - dt.timedelta(days=1))
        if self.kind == QUARTER:
            return quarter(self.first - dt.timedelta(days=1))
        if self.kind == YEAR:
            return year(self.first.year - 1)
        length = self.last - self.first
        return Period(
            CUSTOM, self.first - length - dt.timedelta(days=1), self.first - dt.timedelta(days=1)
        )

    def trend_start(self) -> dt.date:
        """First day of the month trend shown with this period: at least 12 months back."""
        first = self.first.replace(day=1)
        back = _add_months(self.last.replace(day=1), -11)
        return min(first, back)


def _aware(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _add_months(day: dt.date, n: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + n
    return dt.date(index // 12, index % 12 + 1, 1)


def month(day: dt.date) -> Period:
    first = day.replace(day=1)
    return Period(MONTH, first, _add_months(first, 1) - dt.timedelta(days=1))


def quarter(day: dt.date) -> Period:
    first = dt.date(day.year, (day.month - 1) // 3 * 3 + 1, 1)
    return Period(QUARTER, first, _add_months(first, 3) - dt.timedelta(days=1))


def year(y: int) -> Period:
    return Period(YEAR, dt.date(y, 1, 1), dt.date(y, 12, 31))


def months_between(first: dt.date, last: dt.date) -> list[str]:
    out, day = [], first.replace(day=1)
    while day <= last:
        out.append(f"{day:%Y-%m}")
        day = _add_months(day, 1)
    return out


def today() -> dt.date:
    return timezone.localdate()


def parse(value: str | None) -> Period:
    """The period named by `value`; empty means this month. Raises PeriodError (Chinese)."""
    value = (value or "").strip()
    if not value:
        return month(today())
    try:
        if m := re.fullmatch(r"(\d{4})-(\d{1,2})", value):
            return month(dt.date(int(m[1]), int(m[2]), 1))
        if m := re.fullmatch(r"(\d{4})[Qq]([1-4])", value):
            return quarter(dt.date(int(m[1]), (int(m[2]) - 1) * 3 + 1, 1))
        if m := re.fullmatch(r"(\d{4})", value):
            return year(int(m[1]))
        if m := re.fullmatch(r"(\d{4}-\d{2}-\d{2})\s*~\s*(\d{4}-\d{2}-\d{2})", value):
            first, last = dt.date.fromisoformat(m[1]), dt.date.fromisoformat(m[2])
            if last < first:
                raise PeriodError(_("The end date comes before the start date."))
            if (last - first).days > MAX_CUSTOM_DAYS:
                raise PeriodError(_("A custom period is at most five years long."))
            return Period(CUSTOM, first, last)
    except ValueError as exc:
        if isinstance(exc, PeriodError):
            raise
        raise PeriodError(_("%(value)s is not a date.") % {"value": value}) from exc
    raise PeriodError(
        _(
            "Write the period as 2026-11 (a month), 2026Q4 (a quarter), 2026 (a year) or "
            "2026-01-01~2026-03-15 (dates); got %(value)s."
        )
        % {"value": value}
    )
