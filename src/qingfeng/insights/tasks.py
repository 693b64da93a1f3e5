"""Background work (django-tasks; the worker is `manage.py db_worker`)."""

from __future__ import annotations

from django_tasks import task

from qingfeng.insights import services


@task()
def write_report_task(report_id: int) -> dict:
    return services.report_write(report_id)
