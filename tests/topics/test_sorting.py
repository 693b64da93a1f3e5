"""审题 and 定题 in the back office: roles, scope and the rules of each step."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from qingfeng.audit.models import AuditEntry
from qingfeng.topics import services
from qingfeng.topics.models import Proposal, Topic
from tests.topics.helpers import adopted, candidate, proposal


def test_the_proposal_list_filters_by_status_category_and_township(login, world):
    proposal(world.village_a1, "校车不安全", "education")
    proposal(world.village_b1, "村道坑洼", "roads")
    declined = proposal(world.village_a2, "广场太少", "other")
    services.proposal_decline(actor=world.county_official, proposal=declined, reason="不属于范围")
    client = login(world.county_official)
    url = reverse("office:topics:proposals")
    body = client.get(url).content.decode()
    assert "校车不安全" in body and "村道坑洼" in body and "广场太少" in body
    body = client.get(url, {"township": world.township_b.code}).content.decode()
    assert "村道坑洼" in body and "校车不安全" not in body
    body = client.get(url, {"category": "education"}).content.decode()
    assert "校车不安全" in body and "村道坑洼" not in body
    body = client.get(url, {"status": "declined"}).content.decode()
    assert "广场太少" in body and "校车不安全" not in body


def test_a_township_official_sees_only_their_townships_proposals(login, world):
    proposal(world.village_a1, "校车不安全")
    other = proposal(world.village_b1, "村道坑洼")
    client = login(world.township_a_official)
    body = client.get(reverse("office:topics:proposals")).content.decode()
    assert "校车不安全" in body and "村道坑洼" not in body
    url = reverse("office:topics:proposal", kwargs={"pk": other.pk})
    assert client.get(url).status_code == 404


def test_merging_into_a_new_topic_makes_a_candidate(login, world):
    p = proposal(world.village_a1)
    client = login(world.county_official)
    response = client.post(
        reverse("office:topics:proposal_sort", kwargs={"pk": p.pk}),
        {"action": "merge", "topic": ""},
    )
    topic = Topic.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("office:topics:topic", kwargs={"pk": topic.pk})
    p.refresh_from_db()
    assert p.status == "merged" and p.topic == topic and p.sorted_by == world.county_official
    assert topic.status == "candidate" and topic.title == p.title
    assert topic.scope_code == world.village_a1.code
    assert topic.county == world.county


def test_a_second_proposal_merges_into_the_candidate_and_widens_its_scope(world):
    topic = candidate(world, world.village_a1)
    second = proposal(world.village_a2)
    services.proposal_merge(actor=world.county_official, proposal=second, topic=topic)
    topic.refresh_from_db()
    assert topic.proposals.count() == 2
    assert topic.scope_code == world.township_a.code
    third = proposal(world.village_b1)
    services.proposal_merge(actor=world.county_official, proposal=third, topic=topic)
    topic.refresh_from_db()
    assert topic.scope_code == world.county.code


def test_declining_needs_a_reason(login, world):
    p = proposal(world.village_a1)
    client = login(world.county_official)
    url = reverse("office:topics:proposal_sort", kwargs={"pk": p.pk})
    client.post(url, {"action": "decline", "reason": ""})
    p.refresh_from_db()
    assert p.status == "new"
    client.post(url, {"action": "decline", "reason": "属于个人民事纠纷"})
    p.refresh_from_db()
    assert p.status == "declined" and p.decline_reason == "属于个人民事纠纷"
    assert AuditEntry.objects.filter(action="topics.proposal.decline").count() == 1
    with pytest.raises(ValidationError):
        services.proposal_merge(actor=world.county_official, proposal=p)


def test_a_township_official_may_not_sort(login, world):
    p = proposal(world.village_a1)
    client = login(world.township_a_official)
    url = reverse("office:topics:proposal_sort", kwargs={"pk": p.pk})
    assert client.post(url, {"action": "decline", "reason": "x"}).status_code == 403
    with pytest.raises(PermissionDenied):
        services.proposal_decline(actor=world.township_a_official, proposal=p, reason="x")


def test_an_office_cadre_sorts_in_their_zone_only(login, world):
    mine = proposal(world.village_a1)
    theirs = proposal(world.village_b1)
    client = login(world.zone_official)
    url = reverse("office:topics:proposal_sort", kwargs={"pk": theirs.pk})
    assert client.post(url, {"action": "merge"}).status_code == 404
    with pytest.raises(PermissionDenied):
        services.proposal_merge(actor=world.zone_official, proposal=theirs)
    services.proposal_merge(actor=world.zone_official, proposal=mine)
    assert Proposal.objects.get(pk=mine.pk).status == "merged"


def test_officials_propose_topics_themselves(login, world):
    client = login(world.township_a_official)
    response = client.post(
        reverse("office:topics:propose"),
        {
            "region": world.township_a.pk,
            "category": "elderly",
            "title": "养老服务补贴对象核查",
            "description": "发现已去世人员仍在领取。",
        },
    )
    p = Proposal.objects.get()
    assert response.status_code == 302
    assert p.source == "official" and p.proposed_by == world.township_a_official
    assert p.region == world.township_a
    # A region out of scope is not among the choices.
    response = client.post(
        reverse("office:topics:propose"),
        {"region": world.township_b.pk, "category": "other", "title": "x", "description": "y"},
    )
    assert response.status_code == 200 and Proposal.objects.count() == 1


def test_department_staff_do_not_see_proposals(login, world):
    client = login(world.department_user)
    assert client.get(reverse("office:topics:proposals")).status_code == 403


def test_the_phone_is_masked_and_revealed_with_an_audited_reason(login, world):
    p = proposal(world.village_a1, phone="13812345678")
    client = login(world.county_official)
    url = reverse("office:topics:proposal", kwargs={"pk": p.pk})
    body = client.get(url).content.decode()
    assert "13812345678" not in body and "138****5678" in body
    reveal = reverse("office:topics:proposal_reveal", kwargs={"pk": p.pk})
    response = client.post(reveal, {"reason": "回访了解校车情况"})
    assert "13812345678" in response.content.decode()
    entry = AuditEntry.objects.get(action="topics.proposal.reveal_phone")
    assert entry.actor_id == world.county_official.pk and "13812345678" not in str(entry.data)
    township = login(world.township_a_official)
    assert township.post(reveal, {"reason": "x"}).status_code == 403


def _adopt_data(world, **extra):
    data = {
        "title": "农村学生交通安全",
        "problem": "偏远村学生乘坐无资质车辆上学。",
        "goal": "本学期开通校车。",
        "lead_unit": world.department.pk,
        "period": "2026",
        "regions": [world.village_a1.pk, world.township_b.pk],
    }
    data.update(extra)
    return data


def test_a_county_leader_adopts_a_candidate(login, world):
    topic = candidate(world)
    client = login(world.county_official)
    url = reverse("office:topics:adopt", kwargs={"pk": topic.pk})
    page = client.get(url)
    assert page.status_code == 200 and "牵头部门" in page.content.decode()
    response = client.post(url, _adopt_data(world))
    assert response.status_code == 302
    topic.refresh_from_db()
    assert topic.status == "adopted" and topic.lead_unit == world.department
    assert (topic.period_start, topic.period_end) == (dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    assert set(topic.regions.all()) == {world.village_a1, world.township_b}
    assert topic.scope_code == world.county.code
    assert topic.adopted_by == world.county_official and topic.adopted_on
    entry = AuditEntry.objects.get(action="topics.topic.adopt")
    assert entry.data["lead_unit"] == world.department.name


def test_no_regions_means_the_whole_county(world):
    topic = adopted(world, regions=[])
    assert topic.scope_code == world.county.code and not topic.regions.exists()


def test_a_quarter_is_a_period(login, world):
    topic = candidate(world)
    client = login(world.county_official)
    from django.utils import timezone

    today = timezone.localdate()
    quarter = f"{today.year}Q{(today.month - 1) // 3 + 1}"
    client.post(
        reverse("office:topics:adopt", kwargs={"pk": topic.pk}), _adopt_data(world, period=quarter)
    )
    topic.refresh_from_db()
    assert topic.period_start.month % 3 == 1 and topic.period_start.day == 1
    assert "季度" in topic.period_label


def test_only_a_county_leader_adopts(login, world):
    topic = candidate(world)
    for user in (world.zone_official, world.township_a_official, world.department_user):
        client = login(user)
        url = reverse("office:topics:adopt", kwargs={"pk": topic.pk})
        assert client.post(url, _adopt_data(world)).status_code == 403
    with pytest.raises(PermissionDenied):
        services.topic_adopt(
            actor=world.zone_official,
            topic=topic,
            title="x",
            problem="y",
            goal="",
            lead_unit=world.department,
            period_start=dt.date(2026, 1, 1),
            period_end=dt.date(2026, 3, 31),
        )
    assert Topic.objects.get().status == "candidate"


def test_the_lead_unit_must_be_a_department_of_the_county(world):
    topic = candidate(world)
    with pytest.raises(ValidationError):
        services.topic_adopt(
            actor=world.county_official,
            topic=topic,
            title="x",
            problem="y",
            goal="",
            lead_unit=world.commission,
            period_start=dt.date(2026, 1, 1),
            period_end=dt.date(2026, 3, 31),
        )


def test_a_candidate_can_be_dropped_with_a_reason(login, world):
    topic = candidate(world)
    client = login(world.county_official)
    url = reverse("office:topics:adopt", kwargs={"pk": topic.pk})
    client.post(url, {"action": "drop", "reason": ""})
    topic.refresh_from_db()
    assert topic.status == "candidate"
    client.post(url, {"action": "drop", "reason": "已纳入县政府民生实事项目"})
    topic.refresh_from_db()
    assert topic.status == "dropped" and topic.drop_reason
    assert client.get(url).status_code == 302  # no longer a candidate


def test_a_candidate_is_not_public(client, world):
    topic = candidate(world)
    url = reverse("topics:public_list", kwargs={"code": world.village_a1.code})
    assert topic.title not in client.get(url).content.decode()
    detail = reverse("topics:public_topic", kwargs={"code": world.village_a1.code, "pk": topic.pk})
    assert client.get(detail).status_code == 404


def test_department_staff_see_only_the_topics_their_unit_leads(login, world):
    ours = adopted(world)
    other = candidate(world, world.village_a2)
    client = login(world.department_user)
    body = client.get(reverse("office:topics:list")).content.decode()
    assert ours.title in body and other.title not in body
    url = reverse("office:topics:topic", kwargs={"pk": other.pk})
    assert client.get(url).status_code == 404
