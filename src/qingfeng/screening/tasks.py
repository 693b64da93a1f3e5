"""Background work (django-tasks; the worker is `manage.py worker`, see worker.py)."""

from __future__ import annotations

from django_tasks import task

from qingfeng.core.jobs import on_abandoned
from qingfeng.screening import services


@task()
def run_screening_task(run_id: int) -> dict:
    return services.run_execute(run_id=run_id)


@task()
def check_dataset_task(dataset_id: int) -> dict:
    return services.dataset_check(dataset_id=dataset_id)


@on_abandoned(run_screening_task)
def _run_abandoned(run_id: int) -> None:
    services.run_abandoned(run_id)


@on_abandoned(check_dataset_task)
def _check_abandoned(dataset_id: int) -> None:
    services.dataset_abandoned(dataset_id)
