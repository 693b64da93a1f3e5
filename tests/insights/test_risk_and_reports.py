"""The village risk score, its page, 提级监督, the map, and the report PDF."""

from __future__ import annotations

import pytest
from django.urls import reverse

from qingfeng.audit.models import AuditEntry
from qingfeng.insights import periods, risk
from qingfeng.insights.models import SupervisionReport
from qingfeng.orgs.models import RiskTag
from tests.insights import fixture

NOV = periods.parse("2026-11")


@pytest.fixture
def nov(world):
    fixture.build(world)
    world.village_a1.population = 500
    world.village_a1.save()
    tag = RiskTag.objects.order_by("pk").first() or RiskTag.objects.create(
        slug="weak", name="软弱涣散"
    )
    world.village_b1.risk_tags.add(tag)
    return world


def parts_of(score):
    return {pv.part.key: pv for pv in score.parts}


def test_score_parts_by_hand(nov):
    ranked = {s.code: s for s in risk.scores(nov.county_official, ("330101",), NOV)}
    a1 = parts_of(ranked[nov.village_a1.code])
    # 12 months to November: P1 (report) and P2 (walk-in) from residents, 500 residents → 4.0.
    assert a1["reports"].value == 4.0 and a1["reports"].points == 5.0  # 25 × 4/20
    # Received P1 P2 P3 P4; P2 and P3 passed a deadline → 50% → the full 20 points.
    assert a1["overdue_rate"].value == 50.0 and a1["overdue_rate"].points == 20.0
    assert a1["hits"].value == 1.0  # H1 (H2 was dismissed)
    assert a1["unrectified"].value == 2.0  # T2 T4 (T1 accepted)
    assert a1["disclosure_late"].value == 50.0  # one of two first publications late
    b1 = parts_of(ranked[nov.village_b1.code])
    assert b1["reports"].value is None and b1["reports"].points == 0  # population unknown
    assert b1["tags"].value == 1.0 and b1["tags"].points == pytest.approx(3.3)
    assert b1["hits"].value == 2.0  # H3 and H4 (October is inside the 12 months)
    order = list(ranked)
    assert order[0] == nov.village_a1.code  # highest first
    total = sum(pv.points for pv in ranked[nov.village_a1.code].parts)
    assert ranked[nov.village_a1.code].score == round(total, 1)


def test_risk_pages_and_scope(login, nov):
    client = login(nov.township_a_official)
    html = client.get(reverse("office:insights:risk"), {"p": "2026-11"}).content.decode()
    assert "东村" in html and "南村" not in html
    url = reverse("office:insights:village", kwargs={"code": nov.village_b1.code})
    assert client.get(url).status_code == 404
    url = reverse("office:insights:village", kwargs={"code": nov.village_a1.code})
    page = client.get(url, {"p": "2026-11"})
    assert page.status_code == 200 and fixture_number_in(page, nov)
    # Only the county raises a village to 提级监督.
    assert client.post(url, {"reason": "x"}).status_code == 403
    html = client.get(reverse("office:insights:map"), {"p": "2026-11"}).content.decode()
    assert "东村" in html and "南村" not in html


def fixture_number_in(page, nov):
    return page.context["problems"].count() == 4  # P1 P2 P3 P4 in the 12 months


def test_county_raises_a_village_to_elevated_supervision(login, nov):
    client = login(nov.county_official)
    url = reverse("office:insights:village", kwargs={"code": nov.village_b1.code})
    response = client.post(url, {"reason": "风险评分高"})
    assert response.status_code == 302
    nov.village_b1.refresh_from_db()
    assert nov.village_b1.elevated_supervision and nov.village_b1.elevated_reason == "风险评分高"
    assert nov.village_b1.risk_tags.count() == 1  # the tags are kept
    assert AuditEntry.objects.filter(action="region.supervision").exists()
    client.post(url, {"reason": ""})  # refused with a message, nothing changes
    assert client.get(url).status_code == 200


def test_report_is_written_kept_and_downloaded(login, nov, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client = login(nov.county_official)
    response = client.post(
        reverse("office:insights:reports"),
        {"kind": "monthly", "p": "2026-11", "scope": nov.county.code},
    )
    report = SupervisionReport.objects.get()
    assert response["Location"] == reverse("office:insights:report", kwargs={"pk": report.pk})
    assert report.status == "done" and report.progress == 1.0, report.error
    pdf = client.get(reverse("office:insights:report_pdf", kwargs={"pk": report.pk}))
    body = b"".join(pdf.streaming_content)
    assert body.startswith(b"%PDF") and len(body) > 10_000
    assert AuditEntry.objects.filter(action="insights.report_request").exists()
    # A township official does not see the county's report.
    other = login(nov.township_a_official)
    assert other.get(reverse("office:insights:report", kwargs={"pk": report.pk})).status_code == 404


def test_a_quarterly_report_needs_a_quarter(login, nov, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client = login(nov.county_official)
    response = client.post(
        reverse("office:insights:reports"),
        {"kind": "quarterly", "p": "2026-11", "scope": ""},
        follow=True,
    )
    assert not SupervisionReport.objects.exists()
    assert "2026Q4" in response.content.decode()


def test_scheduled_reports_on_the_first(nov, settings, tmp_path):
    from qingfeng.insights import services

    settings.MEDIA_ROOT = tmp_path
    made = services.schedule_reports(today=periods.parse("2027-01").first)
    assert {(r.kind, r.period) for r in made} == {("monthly", "2026-12"), ("quarterly", "2026Q4")}
    assert all(SupervisionReport.objects.get(pk=r.pk).status == "done" for r in made)
    assert services.schedule_reports(today=periods.parse("2027-01").first) == []  # once
