"""Tasks abandoned by a worker that died in the middle (SIGKILL, the OOM killer, a reboot):
django-tasks' database backend leaves them "running" for ever. At start, and every minute, the
worker fails each one whose worker is gone, after the task's app has marked its own record
failed with a reason (qingfeng.core.jobs) and removed what was half written.

A worker is gone when it has not reported in for a minute, or at once when it ran on this
machine and its process no longer exists (a restart after a kill needs no wait)."""

from __future__ import annotations

import contextlib
import logging
import os
import socket

from django.utils import timezone
from django.utils.module_loading import import_string

from qingfeng.core.jobs import abandoned_handler

log = logging.getLogger(__name__)


class WorkerLost(Exception):
    """Recorded on a task whose worker stopped while running it."""


def _process_exists(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, under another user
        return True
    return True


def worker_gone(worker_id: str, started_at, now) -> bool:
    from qingfeng.screening.models import WorkerBeat
    from qingfeng.screening.worker import SILENT_AFTER

    beat = WorkerBeat.objects.filter(worker_id=worker_id).first()
    if beat is None:  # never reported in: give it the minute a heartbeat may take
        return started_at is None or started_at < now - SILENT_AFTER
    if beat.seen_at < now - SILENT_AFTER:
        return True
    return beat.host == socket.gethostname()[:200] and not _process_exists(beat.pid)


def sweep_abandoned(*, this_worker: str, now=None) -> int:
    """Fail the tasks left running by dead workers; how many."""
    from django_tasks_db.models import DBTaskResult

    now = now or timezone.now()
    count = 0
    for result in DBTaskResult.objects.running():
        owner = result.worker_ids[-1] if result.worker_ids else ""
        if owner == this_worker or not worker_gone(owner, result.started_at, now):
            continue
        with contextlib.suppress(ImportError):
            import_string(result.task_path)  # its module registers the handler
        handler = abandoned_handler(result.task_path)
        try:
            if handler is not None:
                handler(*result.args_kwargs.get("args", []), **result.args_kwargs.get("kwargs", {}))
        except Exception:
            log.exception("could not mark abandoned task %s failed", result.pk)
        result.set_failed(WorkerLost(f"worker {owner} stopped while running this task"))
        log.warning("task %s (%s) was abandoned by worker %s", result.pk, result.task_path, owner)
        count += 1
    return count
