"""社会评价 on the portal: the county's adopted topics and one rating per topic per browser."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from qingfeng.orgs.models import Region
from qingfeng.topics import services, voter
from qingfeng.topics.models import TopicRating
from tests.topics.helpers import adopted, candidate, proposal


def _detail(world, topic, village=None):
    code = (village or world.village_a1).code
    return reverse("topics:public_topic", kwargs={"code": code, "pk": topic.pk})


def test_the_list_shows_the_countys_adopted_topics_with_their_department(client, world):
    topic = adopted(world, regions=[world.village_b1])
    services.topic_report(
        actor=world.department_user,
        topic=topic,
        text="开通校车 2 条线路。",
        on=timezone.localdate(),
    )
    candidate(world, world.village_a2)
    body = client.get(
        reverse("topics:public_list", kwargs={"code": world.village_a1.code})
    ).content.decode()
    assert topic.title in body and world.department.name in body and "本学期开通校车" in body
    assert "开通校车 2 条线路" in body
    assert "校车不安全" not in body  # the candidate's title
    assert "本村" not in body.split(topic.title)[1][:300]  # it concerns village B1 only


def test_a_topic_of_another_county_is_not_shown(client, world):
    topic = adopted(world)
    county = Region.objects.create(code="330102000000", name="外县")
    town = Region.objects.create(code="330102100000", name="外镇", parent=county)
    village = Region.objects.create(code="330102100201", name="外村", parent=town)
    body = client.get(reverse("topics:public_list", kwargs={"code": village.code})).content
    assert topic.title.encode() not in body
    assert client.get(_detail(world, topic, village)).status_code == 404


def test_the_village_page_lists_adopted_topics(client, world):
    topic = adopted(world)
    body = client.get(reverse("portal:village", kwargs={"code": world.village_a1.code})).content
    assert topic.title.encode() in body and world.department.name.encode() in body


def test_public_pages_show_no_personal_data(client, world):
    p = proposal(world.village_a1, phone="13812345678", description="我叫王小明，电话 13812345678")
    topic = services.proposal_merge(actor=world.county_official, proposal=p)
    topic = services.topic_adopt(
        actor=world.county_official,
        topic=topic,
        title="校车",
        problem="偏远村学生乘坐无资质车辆上学。",
        goal="",
        lead_unit=world.department,
        period_start=timezone.localdate(),
        period_end=timezone.localdate(),
    )
    services.topic_report(
        actor=world.department_user, topic=topic, text="已开通", on=timezone.localdate()
    )
    for url in (
        reverse("topics:public_list", kwargs={"code": world.village_a1.code}),
        _detail(world, topic),
        reverse("portal:village", kwargs={"code": world.village_a1.code}),
    ):
        body = client.get(url).content.decode()
        assert "13812345678" not in body and "5678" not in body and "王小明" not in body
        assert world.department_user.username not in body
        assert world.county_official.username not in body


def test_a_browser_rates_a_topic_once(client, world):
    topic = adopted(world)
    url = _detail(world, topic)
    page = client.get(url).content.decode()
    assert "满意" in page and "基本满意" in page and "不满意" in page
    response = client.post(url, {"rating": "satisfied"})
    assert response.status_code == 302
    assert voter.COOKIE in response.cookies
    assert response.cookies[voter.COOKIE]["httponly"]
    assert TopicRating.objects.filter(topic=topic, rating="satisfied").count() == 1
    page = client.get(url).content.decode()
    assert "您已评价" in page and "100%" in page
    client.post(url, {"rating": "unsatisfied"})
    assert TopicRating.objects.count() == 1
    assert "已经评价过" in client.get(url).content.decode()


def test_another_browser_rates_too_and_the_counts_add_up(client, world):
    topic = adopted(world)
    url = _detail(world, topic)
    client.post(url, {"rating": "satisfied"})
    Client().post(url, {"rating": "basically"})
    Client().post(url, {"rating": "unsatisfied"})
    assert TopicRating.objects.count() == 3
    body = client.get(url).content.decode()
    assert "67%" in body  # (满意 + 基本满意) / 已评价 = 2 / 3


def test_a_forged_cookie_is_ignored(client, world):
    topic = adopted(world)
    url = _detail(world, topic)
    client.cookies[voter.COOKIE] = "a" * 32  # not signed
    client.post(url, {"rating": "satisfied"})
    rating = TopicRating.objects.get()
    assert rating.voter != voter.voter_key("a" * 32)


def test_ratings_are_rate_limited_per_client(client, world, settings):
    settings.QINGFENG_TOPIC_RATE_LIMIT = (2, 3600)
    topic = adopted(world)
    url = _detail(world, topic)
    Client().post(url, {"rating": "satisfied"})
    Client().post(url, {"rating": "satisfied"})
    response = Client().post(url, {"rating": "satisfied"})
    assert response.status_code == 429
    assert TopicRating.objects.count() == 2


def test_a_bad_rating_is_refused(client, world):
    topic = adopted(world)
    response = client.post(_detail(world, topic), {"rating": "excellent"})
    assert response.status_code == 400 and not TopicRating.objects.exists()


def test_the_rating_form_needs_the_csrf_token(world):
    topic = adopted(world)
    strict = Client(enforce_csrf_checks=True)
    assert strict.post(_detail(world, topic), {"rating": "satisfied"}).status_code == 403


def test_a_closed_topic_shows_its_evaluation(client, world):
    topic = adopted(world)
    services.topic_close(actor=world.county_official, topic=topic, summary="全年一评估：已完成。")
    body = client.get(_detail(world, topic)).content.decode()
    assert "全年一评估：已完成。" in body and "评估" in body
