"""When each kind of disclosure is due (DOMAIN.md, Disclosure): the one place for these rules.

Confidence: [T] read in the law's text; [P] platform default (a county may change it).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from qingfeng.disclosure.kinds import Kind

MONTHLY, QUARTERLY, PER_PAYOUT, AS_IT_HAPPENS = (
    "monthly",
    "quarterly",
    "per_payout",
    "as_it_happens",
)


@dataclass(frozen=True)
class Rule:
    cadence: str
    days: int  # day of the next month (periodic), or days after the payout
    text: str
    source: str
    confidence: str


RULES: dict[str, Rule] = {
    Kind.FINANCE: Rule(
        MONTHLY,
        10,
        gettext_lazy("monthly, by the 10th of the next month"),
        pgettext_lazy(
            "disclosure basis",
            "Organic Law of Villagers' Committees, article 30 (monthly where money "
            "moves often); by the 10th of each month is this platform's default",
        ),
        "[T]/[P]",
    ),
    Kind.VILLAGE: Rule(
        QUARTERLY,
        10,
        gettext_lazy("quarterly, by the 10th of the month after the quarter"),
        pgettext_lazy(
            "disclosure basis",
            "Organic Law of Villagers' Committees, article 30 (ordinary matters at "
            "least once a quarter); within 10 days after the quarter is this "
            "platform's default",
        ),
        "[T]/[P]",
    ),
    Kind.PARTY: Rule(
        QUARTERLY,
        10,
        gettext_lazy("quarterly, by the 10th of the month after the quarter"),
        pgettext_lazy(
            "disclosure basis",
            "Party affairs once a quarter, within 10 days after the quarter: this "
            "platform's default",
        ),
        "[P]",
    ),
    Kind.SUBSIDY: Rule(
        PER_PAYOUT,
        10,
        gettext_lazy("within 10 days of each payout"),
        pgettext_lazy(
            "disclosure basis",
            "subsidies published within 10 days of each payout: this platform's default",
        ),
        "[P]",
    ),
    Kind.PROJECT: Rule(
        AS_IT_HAPPENS,
        0,
        gettext_lazy("at each stage of the project"),
        pgettext_lazy(
            "disclosure basis",
            "Organic Law of Villagers' Committees, article 30 (matters touching "
            "villagers' interests published as they happen)",
        ),
        "[T]",
    ),
    Kind.ASSET: Rule(
        AS_IT_HAPPENS,
        0,
        gettext_lazy("as each lease, contract or disposal happens"),
        pgettext_lazy(
            "disclosure basis",
            "Organic Law of Villagers' Committees, article 30",
        ),
        "[T]",
    ),
    Kind.DECISION: Rule(
        AS_IT_HAPPENS,
        0,
        gettext_lazy("as each step of the decision happens"),
        pgettext_lazy(
            "disclosure basis",
            '"four deliberations, two disclosures": the decision and its result are published',
        ),
        "[T]",
    ),
}

_MONTH_RE = re.compile(r"^(\d{4})-(\d{2})$")
_QUARTER_RE = re.compile(r"^(\d{4})-Q([1-4])$")


def period_hint(kind: str) -> str:
    cadence = RULES[kind].cadence
    if cadence == MONTHLY:
        return "2026-03"
    if cadence == QUARTERLY:
        return "2026-Q1"
    return _("free text, e.g. 2026-03 first batch")


def clean_period(kind: str, period: str) -> str:
    period = (period or "").strip().upper().replace("／", "-")
    cadence = RULES[kind].cadence
    if cadence == MONTHLY and not (_MONTH_RE.match(period) and 1 <= int(period[5:]) <= 12):
        raise ValidationError(_("The period of a monthly disclosure is a month, like 2026-03."))
    if cadence == QUARTERLY and not _QUARTER_RE.match(period):
        raise ValidationError(_("The period of a quarterly disclosure is a quarter, like 2026-Q1."))
    if not period or len(period) > 32:
        raise ValidationError(_("Give the period in at most 32 characters."))
    return period


def _month_after(year: int, month: int) -> tuple[int, int]:
    return (year + 1, 1) if month == 12 else (year, month + 1)


def period_due(kind: str, period: str) -> dt.date | None:
    rule = RULES[kind]
    if rule.cadence == MONTHLY and (m := _MONTH_RE.match(period)):
        year, month = _month_after(int(m[1]), int(m[2]))
        return dt.date(year, month, rule.days)
    if rule.cadence == QUARTERLY and (m := _QUARTER_RE.match(period)):
        year, month = _month_after(int(m[1]), int(m[2]) * 3)
        return dt.date(year, month, rule.days)
    return None


def batch_due(kind: str, period: str, row_dates: list[dt.date]) -> dt.date | None:
    """By when this batch should have been out: the period's deadline, or for benefit payments
    10 days after the latest payout in it."""
    if RULES[kind].cadence == PER_PAYOUT and row_dates:
        return max(row_dates) + dt.timedelta(days=RULES[kind].days)
    return period_due(kind, period)


def last_due_period(kind: str, today: dt.date) -> str | None:
    """The newest period whose deadline has passed (so it must be out by now)."""
    cadence = RULES[kind].cadence
    if cadence == MONTHLY:
        year, month = today.year, today.month - 1
        for _step in range(3):
            if month == 0:
                year, month = year - 1, 12
            period = f"{year}-{month:02d}"
            if period_due(kind, period) < today:
                return period
            month -= 1
    if cadence == QUARTERLY:
        year, quarter = today.year, (today.month - 1) // 3
        for _step in range(3):
            if quarter == 0:
                year, quarter = year - 1, 4
            period = f"{year}-Q{quarter}"
            if period_due(kind, period) < today:
                return period
            quarter -= 1
    return None


PERIODIC = [k for k, r in RULES.items() if r.cadence in (MONTHLY, QUARTERLY)]
