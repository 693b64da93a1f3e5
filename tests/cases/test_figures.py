"""The case figures the cases app gives qingfeng.insights, against a hand count."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from qingfeng.cases import figures
from tests.cases import helpers


@pytest.fixture
def approver(world):
    return helpers.second_cadre(world)


def _window():
    today = timezone.localdate()
    start = timezone.make_aware(dt.datetime.combine(today.replace(day=1), dt.time()))
    return start, start + dt.timedelta(days=40)


def test_clues_by_method_and_cases_opened(world, approver):
    helpers.approved(world, helpers.clue_in_a1(world), "talk", approver, talk_form="letter")
    helpers.case_in_investigation(world, approver)  # a 初步核实 that became a case
    start, end = _window()
    prefixes = [world.county.code[:6]]
    got = figures.compute(world.county_official, prefixes, start, end)
    assert (got["clues_talk"], got["clues_check"], got["clues_shelve"], got["clues_close"]) == (
        1,
        1,
        0,
        0,
    )
    assert got["cases_opened"] == 1 and got["detained"] == 0
    assert got["punished_party"] == 0 and str(got["recovered_wan"]) == "0.00"
    # another township's official counts none of them; nor does last year's window
    other = figures.compute(world.township_b_official, prefixes, start, end)
    assert other["clues_talk"] == other["cases_opened"] == 0
    old = figures.compute(world.county_official, prefixes, start - dt.timedelta(days=400), start)
    assert old["clues_talk"] == old["cases_opened"] == 0
