"""Whole public pages kept in the shared cache (core/pagecache.py): per village, per language
and elder-mode cookie, forgotten when something is published, never holding a CSRF token or
a visitor's session."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.http import HttpResponse
from django.template import engines
from django.test import RequestFactory
from django.utils import translation

from qingfeng.core.pagecache import cached_public_page
from qingfeng.disclosure import services as disclosure
from qingfeng.orgs.models import Region
from tests.disclosure.conftest import finance_rows


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.QINGFENG_PAGE_CACHE_SECONDS = 600
    cache.clear()
    yield
    cache.clear()


def rename(village, name):
    """A change that goes around the services (and so does not tell the cache)."""
    Region.objects.filter(pk=village.pk).update(name=name)


def test_the_village_page_is_kept_and_forgotten_on_publication(
    client, world, django_capture_on_commit_callbacks
):
    url = f"/v/{world.village_a1.code}/"
    assert "东村" in client.get(url).content.decode()
    rename(world.village_a1, "东村（新）")
    assert "东村（新）" not in client.get(url).content.decode()  # served from the cache
    # another village's page is its own entry
    other = f"/v/{world.village_a2.code}/"
    assert "西村" in client.get(other).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        # a township official publishes (audited): the village's kept pages are forgotten
        disclosure.publish(
            actor=world.township_a_official,
            village=world.village_a1,
            kind="finance",
            period="2026-03",
            title="三月财务",
            rows=finance_rows(),
        )
    body = client.get(url).content.decode()
    assert "东村（新）" in body and "三月财务" in body


def test_a_county_wide_change_forgets_every_village(
    client, world, django_capture_on_commit_callbacks
):
    from django.db import transaction

    from qingfeng.audit.services import audit_record

    url = f"/v/{world.village_b1.code}/"
    client.get(url)
    rename(world.village_b1, "南村（新）")
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        audit_record(actor=None, action="orgs.import", region_code=world.county.code)
    assert "南村（新）" in client.get(url).content.decode()


def test_language_and_elder_mode_are_separate_entries(client, world):
    url = f"/v/{world.village_a1.code}/"
    client.get(url)
    rename(world.village_a1, "东村（新）")
    client.cookies["qf_elder"] = "1"
    assert "东村（新）" in client.get(url).content.decode()  # its own entry, rendered now
    rename(world.village_a1, "东村（再新）")
    assert "东村（新）" in client.get(url).content.decode()  # kept for elder mode
    del client.cookies["qf_elder"]
    assert "东村（再新）" not in client.get(url).content.decode()
    # the active language is in the key (the Uyghur locale activates "ug")
    view = cached_public_page(lambda request, code: HttpResponse(translation.get_language()))
    request = RequestFactory().get("/x/")
    with translation.override("zh-hans"):
        assert view(request, code=world.village_a1.code).content == b"zh-hans"
    with translation.override("ug"):
        assert view(request, code=world.village_a1.code).content == b"ug"


def test_a_page_with_a_csrf_token_is_never_shared(db):
    template = engines["django"].from_string("<form>{% csrf_token %}</form>")
    view = cached_public_page(lambda request: HttpResponse(template.render({}, request)))
    first = view(RequestFactory().get("/form/")).content
    second = view(RequestFactory().get("/form/")).content
    assert b"csrfmiddlewaretoken" in first
    assert first != second  # each visitor its own token: nothing was kept

    calls = []
    plain = cached_public_page(lambda request: calls.append(1) or HttpResponse("x"))
    plain(RequestFactory().get("/plain/"))
    plain(RequestFactory().get("/plain/"))
    assert len(calls) == 1  # a page without a token is kept


def test_visitors_with_a_session_or_a_query_get_a_fresh_page(client, world):
    url = f"/v/{world.village_a1.code}/"
    client.get(url)
    rename(world.village_a1, "东村（新）")
    assert "东村（新）" in client.get(url + "?x=1").content.decode()
    client.cookies["sessionid"] = "abc"
    assert "东村（新）" in client.get(url).content.decode()


def test_the_report_form_still_works_next_to_a_kept_village_page(client, world):
    """The village page is kept; the form page is not, so each visitor's token matches."""
    client.get(f"/v/{world.village_a1.code}/")
    other = type(client)(enforce_csrf_checks=True)
    page = other.get(f"/v/{world.village_a1.code}/report/")
    token = page.context["csrf_token"]
    response = other.post(
        f"/v/{world.village_a1.code}/report/",
        {"csrfmiddlewaretoken": str(token), "kind": "suggestion", "description": "路灯坏了很久了"},
    )
    assert response.status_code in (200, 302, 400)
    assert response.status_code != 403


def test_track_look_ups_are_per_visitor_and_cheap(client, world, django_assert_max_num_queries):
    from django.db import transaction
    from django.test import Client

    from qingfeng.intake import services as intake

    codes = []
    for text in ("甲的问题：路灯坏了", "乙的问题：水管漏了"):
        with transaction.atomic():
            codes.append(
                intake.report_submit(village=world.village_a1, kind="suggestion", description=text)[
                    1
                ]
            )
    first, second = Client(), Client()
    first.get("/track/")
    with django_assert_max_num_queries(6):  # the code's index, the session; no model built
        assert first.post("/track/", {"code": codes[0]}).status_code == 302
    second.post("/track/", {"code": codes[1]})
    mine, theirs = first.get("/track/status/"), second.get("/track/status/")
    assert "甲的问题" in mine.content.decode() and "乙的问题" not in mine.content.decode()
    assert "乙的问题" in theirs.content.decode() and "甲的问题" not in theirs.content.decode()
    assert Client().get("/track/status/").status_code == 302  # nobody else's status
