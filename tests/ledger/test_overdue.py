"""One definition of 超期: the inbox count, the ledger's "overdue only" filter, its badges and
the daily check agree, whether or not the daily check has run yet."""

import datetime as dt
import re

from django.urls import reverse
from django.utils import timezone

from qingfeng.ledger import services
from qingfeng.ledger.models import Problem
from tests.ledger.helpers import new_problem


def _three_problems(world):
    today = timezone.localdate()
    late = new_problem(world.village_a1, kind="suggestion", title="路灯坏了")
    later = new_problem(world.village_a1, kind="suggestion", title="水渠堵了")
    fresh = new_problem(world.village_a1, kind="suggestion", title="公开栏旧了")
    closed = new_problem(world.village_a1, kind="suggestion", title="已经办完")
    for problem, due in [(late, -8), (later, -29), (fresh, 3), (closed, -40)]:
        Problem.objects.filter(pk=problem.pk).update(due_date=today + dt.timedelta(days=due))
    Problem.objects.filter(pk=closed.pk).update(status="closed")
    return late, later, fresh, closed


def _inbox_count(html: str, title: str) -> int:
    return int(re.search(title + r'\s*<span class="count">(\d+)</span>', html).group(1))


def test_the_inbox_counts_what_the_ledger_shows_overdue(login, world):
    late, later, fresh, closed = _three_problems(world)  # the daily check has not run
    client = login(world.township_a_official)
    inbox = client.get(reverse("office:inbox")).content.decode()
    assert _inbox_count(inbox, "超期问题") == 2
    listed = client.get(reverse("office:ledger:list"), {"overdue": "1"}).content.decode()
    assert late.number in listed and later.number in listed
    assert fresh.number not in listed and closed.number not in listed
    everything = client.get(reverse("office:ledger:list")).content.decode()
    assert "已超期 8 天" in everything and "已超期 29 天" in everything
    assert everything.count('<span class="tag alert">超期</span>') == 2


def test_the_daily_check_escalates_exactly_the_overdue_ones(world):
    late, later, _fresh, _closed = _three_problems(world)
    counts = services.check_deadlines()
    assert counts["overdue"] == 2
    flagged = set(Problem.objects.filter(overdue=True).values_list("pk", flat=True))
    assert flagged == {late.pk, later.pk}
    assert set(Problem.objects.filter(Problem.overdue_q()).values_list("pk", flat=True)) == flagged
