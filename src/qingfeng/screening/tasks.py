"""Background work (django-tasks; the worker is `manage.py worker`, see worker.py)."""

from __future__ import annotations

from django_tasks import task

from qingfeng.screening import services


@task()
def run_screening_task(run_id: int) -> dict:
    return services.run_execute(run_id=run_id)


@task()
def check_dataset_task(dataset_id: int) -> dict:
    return services.dataset_check(dataset_id=dataset_id)
