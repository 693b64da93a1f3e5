"""A hand-counted month (November 2026) in the test world. The expected figures are written
out in test_statistics.py next to the rows they come from."""

from __future__ import annotations

import datetime as dt
import itertools
from zoneinfo import ZoneInfo

from qingfeng.disclosure.models import Batch
from qingfeng.intake.models import Report
from qingfeng.ledger.models import Problem, ProblemEvent, RectificationTask
from qingfeng.screening.models import Hit, ScreeningRun

TZ = ZoneInfo("Asia/Shanghai")
_numbers = itertools.count(1)


def at(month: int, day: int, year: int = 2026, hour: int = 10) -> dt.datetime:
    return dt.datetime(year, month, day, hour, tzinfo=TZ)


def problem(
    village,
    source,
    kind,
    received,
    *,
    accepted=None,
    closed=None,
    status="accepted",
    late_at=None,
    overdue=False,
):
    p = Problem.objects.create(
        number=f"T{next(_numbers):05d}",
        region=village,
        scope_code=village.code,
        kind=kind,
        source=source,
        title="测试",
        description="测试",
        received_at=received,
        accepted_at=accepted,
        closed_at=closed,
        status="closed" if closed else status,
        overdue=overdue,
    )
    if late_at:
        ProblemEvent.objects.create(problem=p, kind="overdue", at=late_at)
    return p


def report(p, created, *, rating="", rated=None, phone=None):
    return Report.objects.create(
        problem=p,
        village=p.region,
        description="测试",
        code_hash=f"h{next(_numbers)}",
        created_at=created,
        rating=rating,
        rated_at=rated,
        reporter_phone=phone,
    )


def build(world):
    a1, a2, b1 = world.village_a1, world.village_a2, world.village_b1
    p = {
        # A1: report, closed on time
        1: problem(a1, "report", "livelihood", at(11, 3), accepted=at(11, 4), closed=at(11, 10)),
        # A1: walk-in, closed, but a step was overdue on 11-15
        2: problem(
            a1,
            "walk_in",
            "accusation",
            at(11, 5),
            accepted=at(11, 5),
            closed=at(11, 20),
            late_at=at(11, 15),
        ),
        # A1: visit, still open and overdue since 11-25
        3: problem(
            a1,
            "visit",
            "suggestion",
            at(11, 7),
            accepted=at(11, 8),
            status="handling",
            late_at=at(11, 25),
            overdue=True,
        ),
        # A1: screening, received in October, closed on time in November
        4: problem(
            a1, "screening", "livelihood", at(10, 20), accepted=at(10, 21), closed=at(11, 2)
        ),
        # B1: report, closed on time
        5: problem(b1, "report", "livelihood", at(11, 12), accepted=at(11, 12), closed=at(11, 28)),
        # B1: report, not yet accepted
        6: problem(b1, "report", "accusation", at(11, 15), status="submitted"),
        # A2: December, outside the month
        7: problem(a2, "audit", "livelihood", at(12, 1), accepted=at(12, 1)),
    }
    report(p[1], at(7, 1))  # July: outside the month and more than 90 days before R1
    report(p[1], at(11, 3), rating="satisfied", rated=at(11, 12))  # R1
    report(p[5], at(11, 12), rating="basically", rated=at(11, 29), phone="13900001111")  # R2
    report(p[2], at(11, 5), rating="unsatisfied", rated=at(11, 21))  # R3
    report(p[6], at(11, 15))  # R4
    report(p[1], at(11, 20))  # R5: the same matter as R1 again → repeat
    report(p[3], at(11, 16), phone="13900001111")  # R6: the same reporter as R2 → repeat

    def task(problem, created, status="open", submitted=None):
        return RectificationTask.objects.create(
            problem=problem,
            unit=world.department,
            requirement="整改",
            due_date=dt.date(2026, 12, 31),
            status=status,
            submitted_at=submitted,
            created_at=created,
        )

    task(p[1], at(11, 5), "accepted", submitted=at(11, 8))  # T1
    task(p[2], at(11, 10), "submitted", submitted=at(11, 18))  # T2
    task(p[5], at(11, 11))  # T3
    task(p[3], at(10, 1))  # T4: October

    run = ScreeningRun.objects.create(region=world.county, created_at=at(10, 1))

    def hit(village, status, reviewed):
        return Hit.objects.create(
            run=run,
            rule="R01",
            village_code=village.code,
            village=village,
            scope_code=village.code,
            payload="x",
            subject_key=f"s{next(_numbers)}",
            evidence_key="e",
            status=status,
            reviewed_at=reviewed,
        )

    hit(a1, "confirmed", at(11, 10))  # H1
    hit(a1, "dismissed", at(11, 11))  # H2
    hit(b1, "confirmed", at(11, 20))  # H3
    hit(b1, "confirmed", at(10, 30))  # H4: October
    hit(a2, "new", None)  # H5

    def batch(village, seq, published, due, version=1, supersedes=None, kind="finance"):
        return Batch.objects.create(
            village=village,
            kind=kind,
            period="2026-10",
            title="公开",
            version=version,
            supersedes=supersedes,
            seq=seq,
            prev_hash="0" * 64,
            hash=f"{next(_numbers):064d}",
            published_at=published,
            due_date=due,
        )

    b = batch(a1, 1, at(11, 8), dt.date(2026, 11, 10))  # on time
    batch(a1, 2, at(11, 15), dt.date(2026, 11, 10), kind="village")  # late
    batch(b1, 1, at(11, 5), dt.date(2026, 11, 10))  # on time
    batch(a1, 3, at(11, 20), dt.date(2026, 11, 10), version=2, supersedes=b)  # a correction
    return p
