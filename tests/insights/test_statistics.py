"""Each figure against a hand count of tests/insights/fixture.py (November 2026)."""

from __future__ import annotations

import pytest

from qingfeng.core import extensions as ext
from qingfeng.insights import areas, periods, statistics
from qingfeng.ledger import figures as ledger
from tests.insights import fixture

NOV = periods.parse("2026-11")


@pytest.fixture
def nov(world):
    fixture.build(world)
    return world


def stats_for(user, scope=""):
    return statistics.compute(user, areas.resolve(user, scope), NOV)


def value(stats, key):
    return stats.figure(key).value


def test_received(nov):
    # P1 P2 P3 (A1), P5 P6 (B1); P4 came in October, P7 in December.
    assert value(stats_for(nov.county_official), "received") == 5
    assert value(stats_for(nov.township_a_official), "received") == 3


def test_accepted(nov):
    # P1 P2 P3 P5 accepted in November (P4 in October, P6 not yet).
    assert value(stats_for(nov.county_official), "accepted") == 4


def test_closed_and_on_time_rate(nov):
    s = stats_for(nov.county_official)
    # Closed in November: P1 P2 P4 P5; P2 had a step overdue → 3 of 4 on time.
    assert value(s, "closed") == 4
    f = s.figure("on_time_rate")
    assert (f.numerator, f.denominator, f.value) == (3, 4, 75.0)
    a = stats_for(nov.township_a_official).figure("on_time_rate")  # P1 P4 of P1 P2 P4
    assert (a.numerator, a.denominator, a.value) == (2, 3, 66.7)


def test_overdue(nov):
    # P2 (11-15) and P3 (11-25) went past a deadline in November.
    assert value(stats_for(nov.county_official), "overdue") == 2
    assert value(stats_for(nov.township_b_official), "overdue") == 0


def test_residents_requests_resolved(nov):
    # Closed in November from a report or walk-in: P1, P2, P5 (P4 came from screening).
    assert value(stats_for(nov.county_official), "resident_resolved") == 3


def test_satisfaction(nov):
    # R1 satisfied, R2 basically, R3 not: 2 of 3.
    f = stats_for(nov.county_official).figure("satisfaction")
    assert (f.numerator, f.denominator, f.value) == (2, 3, 66.7)
    a = stats_for(nov.township_a_official).figure("satisfaction")  # R1 of R1 R3
    assert (a.numerator, a.denominator, a.value) == (1, 2, 50.0)


def test_repeat_rate(nov):
    # Reports in November: R1..R6; R5 repeats R1's matter, R6 is R2's reporter again.
    f = stats_for(nov.county_official).figure("repeat_rate")
    assert (f.numerator, f.denominator, f.value) == (2, 6, 33.3)


def test_problems_by_source_and_kind(nov):
    s = stats_for(nov.county_official)
    src, kind = ledger.source_labels(), ledger.kind_labels()
    sources = {row[0]: row[1] for row in s.chart("sources").rows}
    assert sources[str(src["report"])] == 3 and sources[str(src["walk_in"])] == 1
    assert sources[str(src["visit"])] == 1 and sources[str(src["screening"])] == 0
    kinds = {row[0]: row[1] for row in s.chart("kinds").rows}
    assert kinds[str(kind["livelihood"])] == 2 and kinds[str(kind["accusation"])] == 2
    assert kinds[str(kind["suggestion"])] == 1


def test_rectification(nov):
    s = stats_for(nov.county_official)
    # T1 T2 T3 given in November; T1 accepted; T1 T2 with evidence.
    assert value(s, "rect_given") == 3
    f = s.figure("rect_rate")
    assert (f.numerator, f.denominator, f.value) == (1, 3, 33.3)
    assert [row[1] for row in s.chart("funnel").rows] == [3, 2, 1]


def test_screening_hits(nov):
    s = stats_for(nov.county_official)
    assert value(s, "hits_confirmed") == 2  # H1 H3 (H4 in October)
    assert value(s, "hits_dismissed") == 1  # H2
    a = stats_for(nov.township_b_official)
    assert value(a, "hits_confirmed") == 1 and value(a, "hits_dismissed") == 0


def test_disclosure_on_time(nov):
    # First publications: A1 finance on time, A1 village late, B1 on time.
    # The correction is not counted.
    f = stats_for(nov.county_official).figure("disclosure_on_time")
    assert (f.numerator, f.denominator, f.value) == (2, 3, 66.7)


def test_trend_and_comparison(nov):
    s = stats_for(nov.county_official)
    trend = {row[0]: row[1:] for row in s.chart("trend").rows}
    assert len(trend) == 12 and trend["2026-11"] == [5, 4] and trend["2026-10"] == [1, 0]
    towns = {row[0]: row[1:] for row in s.chart("areas").rows}
    assert towns["甲镇"] == [3, 3, 66.7, 2] and towns["乙乡"] == [2, 1, 100.0, 0]
    zones = {row[0]: row[1:] for row in s.chart("zones").rows}
    assert zones["一片区"] == [3, 3, 66.7, 2]
    rows = stats_for(nov.county_official, nov.township_a.code).chart("areas").rows
    villages = {row[0]: row[1:] for row in rows}
    assert villages == {"东村": [3, 3, 66.7, 2], "西村": [0, 0, None, 0]}  # P7 is December


def test_case_figures_are_a_dash_until_a_provider_registers(nov, monkeypatch):
    assert stats_for(nov.county_official).figure("cases_opened").display == "0"  # cases app
    monkeypatch.setattr(ext, "_FIGURES", {})
    assert stats_for(nov.county_official).figure("cases_opened").display == "—"
    ext.register_figure_provider(
        ext.FigureProvider(
            "cases", lambda user, prefixes, start, end: {"cases_opened": len(prefixes)}
        )
    )
    assert stats_for(nov.county_official).figure("cases_opened").display == "1"


def test_periods():
    assert periods.parse("2026Q4").param == "2026Q4"
    assert periods.parse("2026").last.isoformat() == "2026-12-31"
    custom = periods.parse("2026-11-03~2026-11-12")
    assert (custom.kind, custom.first.day, custom.last.day) == ("custom", 3, 12)
    for bad in ["2026-13", "2026-11-10~2026-11-01", "next month"]:
        with pytest.raises(periods.PeriodError):
            periods.parse(bad)


def test_a_week_counts_only_its_days(nov):
    week = periods.parse("2026-11-01~2026-11-07")
    s = statistics.compute(nov.county_official, areas.resolve(nov.county_official, ""), week)
    assert value(s, "received") == 3  # P1 P2 P3
