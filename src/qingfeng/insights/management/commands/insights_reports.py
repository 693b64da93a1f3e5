"""`qingfeng manage insights_reports`: on the first of the month, queue last month's (and at a
quarter's start, last quarter's) 监督工作报告 for every county. For cron: `0 5 1 * *`."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand

from qingfeng.insights import services


class Command(BaseCommand):
    help = "Queue the monthly and quarterly supervision reports for every county."

    def add_arguments(self, parser):
        parser.add_argument("--today", type=dt.date.fromisoformat, default=None)

    def handle(self, *args, today=None, **options):
        made = services.schedule_reports(today=today)
        self.stdout.write(f"queued {len(made)} report(s)")
