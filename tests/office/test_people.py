from django.urls import reverse

from qingfeng.audit.models import AuditEntry
from tests.conftest import ID_A1


def test_lists_and_pages_show_id_numbers_masked(login, world):
    client = login(world.township_a_official)
    for url in [
        reverse("office:people"),
        reverse("office:person", kwargs={"pk": world.resident_a1.pk}),
        reverse("office:people") + "?q=张",
    ]:
        html = client.get(url).content.decode()
        assert ID_A1 not in html, url
        assert "13812345678" not in html, url
    assert "1101**********002X" in client.get(reverse("office:people")).content.decode()


def test_a_full_number_is_shown_on_request_and_the_look_is_logged(login, world):
    client = login(world.township_a_official)
    url = reverse("office:person_reveal", kwargs={"pk": world.resident_a1.pk})
    response = client.post(url, {"field": "id_number", "reason": "核对身份"})
    assert response.status_code == 200
    assert ID_A1 in response.content.decode()
    entry = AuditEntry.objects.get(action="person.reveal_id_number")
    assert (entry.actor_name, entry.target_id) == ("bob", str(world.resident_a1.pk))


def test_a_look_needs_a_reason(login, world):
    client = login(world.township_a_official)
    url = reverse("office:person_reveal", kwargs={"pk": world.resident_a1.pk})
    response = client.post(url, {"field": "id_number", "reason": ""})
    assert ID_A1 not in response.content.decode()
    assert not AuditEntry.objects.filter(action="person.reveal_id_number").exists()


def test_a_village_supervisor_cannot_reveal(login, world):
    client = login(world.village_supervisor)
    url = reverse("office:person_reveal", kwargs={"pk": world.resident_a1.pk})
    assert client.post(url, {"field": "id_number", "reason": "x"}).status_code == 403


def test_search_by_id_number_does_not_put_it_in_the_url(login, world):
    client = login(world.township_a_official)
    response = client.post(reverse("office:people"), {"q": ID_A1})
    assert response.status_code == 302
    assert ID_A1 not in response["Location"]
    assert response["Location"] == reverse("office:person", kwargs={"pk": world.resident_a1.pk})


def test_search_by_id_number_finds_nobody_out_of_scope(login, world):
    client = login(world.township_b_official)
    response = client.post(reverse("office:people"), {"q": ID_A1})
    assert response.status_code == 200
    assert "未找到" in response.content.decode()
