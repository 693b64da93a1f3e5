"""Screening pages in plain words: the problem a confirmed hit makes has the platform's clue
deadline and says where it came from; hit pages step to the previous and next hit; place
names, not codes, in summaries."""

from __future__ import annotations

import pytest
from django.urls import reverse

from qingfeng.ledger.models import Problem
from qingfeng.screening import evidence, selectors
from tests.conftest import VILLAGE_A1

pytestmark = pytest.mark.django_db


def test_a_problem_from_a_confirmed_hit_has_the_clue_deadline_and_label(world, login, county_run):
    hit = county_run.hits.get(village_code=VILLAGE_A1)
    client = login(world.county_official)
    client.post(reverse("office:screening:hit_review", args=[hit.pk]), {"action": "confirm"})
    problem = Problem.objects.get()
    assert problem.due_rule == "clue_accept"
    page = client.get(reverse("office:ledger:problem", args=[problem.pk])).content.decode()
    assert "来源：大数据比对命中" in page
    assert "所涉公开事项" not in page and "告知实名反映人是否受理" not in page


def test_hit_pages_link_the_previous_and_next_hit(world, login, county_run):
    hits = list(selectors.hits_for(world.county_official).filter(run=county_run))
    assert len(hits) >= 2
    client = login(world.county_official)
    first = client.get(reverse("office:screening:hit", args=[hits[0].pk])).content.decode()
    second_url = reverse("office:screening:hit", args=[hits[1].pk])
    assert f'href="{second_url}" rel="next"' in first and 'rel="prev"' not in first
    second = client.get(second_url).content.decode()
    first_url = reverse("office:screening:hit", args=[hits[0].pk])
    assert f'href="{first_url}" rel="prev"' in second


def test_region_codes_in_a_summary_read_as_place_names(world):
    text = evidence.with_place_names(f"村{world.village_a1.code}在2026-03与某公司签订3份合同")
    assert text == "甲镇东村在2026-03与某公司签订3份合同"
    id_number = "110105194912310021"  # 18 digits: not a region code
    assert evidence.with_place_names(id_number) == id_number
