"""Background work of the open API (django-tasks; the worker is `manage.py worker`)."""

from __future__ import annotations

from django_tasks import task

from qingfeng.api import webhooks


@task()
def deliver_webhook_task(delivery_id: int) -> str:
    return webhooks.deliver(delivery_id)
