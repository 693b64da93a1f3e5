"""`manage.py worker`: django-tasks' db_worker with a heartbeat, a sweep of abandoned checks,
and patience with a locked SQLite database (see qingfeng.screening.worker)."""

from __future__ import annotations

from django_tasks_db.management.commands import db_worker

from qingfeng.screening import stale
from qingfeng.screening.worker import Heart, SteadyWorker


class Command(db_worker.Command):
    help = "Run the background worker (tasks, heartbeat, sweep of abandoned uploads)"

    def handle(self, *args, **options):
        # before taking new work: what a killed predecessor left running is failed
        stale.sweep_abandoned(this_worker=options["worker_id"])
        heart = Heart(options["worker_id"])
        heart.start()
        db_worker.Worker = SteadyWorker  # handle() builds its Worker from this name
        try:
            return super().handle(*args, **options)
        finally:
            heart.stopping.set()
