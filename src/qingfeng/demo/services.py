"""Seeding the demo county: orgs first, then every registered app step, one transaction."""

from __future__ import annotations

from django.db import transaction

from qingfeng.audit.services import audit_record
from qingfeng.core.extensions import demo_steps as steps
from qingfeng.orgs import services as orgs


def seed_demo(*, seed: int, password: str, reset: bool = False):
    """Returns the orgs result with counts of every step, or None when the county exists."""
    with transaction.atomic():
        if orgs.demo_county_exists():
            if not reset:
                return None
            for step in reversed(steps()):
                step.clear()
            orgs.demo_county_clear()
        result = orgs.demo_county_build(seed=seed, password=password)
        for step in steps():
            counts = step.build(seed=seed, county_code=orgs.DEMO_COUNTY_CODE) or {}
            result.counts.update({f"{step.name}.{k}": v for k, v in counts.items()})
        audit_record(
            actor=None,
            action="demo.seed",
            region_code=orgs.DEMO_COUNTY_CODE,
            data={"seed": seed, "counts": result.counts},
        )
    return result
