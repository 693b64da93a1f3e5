"""`qingfeng manage ledger_check`: the daily 再监督 check, for cron (e.g. 0 6 * * *).

--enqueue hands it to the task worker instead of running it here; --today runs it as of
another date (for rehearsals)."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand
from django.utils import timezone

from qingfeng.ledger import services
from qingfeng.ledger.tasks import check_deadlines_task


class Command(BaseCommand):
    help = "Flag overdue problems and escalate them to the level above (再监督)."

    def add_arguments(self, parser):
        parser.add_argument("--enqueue", action="store_true", help="run it on the task worker")
        parser.add_argument("--today", help="YYYY-MM-DD: check as of this date")

    def handle(self, *args, enqueue=False, today=None, **options):
        if enqueue:
            result = check_deadlines_task.enqueue()
            self.stdout.write(f"enqueued {result.id}")
            return
        now = None
        if today:
            day = dt.date.fromisoformat(today)
            now = timezone.make_aware(dt.datetime.combine(day, dt.time(6, 0)))
        counts = services.check_deadlines(now=now)
        self.stdout.write(" ".join(f"{k}={v}" for k, v in counts.items()))
