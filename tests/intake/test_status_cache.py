"""The /track/ status page kept in the cache per report (intake/statuspage.py): served without a
query, shown afresh at once after a public event, per language and elder mode, with the
visitor's own CSRF token, and never across reports."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from qingfeng.intake import services as intake
from qingfeng.intake.models import Report
from qingfeng.ledger import services as ledger

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture(autouse=True)
def kept_pages(settings):
    settings.QINGFENG_PAGE_CACHE_SECONDS = 600
    cache.clear()


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """`with committed(): ...` runs the after-commit work of the writes inside (the generation
    bump) at its end, as production does at the commit."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def done(step: str) -> str:
    """A step of the timeline shown as done."""
    return f'<li class="done"><strong>{step}</strong>'


def _report(world, text="路灯坏了两个月"):
    return intake.report_submit(village=world.village_a1, kind="livelihood", description=text)


def _look_up(client, code):
    assert client.post(reverse("intake:track"), {"code": code}).status_code == 302


def _status(client):
    page = client.get(reverse("intake:status"))
    assert page.status_code == 200
    return page.content.decode()


def test_a_kept_status_page_reads_no_report_nor_timeline(client, world):
    _report_obj, code = _report(world)
    _look_up(client, code)
    first = _status(client)
    with CaptureQueriesContext(connection) as queries:
        again = _status(client)
    # only the session row (the database store of the tests; on Redis no query at all:
    # tests/core/test_redis.py); neither the report nor its timeline
    assert queries and all("django_session" in q["sql"] for q in queries)
    assert again.replace(TOKEN.search(again)[1], "") == first.replace(TOKEN.search(first)[1], "")
    assert (
        "路灯坏了两个月" in again
        and "no-store" in client.get(reverse("intake:status"))["Cache-Control"]
    )


def test_a_public_event_shows_on_the_next_look_at_once(client, world, committed):
    report, code = _report(world)
    _look_up(client, code)
    assert done("已受理") not in _status(client)
    _status(client)  # kept
    with committed():
        problem = ledger.problem_accept(actor=world.township_a_official, problem=report.problem)
    assert done("已受理") in _status(client)
    with committed():
        ledger.problem_reply(actor=world.township_a_official, problem=problem, reply="已修复路灯")
    html = _status(client)
    assert "已修复路灯" in html and 'value="rate"' in html  # the reply, and the rating form


def test_a_status_change_without_a_public_event_shows_too(client, world, committed):
    report, code = _report(world)
    problem = ledger.problem_accept(actor=None, problem=report.problem)
    _look_up(client, code)
    assert done("办理中") not in _status(client)
    with committed():
        ledger.problem_assign(
            actor=world.township_a_official, problem=problem, handler=world.township_a_official
        )
    assert done("办理中") in _status(client)


def test_the_rating_shows_at_once_with_its_thanks(client, world, committed):
    report, code = _report(world)
    problem = ledger.problem_accept(actor=None, problem=report.problem)
    ledger.problem_reply(actor=None, problem=problem, reply="已处理")
    _look_up(client, code)
    _status(client)
    with committed():
        thanks = client.post(
            reverse("intake:status"), {"action": "rate", "rating": "satisfied"}, follow=True
        ).content.decode()
    assert "感谢您的评价" in thanks and "满意" in thanks
    later = _status(client)
    assert "感谢您的评价" not in later  # the message once, never kept
    assert 'value="rate"' not in later  # rated: no form any more
    assert Report.objects.get().rating == "satisfied"


def test_each_visitor_gets_their_own_csrf_token_and_can_post(world, committed):
    report, code = _report(world)
    problem = ledger.problem_accept(actor=None, problem=report.problem)
    ledger.problem_reply(actor=None, problem=problem, reply="已处理")
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    for phone in (first, second):
        phone.get(reverse("intake:track"))  # the CSRF cookie, as a phone gets it
        token = phone.cookies["csrftoken"].value
        assert (
            phone.post(
                reverse("intake:track"), {"code": code, "csrfmiddlewaretoken": token}
            ).status_code
            == 302
        )
    html_first = first.get(reverse("intake:status")).content.decode()
    html_second = second.get(reverse("intake:status")).content.decode()  # the kept page
    assert "<!--qf:csrf-->" not in html_second
    tokens = set(TOKEN.findall(html_second))
    assert len(tokens) == 1 and tokens != set(TOKEN.findall(html_first))
    sent = second.post(
        reverse("intake:status"),
        {"action": "rate", "rating": "satisfied", "csrfmiddlewaretoken": tokens.pop()},
    )
    assert sent.status_code == 302 and Report.objects.get().rating == "satisfied"


def test_language_and_elder_mode_are_kept_apart(client, world, settings):
    _report_obj, code = _report(world)
    _look_up(client, code)
    chinese = _status(client)
    assert 'lang="zh-hans"' in chinese
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ug"
    uyghur = _status(client)
    assert 'lang="ug"' in uyghur and 'dir="rtl"' in uyghur
    client.cookies["qf_elder"] = "1"
    assert 'class="elder"' in _status(client)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    client.cookies["qf_elder"] = "0"
    assert 'lang="zh-hans"' in _status(client) and 'class="elder"' not in _status(client)


def test_one_reports_page_never_shows_for_another(client, world):
    _first, code_first = _report(world, "第一件：路灯坏了")
    _second, code_second = _report(world, "第二件：水渠堵了")
    _look_up(client, code_first)
    assert "第一件" in _status(client)
    other = Client()
    _look_up(other, code_second)
    html = _status(other)
    assert "第二件" in html and "第一件" not in html


def test_a_report_joined_to_an_original_follows_it(client, world, committed):
    original, _code = _report(world, "原件：路灯坏了")
    repeat, code = _report(world, "重复件：路灯还是坏的")
    _look_up(client, code)
    _status(client)
    with committed():
        ledger.problem_mark_duplicate(
            actor=world.township_a_official, problem=repeat.problem, original=original.problem
        )
    with committed():
        ledger.problem_accept(actor=world.township_a_official, problem=original.problem)
    assert done("已受理") in _status(client)  # the original's progress
    with committed():
        ledger.problem_reply(actor=None, problem=original.problem, reply="已修好")
    assert "已修好" in _status(client)  # and it keeps following the original


def test_the_page_cache_off_renders_every_time(client, world, settings):
    settings.QINGFENG_PAGE_CACHE_SECONDS = 0
    _report_obj, code = _report(world)
    _look_up(client, code)
    _status(client)
    with CaptureQueriesContext(connection) as queries:
        _status(client)
    assert any("intake_report" in q["sql"] for q in queries)
