"""长辈模式 and the language cookie: set without JavaScript, only same-site redirects, the office
always in zh-Hans, and every public page varying by Cookie (for any page cache)."""

from django.urls import reverse

from qingfeng.portal.context import ELDER_COOKIE


def _village_url(world):
    return reverse("portal:village", kwargs={"code": world.village_a1.code})


def test_the_elder_link_sets_the_cookie_and_goes_back(client, world):
    page = client.get(_village_url(world)).content.decode()
    assert "长辈模式" in page and 'class="elder"' not in page
    url = reverse("portal:elder")
    response = client.get(url, {"on": "1", "next": _village_url(world)})
    assert response.status_code == 302 and response["Location"] == _village_url(world)
    cookie = response.cookies[ELDER_COOKIE]
    assert cookie.value == "1" and cookie["httponly"] and cookie["samesite"] == "Lax"
    page = client.get(_village_url(world)).content.decode()
    assert 'class="elder"' in page and "on=0" in page
    # the essentials first: 我要反映, 查询进度 and a tap-to-call number before the other blocks
    assert page.index("我要反映") < page.index("查询进度") < page.index("联系电话")
    assert page.index("联系电话") < page.index("<h2>村干部</h2>")
    assert 'class="essential call" href="tel:' in page and "联系电话" in page
    response = client.get(url, {"on": "0", "next": _village_url(world)})
    assert response.cookies[ELDER_COOKIE].value == ""
    assert response["Location"] == _village_url(world)


def test_the_elder_link_never_sends_to_another_site(client, db):
    for target in ("https://evil.example/", "//evil.example/x", "javascript:alert(1)", ""):
        response = client.get(reverse("portal:elder"), {"on": "1", "next": target})
        assert response.status_code == 302 and response["Location"] == reverse("portal:home")


def test_uyghur_is_chosen_by_set_language_and_reads_right_to_left(client, world):
    response = client.post(reverse("set_language"), {"language": "ug", "next": _village_url(world)})
    assert response.status_code == 302 and response["Location"] == _village_url(world)
    page = client.get(_village_url(world))
    html = page.content.decode()
    assert '<html lang="ug" dir="rtl"' in html
    assert "مەسىلە ئىنكاس قىلىش" in html and "我要反映" not in html  # 我要反映 in Uyghur
    assert "东村" in html  # village data stays as entered
    assert page["Content-Language"] == "ug"
    # the switch back is on the page, each language named in itself
    assert 'value="zh-hans" lang="zh-hans" dir="ltr"' in html and "ئۇيغۇرچە" in html


def test_the_office_stays_in_chinese_whatever_the_cookie(client, world):
    client.cookies["django_language"] = "ug"
    html = client.get(reverse("office:login")).content.decode()
    assert '<html lang="zh-hans" dir="ltr"' in html and "登录" in html


def test_an_unknown_language_cookie_gives_chinese(client, world):
    client.cookies["django_language"] = "en"
    html = client.get(_village_url(world)).content.decode()
    assert '<html lang="zh-hans" dir="ltr"' in html


def test_public_pages_vary_by_cookie(client, world):
    for url in (_village_url(world), reverse("portal:home"), reverse("intake:track")):
        response = client.get(url)
        assert "Cookie" in response["Vary"], url
