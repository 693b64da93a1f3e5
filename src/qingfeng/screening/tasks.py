"""Background work (django-tasks; the worker is `manage.py db_worker`)."""

from __future__ import annotations

from django_tasks import task

from qingfeng.screening import services


@task()
def run_screening_task(run_id: int) -> dict:
    return services.run_execute(run_id=run_id)
