"""Monitors and a round, built through the services, for the inspections tests."""

from __future__ import annotations

import datetime as dt

from qingfeng.inspections import services
from qingfeng.orgs import monitors
from qingfeng.orgs.models import Person

START = dt.date(2026, 1, 5)


def monitor_in(actor, village, name, kind="integrity", start=START):
    person = Person.objects.create(name=name, region=village)
    return monitors.monitor_appoint(
        actor=actor, person=person, village=village, kind=kind, term_start=start
    )


def world_monitors(world):
    """One monitor in each of the world's three villages; the first is the signed-in
    village supervisor (dora) so that she has a person."""
    a1 = monitor_in(world.admin, world.village_a1, "钱监督")
    world.village_supervisor.person = a1.person
    world.village_supervisor.save(update_fields=["person"])
    a2 = monitor_in(world.admin, world.village_a2, "孙监督")
    b1 = monitor_in(world.admin, world.village_b1, "周监督")
    return a1, a2, b1


def county_round(world, actor=None, name="2026年第一轮交叉检查", starts=START, villages=None):
    actor = actor or world.admin
    return services.round_create(
        actor=actor,
        region=world.county,
        kind="cross",
        name=name,
        starts_on=starts,
        ends_on=starts + dt.timedelta(days=20),
        villages=villages or [world.village_a1, world.village_a2, world.village_b1],
    )
