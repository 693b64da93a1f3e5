"""Background work (django-tasks; the worker is `manage.py db_worker`)."""

from __future__ import annotations

from django_tasks import task

from qingfeng.core.jobs import on_abandoned
from qingfeng.exports import services


@task()
def build_download_task(download_id: int) -> dict:
    return services.run(download_id)


@on_abandoned(build_download_task)
def _download_abandoned(download_id: int) -> None:
    services.abandoned(download_id)
