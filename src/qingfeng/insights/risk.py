"""村级风险评分: one explainable score per village, 0–100, from parts with their weights in
this one place. Each part is a value over the 12 months that end with the chosen period,
turned into 0–1 by dividing by its cap (a value at or above the cap counts fully) and
multiplied by its weight; the weights add up to 100. A part without data (no population
recorded, nothing due) counts 0 and says so."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from qingfeng.disclosure import figures as disclosure
from qingfeng.insights.periods import Period, _add_months, _aware
from qingfeng.ledger import figures as ledger
from qingfeng.orgs import selectors as orgs
from qingfeng.screening import figures as screening


@dataclass(frozen=True)
class Part:
    key: str
    label: str
    definition: str
    weight: int
    cap: float
    unit: str = ""


PARTS = [
    Part(
        "reports",
        _("Reports per 1,000 residents"),
        _("Public reports and walk-ins about the village in 12 months, per 1,000 residents."),
        25,
        20.0,
    ),
    Part(
        "overdue_rate",
        _("Overdue rate"),
        _("Problems received in 12 months that passed a deadline ÷ problems received."),
        20,
        50.0,
        "%",
    ),
    Part(
        "hits",
        _("Confirmed screening hits"),
        _("Data-screening hits confirmed as problems in 12 months."),
        15,
        5.0,
    ),
    Part(
        "unrectified",
        _("Unrectified findings"),
        _("Rectification tasks not yet accepted as done, now."),
        15,
        5.0,
    ),
    Part(
        "disclosure_late",
        _("Late disclosures"),
        _("First publications in 12 months published after their due date ÷ those due."),
        10,
        50.0,
        "%",
    ),
    Part(
        "funds",
        _("Funds disclosed"),
        _("Benefit payments and project money published in 12 months, in 10,000 yuan."),
        5,
        500.0,
        "万元",
    ),
    Part("tags", _("Risk tags"), _("Risk tags the county gave the village (软弱涣散 …)."), 10, 3.0),
]
assert sum(p.weight for p in PARTS) == 100


@dataclass
class PartValue:
    part: Part
    value: float | None

    @property
    def points(self) -> float:
        if self.value is None:
            return 0.0
        return round(self.part.weight * min(self.value / self.part.cap, 1.0), 1)

    @property
    def display(self) -> str:
        if self.value is None:
            return "—"
        if self.part.unit == "%":
            return f"{self.value:.1f}%"
        if isinstance(self.value, float) and not self.value.is_integer():
            return f"{self.value:.1f}"
        return f"{int(self.value)}"


@dataclass
class VillageScore:
    code: str
    name: str
    township: str
    elevated: bool
    parts: list[PartValue] = field(default_factory=list)

    @property
    def score(self) -> float:
        return round(sum(p.points for p in self.parts), 1)


def window(period: Period):
    """The 12 months that end with the period: [start, end)."""
    first = _add_months(period.last.replace(day=1), -11)
    return _aware(first), period.end


def _rate(num, den):
    return round(100.0 * num / den, 1) if den else None


def villages(user, prefixes):
    q = Q()
    for prefix in prefixes:
        q |= Q(code__startswith=prefix)
    return (
        orgs.regions_for(user)
        .filter(q, level="village")
        .annotate(tag_count=Count("risk_tags"))
        .values("code", "name", "population", "elevated_supervision", "tag_count", "parent__name")
        .order_by("code")
    )


def scores(user, prefixes, period: Period) -> list[VillageScore]:
    """Every village under `prefixes` in the viewer's scope, highest score first."""
    if not prefixes:
        return []
    start, end = window(period)
    problems = ledger.by_area(user, prefixes, start, end, 12)
    hits = screening.confirmed_by_village(user, prefixes, start, end)
    open_tasks = ledger.unrectified_by_village(user, prefixes)
    late = disclosure.lateness_by_village(user, prefixes, start, end)
    funds = disclosure.funds_by_village(user, prefixes, start, end)
    out = []
    for v in villages(user, prefixes):
        code = v["code"]
        c = problems.get(code, {})
        population = v["population"]
        d = late.get(code, {})
        values = {
            "reports": round(1000.0 * c.get("resident", 0) / population, 1) if population else None,
            "overdue_rate": _rate(c.get("received_late", 0), c.get("received", 0)),
            "hits": float(hits.get(code, 0)),
            "unrectified": float(open_tasks.get(code, 0)),
            "disclosure_late": _rate(d.get("late", 0), d.get("due", 0)),
            "funds": round(funds.get(code, 0.0) / 10000.0, 1),
            "tags": float(v["tag_count"]),
        }
        out.append(
            VillageScore(
                code=code,
                name=v["name"],
                township=v["parent__name"] or "",
                elevated=v["elevated_supervision"],
                parts=[PartValue(p, values[p.key]) for p in PARTS],
            )
        )
    out.sort(key=lambda s: (-s.score, s.code))
    return out
