"""The legal basis beside a deadline is translated: the /track/ status page is also read in
Uyghur, and showed the basis in Chinese."""

from __future__ import annotations

import re

from django.urls import reverse
from django.utils import translation

from qingfeng.disclosure.schedule import RULES as DISCLOSURE_RULES
from qingfeng.intake import services as intake
from qingfeng.ledger import services as ledger
from qingfeng.ledger.deadlines import RULES

HAN = re.compile(r"[\u3400-\u9fff]")


def test_every_rule_reads_without_chinese_in_uyghur_and_as_before_in_chinese():
    for rule in RULES.values():
        with translation.override("ug"):
            text = rule.describe
        assert not HAN.search(text), text
        with translation.override("zh-hans"):
            zh = rule.describe
        assert HAN.search(zh), zh
    with translation.override("zh-hans"):
        assert str(RULES["forward"].source) == "纪检监察机关处理检举控告工作规则 第15–16条"
        assert str(RULES["livelihood_accept"].source) == "平台规定"


def test_every_disclosure_schedule_basis_is_translated_into_uyghur():
    for rule in DISCLOSURE_RULES.values():
        with translation.override("ug"):
            assert not HAN.search(str(rule.source)), rule.source
        with translation.override("zh-hans"):
            assert HAN.search(str(rule.source))


def test_the_uyghur_status_page_shows_the_basis_in_uyghur(client, world):
    report, code = intake.report_submit(
        village=world.village_a1, kind="accusation", description="路灯坏了两个月"
    )
    problem = ledger.problem_accept(actor=world.township_a_official, problem=report.problem)
    ledger.problem_assign(
        actor=world.township_a_official, problem=problem, handler=world.township_a_official
    )
    client.cookies["django_language"] = "ug"
    html = client.post(reverse("intake:track"), {"code": code}, follow=True).content.decode()
    assert '<html lang="ug"' in html
    deadlines = re.findall(r'<div class="when">(.*?)</div>', html, re.S)
    with_basis = [d for d in deadlines if "·" in d]
    assert len(with_basis) >= 2, deadlines  # submitted and accepted each show their rule
    for line in with_basis:
        assert not HAN.search(line), line
    with translation.override("ug"):
        expected = str(RULES["accusation_accept"].source)
    assert expected in html
