"""The background worker that stays up: django-tasks' database worker, plus
- a heartbeat (WorkerBeat) written every BEAT seconds from its own thread, also while a long
  task runs, so that the office can tell administrators when no worker is running;
- a sweep, every minute, of checks and uploads that were abandoned (their files removed);
- at start and every minute, tasks left running by a worker that died are failed, their
  records marked failed with a reason (screening/stale.py, core/jobs.py);
- "database is locked" (SQLite under a long write elsewhere) waited out and tried again, in
  claiming a task, in recording its outcome and in the loop itself, instead of dying.

Run it as `qingfeng manage worker` (systemd restarts it if it ever exits; `qingfeng serve`
does the same for development).
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
import threading
import time

from django.db import OperationalError, close_old_connections, connection
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Worker

from qingfeng.screening.retry import is_locked, when_unlocked

log = logging.getLogger(__name__)

BEAT = 10.0  # seconds between heartbeats
SWEEP_EVERY = 60.0
SILENT_AFTER = dt.timedelta(seconds=60)  # no heartbeat for this long: no worker running


def needs_worker() -> bool:
    """Whether tasks wait in the database for a worker (not under the tests' immediate one)."""
    from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends
    from django_tasks_db.backend import DatabaseBackend

    # the backend itself: `default_task_backend` is a proxy, never an instance of it
    return isinstance(task_backends[DEFAULT_TASK_BACKEND_ALIAS], DatabaseBackend)


def worker_running(now=None) -> bool:
    """Whether a worker reported in within the last minute (always, when tasks run at once)."""
    from qingfeng.screening.models import WorkerBeat

    if not needs_worker():
        return True
    now = now or timezone.now()
    return WorkerBeat.objects.filter(seen_at__gte=now - SILENT_AFTER).exists()


def beat(worker_id: str, started_at: dt.datetime) -> None:
    """Say the worker is alive (a technical write: no audit entry)."""
    from qingfeng.screening.models import WorkerBeat

    now = timezone.now()
    WorkerBeat.objects.update_or_create(
        worker_id=worker_id,
        defaults={
            "host": socket.gethostname()[:200],
            "pid": os.getpid(),
            "started_at": started_at,
            "seen_at": now,
        },
    )
    # forget workers gone for a day
    WorkerBeat.objects.filter(seen_at__lt=now - dt.timedelta(days=1)).delete()


class Heart(threading.Thread):
    """Beats and sweeps from its own thread (and so its own database connection)."""

    def __init__(self, worker_id: str):
        super().__init__(name="qingfeng-heartbeat", daemon=True)
        self.worker_id, self.started_at = worker_id, timezone.now()
        self.stopping = threading.Event()
        self.last_sweep = 0.0

    def run(self) -> None:
        from qingfeng.screening import services, stale

        try:
            while not self.stopping.is_set():
                try:
                    beat(self.worker_id, self.started_at)
                    if time.monotonic() - self.last_sweep >= SWEEP_EVERY:
                        self.last_sweep = time.monotonic()
                        services.datasets_sweep()
                        services.runs_sweep()
                        stale.sweep_abandoned(this_worker=self.worker_id)
                except Exception:  # a locked database, a lost connection: beat again later
                    log.warning("heartbeat failed; trying again", exc_info=True)
                    close_old_connections()
                self.stopping.wait(BEAT)
        finally:
            connection.close()


class SteadyWorker(Worker):
    """db_worker's Worker, which waits out a locked database instead of dying."""

    def run(self) -> None:
        while self.running:
            try:
                super().run()
                return
            except OperationalError as exc:
                if not is_locked(exc):
                    raise
                log.warning("database is locked in the worker loop; going on")
                close_old_connections()
                time.sleep(1.0)

    def run_task(self, db_task_result) -> None:
        # record the outcome even if the database is locked just then
        set_successful, set_failed = db_task_result.set_successful, db_task_result.set_failed
        db_task_result.set_successful = lambda value: when_unlocked(lambda: set_successful(value))
        db_task_result.set_failed = lambda exc: when_unlocked(lambda: set_failed(exc))
        super().run_task(db_task_result)
