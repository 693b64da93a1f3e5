"""Cross-village assignment for the whole demo county: 136 villages, an integrity monitor in
every village (two in every third), the demo's family links and posts for recusal.

    .venv/bin/python bench/bench_inspections_assign.py

Sets itself up (a temporary SQLite database, migrations, `seed-demo`), appoints the monitors,
sets up a county round over every village and times `round_assign` end to end (recusal reads,
the previous round for rotation, the matching, the writes), for a first and a second round.
Target (issue 15): under a second. Every pair is then checked against recusal and rotation."""

from __future__ import annotations

import datetime as dt
import io
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
VAR = tempfile.mkdtemp(prefix="qingfeng-bench-inspections-")
os.environ.update(
    QINGFENG_VAR_DIR=VAR, QINGFENG_DEBUG="1", DJANGO_SETTINGS_MODULE="qingfeng.settings"
)
os.environ.pop("DATABASE_URL", None)

import django  # noqa: E402

django.setup()

import logging  # noqa: E402

from django.core.management import call_command  # noqa: E402

logging.disable(logging.INFO)


def main() -> None:
    from qingfeng.inspections import services
    from qingfeng.ledger import recusal
    from qingfeng.orgs import monitors
    from qingfeng.orgs import selectors as orgs
    from qingfeng.orgs.services import DEMO_COUNTY_CODE

    call_command("migrate", verbosity=0)
    call_command("seed_demo", stdout=io.StringIO())
    admin = orgs.user_named("admin")
    county = monitors.county_of(DEMO_COUNTY_CODE)
    villages = list(orgs.villages_under(DEMO_COUNTY_CODE).order_by("code"))
    serving = {m.village_id for m in monitors.monitors_under(DEMO_COUNTY_CODE[:6])}
    for n, village in enumerate(villages):
        people = list(orgs.village_residents(village)[:2])
        for person in people[: 2 if n % 3 == 0 else 1]:
            if village.pk in serving and person is people[0]:
                continue
            monitors.monitor_appoint(
                actor=admin,
                person=person,
                village=village,
                kind="discipline",
                term_start=dt.date(2025, 1, 1),
            )
    inspectors = list(monitors.monitors_under(DEMO_COUNTY_CODE[:6]))
    print(f"villages: {len(villages)}, monitors: {len(inspectors)}")
    worst = 0.0
    previous: list = []
    for k, starts in enumerate([dt.date(2026, 3, 1), dt.date(2026, 9, 1)]):
        round_ = services.round_create(
            actor=admin,
            region=county,
            kind="patrol",
            name=f"bench {k}",
            starts_on=starts,
            ends_on=starts + dt.timedelta(days=30),
            villages=villages,
        )
        started = time.perf_counter()
        services.assignment_plan(round_)
        print(
            f"  the plan alone (reads + matching): {(time.perf_counter() - started) * 1000:.0f} ms"
        )
        if os.environ.get("PROFILE"):
            import cProfile
            import pstats

            prof = cProfile.Profile()
            prof.enable()
            services.round_assign(actor=admin, round_=round_)
            prof.disable()
            pstats.Stats(prof).sort_stats("cumulative").print_stats(25)
        started = time.perf_counter()
        plan = services.round_assign(actor=admin, round_=round_)
        elapsed = time.perf_counter() - started
        worst = max(worst, elapsed)
        print(
            f"round {k + 1}: {len(plan.pairs)} assigned, {len(plan.unassigned)} without a free "
            f"inspector, {elapsed * 1000:.0f} ms"
        )
        barred = recusal.village_conflicts(m.person for m in inspectors)
        pairs = list(round_.assignments.values_list("inspector_id", "village__code"))
        assert all(code not in barred[pid] for pid, code in pairs), "a conflicted pair"
        if k:
            assert not set(pairs) & set(previous), "a repeated pair"
        previous = pairs
    print(f"target: assignment under 1 s -> {'OK' if worst < 1 else 'MISSED'} ({worst:.2f} s)")


if __name__ == "__main__":
    try:
        main()
    finally:
        shutil.rmtree(VAR, ignore_errors=True)
