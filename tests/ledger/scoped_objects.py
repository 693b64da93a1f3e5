"""A problem with a rectification task, a recommendation letter and a visit, inside the test
world (village A1) and in the foreign county, for tests/office/test_every_url.py."""

from __future__ import annotations

import datetime as dt

from qingfeng.ledger import services
from qingfeng.ledger.models import Visit
from tests.scoped_objects import scoped_object_factory


def _problem_with_everything(village, unit):
    problem = services.problem_create(
        actor=None,
        region=village,
        kind="livelihood",
        source="report",
        title="道路积水",
        description="村口道路积水",
    )
    services.problem_accept(actor=None, problem=problem)
    services.rectification_create(actor=None, problem=problem, unit=unit, requirement="修路")
    services.recommendation_issue(actor=None, problem=problem, unit=unit, text="加强管理")
    visit = Visit.objects.create(
        region=village, visited_on=dt.date(2026, 11, 1), place="村委会", whom="村民", heard="路坏"
    )
    visit.problems.add(problem)
    return problem


@scoped_object_factory
def ledger_objects(world, foreign):
    _problem_with_everything(world.village_a1, world.department)
    _problem_with_everything(foreign["village"], foreign["unit"])
