"""Every figure of DOMAIN.md ("Statistics officials report") for one period and one area, in
the viewer's scope. Counting happens in the database, through the apps' figure selectors
(ledger/intake/screening/disclosure `figures.py`); case figures come from providers that the
cases app registers (core.extensions.register_figure_provider), "—" when none is registered.
The definitions live in definitions.py and are shown beside each figure."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from qingfeng.core import extensions as ext
from qingfeng.disclosure import figures as disclosure
from qingfeng.insights import areas, definitions, periods
from qingfeng.insights.areas import Area
from qingfeng.insights.periods import Period, months_between
from qingfeng.intake import figures as intake
from qingfeng.ledger import figures as ledger
from qingfeng.orgs import selectors as orgs
from qingfeng.screening import figures as screening

DASH = "—"


def rate(numerator: int | None, denominator: int | None) -> float | None:
    """Percent with one decimal; None (shown "—") when there is nothing to divide by."""
    if numerator is None or not denominator:
        return None
    return round(100.0 * numerator / denominator, 1)


@dataclass
class Figure:
    definition: definitions.Definition
    value: float | int | None
    numerator: int | None = None
    denominator: int | None = None

    @property
    def key(self) -> str:
        return self.definition.key

    @property
    def display(self) -> str:
        if self.value is None:
            return DASH
        if self.definition.unit == "%":
            return f"{self.value:.1f}%"
        if isinstance(self.value, float):
            return f"{self.value:,.2f}"
        return f"{self.value:,}"


@dataclass
class Chart:
    """A chart and its table: `columns` are the headers, each row starts with its label."""

    key: str
    title: str
    kind: str  # "line", "bar", "pie", "funnel"
    columns: list[str]
    rows: list[list] = field(default_factory=list)

    def data(self) -> dict:
        return {
            "key": self.key,
            "title": str(self.title),
            "kind": self.kind,
            "columns": [str(c) for c in self.columns],
            "rows": self.rows,
        }


@dataclass
class Statistics:
    area: Area
    period: Period
    sections: list[tuple[str, list[Figure]]]
    charts: list[Chart]

    def figure(self, key: str) -> Figure:
        for _title, figures in self.sections:
            for f in figures:
                if f.key == key:
                    return f
        raise KeyError(key)

    def chart(self, key: str) -> Chart:
        for chart in self.charts:
            if chart.key == key:
                return chart
        raise KeyError(key)


SECTION_TITLES = {
    "ledger": gettext_lazy("Problems"),
    "intake": gettext_lazy("Residents' view"),
    "rectification": gettext_lazy("Rectification"),
    "screening": gettext_lazy("Data screening"),
    "disclosure": gettext_lazy("Open village affairs"),
    "cases": gettext_lazy("Clues and cases"),
}


def _defs(items):
    return {d.key: d for d in items}


def case_figures(user, prefixes, start, end) -> list[Figure]:
    values: dict = {}
    for provider in ext.figure_providers():
        values.update(provider.compute(user, prefixes, start, end) or {})
    return [Figure(d, values.get(d.key)) for d in definitions.CASE_FIGURES]


def figures(user, area: Area, period: Period) -> list[tuple[str, list[Figure]]]:
    p, s, e = area.prefixes, period.start, period.end
    c = ledger.problem_counts(user, p, s, e)
    d = _defs(definitions.LEDGER)
    problems = [
        Figure(d["received"], c["received"]),
        Figure(d["accepted"], c["accepted"]),
        Figure(d["closed"], c["closed"]),
        Figure(
            d["on_time_rate"],
            rate(c["closed_on_time"], c["closed"]),
            c["closed_on_time"],
            c["closed"],
        ),
        Figure(d["overdue"], c["overdue"]),
        Figure(d["resident_resolved"], c["resident_resolved"]),
    ]
    r = intake.rating_counts(user, p, s, e)
    rated = r["satisfied"] + r["basically"] + r["unsatisfied"]
    rep = intake.repeat_counts(user, p, s, e)
    d = _defs(definitions.INTAKE)
    residents = [
        Figure(
            d["satisfaction"],
            rate(r["satisfied"] + r["basically"], rated),
            r["satisfied"] + r["basically"],
            rated,
        ),
        Figure(
            d["repeat_rate"], rate(rep["repeats"], rep["reports"]), rep["repeats"], rep["reports"]
        ),
    ]
    t = ledger.rectification_counts(user, p, s, e)
    d = _defs(definitions.RECTIFICATION)
    rectification = [
        Figure(d["rect_given"], t["given"]),
        Figure(d["rect_rate"], rate(t["accepted"], t["given"]), t["accepted"], t["given"]),
    ]
    h = screening.hit_counts(user, p, s, e)
    d = _defs(definitions.SCREENING)
    hits = [
        Figure(d["hits_confirmed"], h["confirmed"]),
        Figure(d["hits_dismissed"], h["dismissed"]),
    ]
    o = disclosure.timeliness(user, p, s, e)
    d = _defs(definitions.DISCLOSURE)
    disclosures = [
        Figure(d["disclosure_on_time"], rate(o["on_time"], o["due"]), o["on_time"], o["due"])
    ]
    return [
        (str(SECTION_TITLES["ledger"]), problems),
        (str(SECTION_TITLES["intake"]), residents),
        (str(SECTION_TITLES["rectification"]), rectification),
        (str(SECTION_TITLES["screening"]), hits),
        (str(SECTION_TITLES["disclosure"]), disclosures),
        (str(SECTION_TITLES["cases"]), case_figures(user, p, s, e)),
    ]


def _trend(user, area, period) -> Chart:
    months = []
    for label in months_between(period.trend_start(), period.last):
        m = periods.parse(label)
        months.append((label.replace("-", "_"), m.start, m.end))
    counts = ledger.monthly(user, area.prefixes, months)
    chart = Chart("trend", _("Problems by month"), "line", [_("Month"), _("Received"), _("Closed")])
    for key, _s, _e in months:
        row = counts[key]
        chart.rows.append([key.replace("_", "-"), row["received"], row["closed"]])
    return chart


COMPARE_COLUMNS = [
    gettext_lazy("Received"),
    gettext_lazy("Closed"),
    gettext_lazy("Closed on time (%)"),
    gettext_lazy("Overdue"),
]


def _compare_row(label, c) -> list:
    return [label, c["received"], c["closed"], rate(c["closed_on_time"], c["closed"]), c["overdue"]]


def _by_area(user, area, period) -> tuple[Chart, dict]:
    digits = area.compare_digits
    counts = ledger.by_area(user, area.prefixes, period.start, period.end, digits)
    title = _("By village") if digits == 12 else _("By township")
    chart = Chart("areas", title, "bar", [_("Place"), *COMPARE_COLUMNS])
    # Every place of the area, those without problems too.
    places = areas.parts(user, area)
    named = areas.names(user, counts)
    zero = dict.fromkeys(("received", "closed", "closed_on_time", "overdue"), 0)
    for code in sorted(set(places) | set(counts)):
        name = places.get(code) or named[code]
        chart.rows.append(_compare_row(name, counts.get(code, zero)))
    return chart, counts


def _by_zone(user, area, township_counts) -> Chart | None:
    if area.level not in ("mine", "county"):
        return None
    chart = Chart("zones", _("By zone"), "bar", [_("Zone"), *COMPARE_COLUMNS])
    keys = ("received", "closed", "closed_on_time", "overdue")
    for zone in orgs.zones_for(user):
        total = dict.fromkeys(keys, 0)
        for township in zone.townships.all():
            for k in keys:
                total[k] += township_counts.get(township.code[:9], {}).get(k, 0)
        chart.rows.append(_compare_row(zone.name, total))
    return chart if chart.rows else None


def _by(counts, field_name, labels, key, title) -> Chart:
    counts = counts[field_name]
    chart = Chart(
        key, title, "pie", [_("Kind") if field_name == "kind" else _("Source"), _("Problems")]
    )
    for value, label in labels.items():
        chart.rows.append([str(label), counts.get(value, 0)])
    return chart


def _funnel(user, area, period) -> Chart:
    t = ledger.rectification_counts(user, area.prefixes, period.start, period.end)
    chart = Chart("funnel", _("Rectification funnel"), "funnel", [_("Step"), _("Tasks")])
    chart.rows = [
        [_("Ordered"), t["given"]],
        [_("Evidence submitted"), t["submitted"]],
        [_("Accepted as done"), t["accepted"]],
    ]
    return chart


def charts(user, area: Area, period: Period) -> list[Chart]:
    by_area, counts = _by_area(user, area, period)
    out = [_trend(user, area, period), by_area]
    zones = _by_zone(user, area, counts) if area.compare_digits == 9 else None
    if zones:
        out.append(zones)
    by = ledger.problems_by(user, area.prefixes, period.start, period.end)
    out.append(_by(by, "source", ledger.source_labels(), "sources", _("Problems by source")))
    out.append(_by(by, "kind", ledger.kind_labels(), "kinds", _("Problems by kind")))
    out.append(_funnel(user, area, period))
    return out


def compute(user, area: Area, period: Period) -> Statistics:
    return Statistics(area, period, figures(user, area, period), charts(user, area, period))
