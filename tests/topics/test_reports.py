"""部门答题 and 纪委监督: progress reports by the lead department, lateness after 90 days,
closing with the evaluation."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from qingfeng.orgs.models import OrgUnit
from qingfeng.orgs.roles import Role
from qingfeng.topics import rules, selectors, services
from qingfeng.topics.models import TopicUpdate
from tests.conftest import make_user
from tests.topics.helpers import adopted, days_ago


def test_the_lead_department_reports_progress(login, world):
    topic = adopted(world)
    client = login(world.department_user)
    page = client.get(reverse("office:topics:topic", kwargs={"pk": topic.pk})).content.decode()
    assert "报告进展" in page
    # A date input needs the ISO date, whatever the locale's display format.
    assert f'value="{timezone.localdate().isoformat()}"' in page
    response = client.post(
        reverse("office:topics:report", kwargs={"pk": topic.pk}),
        {
            "on": timezone.localdate().isoformat(),
            "text": "开通校车 2 条线路。",
            "resolved_count": "12",
            "rules_count": "",
        },
    )
    assert response.status_code == 302
    update = TopicUpdate.objects.get()
    assert update.unit == world.department and update.posted_by == world.department_user
    assert update.resolved_count == 12 and update.rules_count is None


def test_another_department_may_not_report(login, world):
    topic = adopted(world)
    other_unit = OrgUnit.objects.create(
        name="测试县教育局", kind=OrgUnit.Kind.DEPARTMENT, region=world.county
    )
    other = make_user("gina", Role.DEPARTMENT_STAFF, other_unit, [world.county])
    client = login(other)
    url = reverse("office:topics:report", kwargs={"pk": topic.pk})
    assert client.post(url, {"on": "2026-01-05", "text": "x"}).status_code == 404
    with pytest.raises(PermissionDenied):
        services.topic_report(actor=other, topic=topic, text="x", on=timezone.localdate())
    assert not TopicUpdate.objects.exists()


def test_supervisors_may_not_report_for_the_department(login, world):
    topic = adopted(world)
    client = login(world.county_official)
    url = reverse("office:topics:report", kwargs={"pk": topic.pk})
    assert client.post(url, {"on": "2026-01-05", "text": "x"}).status_code == 403
    page = client.get(reverse("office:topics:topic", kwargs={"pk": topic.pk})).content.decode()
    assert "报告进展" not in page


def test_a_report_cannot_be_dated_in_the_future_or_before_adoption(world):
    topic = adopted(world)
    today = timezone.localdate()
    for on in (today + dt.timedelta(days=1), topic.adopted_on - dt.timedelta(days=1)):
        with pytest.raises(ValidationError):
            services.topic_report(actor=world.department_user, topic=topic, text="x", on=on)


def test_a_bad_report_shows_the_form_again_with_the_text_kept(login, world):
    topic = adopted(world)
    client = login(world.department_user)
    response = client.post(
        reverse("office:topics:report", kwargs={"pk": topic.pk}),
        {"on": "", "text": "已排查 3 个村", "resolved_count": "-1"},
    )
    body = response.content.decode()
    assert response.status_code == 200 and "已排查 3 个村" in body
    assert not TopicUpdate.objects.exists()


def test_the_follow_up_rule():
    day = dt.date(2026, 1, 1)
    assert rules.follow_up_due(None, day) == dt.date(2026, 4, 1)
    assert not rules.is_late(None, day, dt.date(2026, 4, 1))
    assert rules.is_late(None, day, dt.date(2026, 4, 2))
    assert not rules.is_late(dt.date(2026, 3, 1), day, dt.date(2026, 4, 2))
    assert rules.period_bounds("2026Q4") == (dt.date(2026, 10, 1), dt.date(2026, 12, 31))
    assert rules.period_bounds("2027Q1") == (dt.date(2027, 1, 1), dt.date(2027, 3, 31))
    with pytest.raises(ValueError):
        rules.period_bounds("2026Q5")


def test_a_topic_without_a_report_for_90_days_is_late(login, world):
    topic = adopted(world, adopted_at=days_ago(120))
    today = timezone.localdate()
    assert list(selectors.late_topics(world.county_official, today)) == [topic]
    services.topic_report(
        actor=world.department_user, topic=topic, text="排查完毕", on=today - dt.timedelta(days=91)
    )
    assert list(selectors.late_topics(world.county_official, today)) == [topic]
    services.topic_report(
        actor=world.department_user, topic=topic, text="整改中", on=today - dt.timedelta(days=89)
    )
    assert list(selectors.late_topics(world.county_official, today)) == []


def test_the_county_sees_lateness_in_the_list_and_the_inbox(login, world):
    late = adopted(world, adopted_at=days_ago(100))
    fresh = adopted(world, world.village_a2, adopted_at=days_ago(10))
    client = login(world.county_official)
    body = client.get(reverse("office:topics:list"), {"late": "1"}).content.decode()
    assert reverse("office:topics:topic", kwargs={"pk": late.pk}) in body
    assert reverse("office:topics:topic", kwargs={"pk": fresh.pk}) not in body
    assert "逾期未报" in body
    inbox = client.get(reverse("office:inbox")).content.decode()
    assert "逾期未报" in inbox
    department = login(world.department_user)
    inbox = department.get(reverse("office:inbox")).content.decode()
    assert "本部门牵头的点题" in inbox and late.title in inbox


def test_a_county_leader_closes_with_the_evaluation(login, world):
    topic = adopted(world)
    client = login(world.county_official)
    url = reverse("office:topics:close", kwargs={"pk": topic.pk})
    assert client.post(url, {"summary": ""}).status_code == 200
    topic.refresh_from_db()
    assert topic.status == "adopted"
    client.post(url, {"summary": "开通校车 3 条线路，群众满意率 95%。"})
    topic.refresh_from_db()
    assert topic.status == "closed" and topic.closed_on and topic.summary
    with pytest.raises(ValidationError):
        services.topic_report(
            actor=world.department_user, topic=topic, text="x", on=timezone.localdate()
        )
    # A closed topic is not late.
    assert list(selectors.late_topics(world.county_official, timezone.localdate())) == []


def test_only_a_county_leader_closes(login, world):
    topic = adopted(world)
    client = login(world.zone_official)
    url = reverse("office:topics:close", kwargs={"pk": topic.pk})
    assert client.post(url, {"summary": "x"}).status_code == 403
