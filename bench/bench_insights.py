"""Server time of the insights dashboard (驾驶舱) for a county with five years of data
(issue 12: median ≤ 500 ms at 100k problems).

Sets itself up: a temporary SQLite database, migrations, the demo county (`seed-demo`), then
bulk-creates 100,000 problems over five years across its villages (sources, kinds, statuses,
acceptance and closing dates, a 超期 event on about one in eight), 20,000 public reports with
ratings and 10,000 rectification tasks. Prints the median and p95 of the dashboard as the
county leader for a month, a quarter and a year, and of the 重点村 list.

    .venv/bin/python bench/bench_insights.py
"""

from __future__ import annotations

import datetime as dt
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "src")]
os.environ["QINGFENG_VAR_DIR"] = tempfile.mkdtemp(prefix="qingfeng-bench-")
os.environ["DJANGO_SETTINGS_MODULE"] = "qingfeng.settings_test"
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

PROBLEMS = 100_000
REPORTS = 20_000
TASKS = 10_000
RUNS = 15
TARGET_MS = 500.0


def build(rng: random.Random):
    from qingfeng.demo.services import seed_demo
    from qingfeng.intake.models import Report
    from qingfeng.ledger.models import Problem, ProblemEvent, RectificationTask
    from qingfeng.orgs.models import OrgUnit, Region

    seed_demo(seed=7, password="bench-password-2026")  # noqa: S106 (a throwaway database)
    villages = list(Region.objects.filter(level="village"))
    unit = OrgUnit.objects.filter(kind="department").first()
    sources = [s for s, _l in Problem.Source.choices]
    kinds = [k for k, _l in Problem.Kind.choices]
    end = timezone.now()
    span = 5 * 365 * 24 * 3600
    start_pk = (Problem.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    problems, events = [], []
    for i in range(PROBLEMS):
        village = rng.choice(villages)
        received = end - dt.timedelta(seconds=rng.randrange(span))
        closed = rng.random() < 0.7
        late = rng.random() < 0.12
        problems.append(
            Problem(
                number=f"B{i:08d}",
                region=village,
                scope_code=village.code,
                kind=rng.choice(kinds),
                source=rng.choice(sources),
                title="道路积水",
                description="村口道路积水",
                status="closed" if closed else rng.choice(Problem.OPEN_STATUSES),
                received_at=received,
                accepted_at=received + dt.timedelta(days=1),
                closed_at=received + dt.timedelta(days=rng.randrange(3, 60)) if closed else None,
                overdue=late and not closed,
            )
        )
    with transaction.atomic():
        Problem.objects.bulk_create(problems, batch_size=2000)
        made = list(
            Problem.objects.filter(pk__gte=start_pk).values_list("pk", "received_at", "region_id")
        )
        for pk, received, _region in made:
            if rng.random() < 0.12:
                events.append(
                    ProblemEvent(problem_id=pk, kind="overdue", at=received + dt.timedelta(days=20))
                )
        ProblemEvent.objects.bulk_create(events, batch_size=5000)
        ratings = ["satisfied", "basically", "unsatisfied", ""]
        Report.objects.bulk_create(
            (
                Report(
                    problem_id=pk,
                    village_id=region,
                    description="测试",
                    code_hash=f"bench{n}",
                    created_at=received,
                    rating=(r := rng.choice(ratings)),
                    rated_at=received + dt.timedelta(days=30) if r else None,
                )
                for n, (pk, received, region) in enumerate(rng.sample(made, REPORTS))
            ),
            batch_size=5000,
        )
        RectificationTask.objects.bulk_create(
            (
                RectificationTask(
                    problem_id=pk,
                    unit=unit,
                    requirement="整改",
                    due_date=(received + dt.timedelta(days=30)).date(),
                    status=rng.choice(["open", "submitted", "accepted", "accepted"]),
                    created_at=received + dt.timedelta(days=2),
                )
                for pk, received, _region in rng.sample(made, TASKS)
            ),
            batch_size=5000,
        )
    return len(problems), len(events)


def signed_in_client():
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from qingfeng.orgs.models import User

    leader = User.objects.filter(role="county_leader").order_by("pk").first()
    client = Client()
    client.force_login(leader)
    device, _ = TOTPDevice.objects.get_or_create(
        user=leader, name="bench", defaults={"confirmed": True}
    )
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def measure(client: Client, url: str) -> tuple[float, float]:
    assert client.get(url).status_code == 200, url
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95) - 1]


def main() -> int:
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    n_problems, n_events = build(random.Random(12))  # noqa: S311 (test data)
    print(
        f"qingfeng bench: insights dashboard, SQLite, {n_problems:,} problems over 5 years, "
        f"{n_events:,} overdue events, {REPORTS:,} reports, {TASKS:,} rectification tasks "
        f"(built in {time.perf_counter() - started:.0f} s); {RUNS} requests each (ms)"
    )
    client = signed_in_client()
    today = timezone.localdate()
    pages = {
        "dashboard, this month": "/office/insights/",
        "dashboard, last quarter": f"/office/insights/?p={today.year}Q{(today.month - 1) // 3 + 1}",
        "dashboard, this year": f"/office/insights/?p={today.year}",
        "villages to watch (重点村)": "/office/insights/villages/",
    }
    worst = 0.0
    for name, url in pages.items():
        median, p95 = measure(client, url)
        if url.startswith("/office/insights/?") or url == "/office/insights/":
            worst = max(worst, median)
        print(f"  {name:<28} median {median:7.1f}   p95 {p95:7.1f}")
    ok = worst <= TARGET_MS
    print(f"  target: dashboard median ≤ {TARGET_MS:.0f} ms:", "met" if ok else "NOT met")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
