"""我要点题: the resident's form on the village page."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from qingfeng.audit.models import AuditEntry
from qingfeng.topics.models import Proposal

GOOD = {
    "category": "education",
    "title": "校车不安全",
    "description": "村里没有校车，孩子每天坐三轮车上学。",
    "phone": "",
}


def _url(world):
    return reverse("topics:propose", kwargs={"code": world.village_a1.code})


def test_the_village_page_links_to_the_form_and_the_topics(client, world):
    body = client.get(reverse("portal:village", kwargs={"code": world.village_a1.code})).content
    assert _url(world).encode() in body
    assert reverse("topics:public_list", kwargs={"code": world.village_a1.code}).encode() in body
    assert "我要点题".encode() in body


def test_it_shows_the_categories(client, world):
    response = client.get(_url(world))
    body = response.content.decode()
    assert response.status_code == 200
    for label in ["教育", "医疗", "养老", "社保", "住房", "饮水", "道路", "惠农补贴", "其他"]:
        assert label in body
    assert 'name="csrfmiddlewaretoken"' in body


def test_it_takes_a_proposal_and_says_what_happens_next(client, world):
    response = client.post(_url(world), GOOD)
    assert response.status_code == 302
    assert response["Location"] == reverse("topics:thanks", kwargs={"code": world.village_a1.code})
    proposal = Proposal.objects.get()
    assert proposal.region == world.village_a1
    assert proposal.source == "resident" and proposal.status == "new"
    assert proposal.contact_phone is None and proposal.proposed_by is None
    body = client.get(response["Location"]).content.decode()
    assert "审题" in body and "定题" in body and "每季度" in body
    entry = AuditEntry.objects.get(action="topics.proposal.submit")
    assert entry.region_code == world.village_a1.code


def test_a_phone_is_stored_encrypted_and_kept_out_of_the_audit_log(client, world):
    client.post(_url(world), {**GOOD, "phone": "138 1234 5678"})
    proposal = Proposal.objects.get()
    assert proposal.contact_phone.reveal() == "13812345678"
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT contact_phone FROM topics_proposal")
        stored = cursor.fetchone()[0]
    assert "13812345678" not in stored and stored
    entry = AuditEntry.objects.get(action="topics.proposal.submit")
    assert "13812345678" not in str(entry.data) and entry.data["with_phone"] is True


def test_bad_input_gets_chinese_messages_and_nothing_is_saved(client, world):
    response = client.post(
        _url(world), {"category": "weather", "title": "", "description": "", "phone": "123"}
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert "这个字段是必填项" in body
    assert "请检查标出的内容" in body or "请检查" in body
    assert "手机号" in body or "电话" in body
    assert "选择一个有效的选项" in body
    assert not Proposal.objects.exists()


def test_a_too_long_title_is_refused(client, world):
    response = client.post(_url(world), {**GOOD, "title": "长" * 61})
    assert response.status_code == 400 and not Proposal.objects.exists()


def test_only_a_village_takes_proposals(client, world):
    url = reverse("topics:propose", kwargs={"code": world.township_a.code})
    assert client.get(url).status_code == 404
    assert client.get(reverse("topics:propose", kwargs={"code": "330101100299"})).status_code == 404


def test_proposals_are_rate_limited_per_client(client, world, settings):
    settings.QINGFENG_TOPIC_PROPOSE_LIMIT = (3, 600)
    for _ in range(3):
        assert client.post(_url(world), GOOD).status_code == 302
    response = client.post(_url(world), GOOD)
    assert response.status_code == 429
    assert "请稍后再试" in response.content.decode()
    assert Proposal.objects.count() == 3
    other = Client(REMOTE_ADDR="10.0.0.9")
    assert other.post(_url(world), GOOD).status_code == 302


def test_the_form_needs_the_csrf_token(world):
    strict = Client(enforce_csrf_checks=True)
    assert strict.post(_url(world), GOOD).status_code == 403
    assert not Proposal.objects.exists()
