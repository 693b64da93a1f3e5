from django.urls import reverse

from qingfeng.orgs.models import RiskTag


def test_a_county_leader_puts_a_village_under_elevated_supervision(login, world):
    client = login(world.county_official)
    url = reverse("office:region", kwargs={"code": world.village_a1.code})
    tag = RiskTag.objects.get(slug="complex")
    response = client.post(url, {"elevated": "on", "reason": "信访举报集中", "risk_tags": [tag.pk]})
    assert response.status_code == 302
    world.village_a1.refresh_from_db()
    assert world.village_a1.elevated_supervision
    inbox = client.get(reverse("office:inbox")).content.decode()
    assert "东村" in inbox and "信访举报集中" in inbox


def test_a_township_official_sees_no_form_and_cannot_post(login, world):
    client = login(world.township_a_official)
    url = reverse("office:region", kwargs={"code": world.village_a1.code})
    assert "监督设置" not in client.get(url).content.decode()
    assert client.post(url, {"elevated": "on", "reason": "x"}).status_code == 403


def test_a_reason_is_required(login, world):
    client = login(world.county_official)
    url = reverse("office:region", kwargs={"code": world.village_a1.code})
    response = client.post(url, {"elevated": "on", "reason": ""})
    assert response.status_code == 200
    assert "请填写提级监督的理由" in response.content.decode()
