from django.urls import reverse

from tests.conftest import ID_A1


def test_home_lists_townships(client, world):
    html = client.get("/").content.decode()
    assert "甲镇" in html and "乙乡" in html
    assert 'lang="zh-hans"' in html
    assert "选择您所在的村" in html


def test_township_lists_its_villages(client, world):
    html = client.get(f"/t/{world.township_a.code}/").content.decode()
    assert "东村" in html and "西村" in html and "南村" not in html


def test_village_page_shows_the_posts_without_personal_data(client, world):
    response = client.get(f"/v/{world.village_a1.code}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "东村" in html and "村委会主任" in html
    assert ID_A1 not in html and "1101" not in html
    assert "13812345678" not in html and "5678" not in html
    assert "12388" in html


def test_unknown_and_malformed_codes_answer_404(client, world):
    assert client.get("/v/330101100299/").status_code == 404
    assert client.get("/v/33010110020/").status_code == 404
    assert client.get(f"/v/{world.township_a.code}/").status_code == 404  # not a village
    assert client.get(f"/t/{world.village_a1.code}/").status_code == 404


def test_an_old_code_redirects_to_the_current_one(client, world):
    world.village_a1.aliases.create(old_code="330101100399", retired_in=2025)
    response = client.get("/v/330101100399/")
    assert response.status_code == 301
    assert response["Location"] == reverse("portal:village", kwargs={"code": world.village_a1.code})


def test_pages_work_without_javascript(client, world):
    html = client.get(f"/v/{world.village_a1.code}/").content.decode()
    assert "<noscript" not in html  # nothing hidden behind scripts
    assert 'href="/t/330101100000/"' in html
