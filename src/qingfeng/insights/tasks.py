"""Background work (django-tasks; the worker is `manage.py db_worker`)."""

from __future__ import annotations

from django_tasks import task

from qingfeng.core.jobs import on_abandoned
from qingfeng.insights import services


@task()
def write_report_task(report_id: int) -> dict:
    return services.report_write(report_id)


@on_abandoned(write_report_task)
def _report_abandoned(report_id: int) -> None:
    services.report_abandoned(report_id)
