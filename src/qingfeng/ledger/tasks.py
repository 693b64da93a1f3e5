"""Background work: the daily deadline check (django-tasks; also `manage.py ledger_check`)."""

from __future__ import annotations

from django_tasks import task

from qingfeng.ledger import services


@task()
def check_deadlines_task() -> dict[str, int]:
    return services.check_deadlines()
