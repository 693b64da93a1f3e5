"""Caching headers of every public URL: a response a shared proxy may keep (Cache-Control
public, or a max-age without private/no-store) must say `Vary: Cookie`, since the language
cookie and the 长辈模式 cookie change the page; a page holding a person's own data (the
status of a report, a 查询码 shown once) is never kept by anyone."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils.cache import get_max_age

from qingfeng.core.pagecache import ELDER_COOKIE
from qingfeng.intake import services as intake
from tests.core.test_csp import public_urls
from tests.disclosure.conftest import publish_direct
from tests.office.test_every_url import arg_names
from tests.powers.conftest import make_template, make_village_list

VARIANTS = {
    "plain": {},
    "uyghur": {settings.LANGUAGE_COOKIE_NAME: "ug"},
    "elder": {ELDER_COOKIE: "1"},
}


def _directives(response) -> set[str]:
    return {
        part.strip().split("=")[0].lower()
        for part in response.get("Cache-Control", "").split(",")
        if part.strip()
    }


def shared_cacheable(response) -> bool:
    directives = _directives(response)
    if directives & {"private", "no-store", "no-cache"}:
        return False
    return "public" in directives or bool(get_max_age(response)) or "s-maxage" in directives


def varies_on_cookie(response) -> bool:
    return "cookie" in {v.strip().lower() for v in response.get("Vary", "").split(",")}


@pytest.fixture
def public_objects(world):
    power_list = make_village_list(make_template(world.county), world.village_a1)
    batch = publish_direct(world.village_a1)
    return {
        "powers:item": power_list.items.first().pk,
        "powers:flow_svg": power_list.items.first().pk,
        "disclosure:batch": batch.pk,
        "disclosure:canonical": batch.pk,
        "disclosure:xlsx": batch.pk,
    }


def _url(name, pattern, world, public_objects):
    kwargs = {}
    for arg in arg_names(pattern):
        kwargs[arg] = world.village_a1.code if arg == "code" else public_objects.get(name, 1)
    return reverse(name, kwargs=kwargs)


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_every_public_response_a_proxy_may_keep_varies_on_cookie(
    client, world, public_objects, variant, settings
):
    settings.QINGFENG_PAGE_CACHE_SECONDS = 0
    for name, value in VARIANTS[variant].items():
        client.cookies[name] = value
    kept, checked = [], 0
    for name, pattern in public_urls():
        url = _url(name, pattern, world, public_objects)
        response = client.get(url)
        checked += 1
        if shared_cacheable(response):
            kept.append(name)
            assert varies_on_cookie(response), (name, url, response.get("Vary"))
    assert checked >= 20
    # the pages the fault was found on are among those checked, and rendered
    assert {"powers:item", "disclosure:batch", "disclosure:list"} <= set(kept), kept


def test_a_304_keeps_vary_cookie(client, world, public_objects):
    for name in ("powers:item", "disclosure:batch"):
        url = reverse(name, kwargs={"code": world.village_a1.code, "pk": public_objects[name]})
        first = client.get(url)
        again = client.get(
            url,
            HTTP_IF_NONE_MATCH=first.get("ETag", ""),
            HTTP_IF_MODIFIED_SINCE=first.get("Last-Modified", ""),
        )
        assert again.status_code == 304, name
        assert varies_on_cookie(again), (name, again.get("Vary"))


def test_each_variant_of_a_page_has_its_own_entity_tag(client, world, public_objects):
    """Two representations (Chinese, Uyghur; elder mode or not) must not share a validator: a
    cache revalidating one with the other's ETag would be told 304 and keep the wrong one."""
    for name in ("disclosure:list", "disclosure:batch", "disclosure:chain"):
        kwargs = {"code": world.village_a1.code}
        if name == "disclosure:batch":
            kwargs["pk"] = public_objects[name]
        url = reverse(name, kwargs=kwargs)
        tags = set()
        for cookies in VARIANTS.values():
            client.cookies.clear()
            for cookie, value in cookies.items():
                client.cookies[cookie] = value
            response = client.get(url)
            assert response.status_code == 200 and response["ETag"], name
            tags.add(response["ETag"])
            # and its own tag still revalidates
            again = client.get(url, HTTP_IF_NONE_MATCH=response["ETag"])
            assert again.status_code == 304, name
        assert len(tags) == len(VARIANTS), (name, tags)


def test_the_page_cache_hit_varies_on_cookie_too(client, world, public_objects, settings):
    settings.QINGFENG_PAGE_CACHE_SECONDS = 600
    for name in ("portal:village", "powers:list", "disclosure:list"):
        url = reverse(name, kwargs={"code": world.village_a1.code})
        client.get(url)
        hit = client.get(url)
        assert hit.status_code == 200 and varies_on_cookie(hit), (name, hit.get("Vary"))


def test_personal_pages_are_never_kept(client, world):
    _report, code = intake.report_submit(
        village=world.village_a1, kind="livelihood", description="路灯坏了"
    )
    looked_up = client.post(reverse("intake:track"), {"code": code})
    assert looked_up.status_code == 302
    status = client.get(reverse("intake:status"))
    assert status.status_code == 200 and "no-store" in _directives(status)
    form = client.get(reverse("intake:track"))
    assert not shared_cacheable(form)
