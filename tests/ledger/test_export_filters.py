"""The ledger export holds exactly the rows of the list as filtered on screen."""

from __future__ import annotations

import datetime as dt
import io

from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from qingfeng.ledger.models import Problem
from tests.conftest import sign_in
from tests.ledger.helpers import new_problem


def _export(client, query: str) -> tuple[str, set[str]]:
    response = client.get(reverse("office:ledger:export") + "?" + query)
    rows = list(load_workbook(io.BytesIO(response.getvalue())).active.iter_rows(values_only=True))
    assert rows[1][1] == "问题编号"
    return rows[0][0], {r[1] for r in rows[2:]}


def _listed(client, query: str) -> set[str]:
    html = client.get(reverse("office:ledger:list") + "?" + query).content.decode()
    return {p.number for p in Problem.objects.all() if p.number in html}


def test_the_export_holds_the_filtered_list_and_says_which_filter(client, world):
    a = new_problem(world.village_a1, title="低保金被截留", description="村会计截留低保金")
    b = new_problem(world.village_b1, title="低保金未到账", description="乙乡低保金没到")
    c = new_problem(world.village_a2, title="道路积水", description="村口道路积水")
    # one overdue rule (issue 11): open and past its deadline
    today = timezone.localdate()
    Problem.objects.filter(pk__in=[a.pk, b.pk]).update(due_date=today + dt.timedelta(days=9))
    Problem.objects.filter(pk=c.pk).update(due_date=today - dt.timedelta(days=3))
    sign_in(client, world.county_official)
    cases = {
        "": {a.number, b.number, c.number},
        "q=低保": {a.number, b.number},
        f"township={world.township_a.code}": {a.number, c.number},
        f"q=低保&township={world.township_b.code}": {b.number},
        "overdue=1": {c.number},
        "status=submitted": {a.number, b.number, c.number},
        "status=closed": set(),
    }
    for query, expected in cases.items():
        caption, exported = _export(client, query)
        assert exported == expected == _listed(client, query), query
        assert caption.startswith("筛选条件：")
    caption, _rows = _export(client, f"q=低保&township={world.township_b.code}&overdue=1")
    assert "乙乡" in caption and "低保" in caption and "只看超期" in caption


def test_a_township_outside_the_users_area_is_ignored(client, world):
    a = new_problem(world.village_a1)
    new_problem(world.village_b1)
    sign_in(client, world.township_a_official)
    _caption, exported = _export(client, f"township={world.township_b.code}")
    assert exported == {a.number}  # never more than the user's own area


def test_the_export_link_carries_the_filter_but_not_the_page(client, world):
    sign_in(client, world.county_official)
    query = f"q=低保&status=open&township={world.township_a.code}&overdue=1&page=2"
    html = client.get(reverse("office:ledger:list") + "?" + query).content.decode()
    link = html.split(reverse("office:ledger:export") + "?", 1)[1].split('"', 1)[0]
    assert "page" not in link
    assert f"township={world.township_a.code}" in link and "overdue=1" in link
    assert "status=open" in link and "q=%E4%BD%8E%E4%BF%9D" in link
