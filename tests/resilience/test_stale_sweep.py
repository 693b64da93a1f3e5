"""The sweep of tasks left running by a dead worker, in process: which workers count as gone,
and what becomes of the export they were writing (the subprocess test kills real workers)."""

from __future__ import annotations

import datetime as dt
import os
import socket
import subprocess
import sys

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from qingfeng.exports import services as exports
from qingfeng.exports.models import Download
from qingfeng.screening.models import WorkerBeat
from qingfeng.screening.stale import sweep_abandoned


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


@pytest.fixture
def running_export(world, settings, tmp_path):
    settings.QINGFENG_EXPORTS_DIR = tmp_path
    download = exports.start(
        actor=world.county_official, kind="ledger.problems", params={}, filename="a.xlsx", total=9
    )  # the immediate backend of the tests runs it at once: put it back to "being written"
    Download.objects.filter(pk=download.pk).update(status=Download.Status.RUNNING, path="")
    (tmp_path / f"{download.pk}-abc.part").write_bytes(b"half")

    def task(worker_id: str, *, host=None, pid=None, seen_ago=5) -> DBTaskResult:
        now = timezone.now()
        WorkerBeat.objects.update_or_create(
            worker_id=worker_id,
            defaults={
                "host": host or socket.gethostname(),
                "pid": pid or os.getpid(),
                "started_at": now - dt.timedelta(minutes=5),
                "seen_at": now - dt.timedelta(seconds=seen_ago),
            },
        )
        return DBTaskResult.objects.create(
            status="RUNNING",
            args_kwargs={"args": [download.pk], "kwargs": {}},
            task_path="qingfeng.exports.tasks.build_download_task",
            worker_ids=[worker_id],
            backend_name="default",
            run_after=now,
            started_at=now - dt.timedelta(seconds=30),
        )

    return download, task, tmp_path


def test_a_live_worker_keeps_its_task(running_export):
    download, task, _folder = running_export
    result = task("alive")  # this very process, seen 5 s ago
    assert sweep_abandoned(this_worker="me") == 0
    result.refresh_from_db()
    assert result.status == "RUNNING"
    download.refresh_from_db()
    assert download.status == Download.Status.RUNNING


@pytest.mark.parametrize(
    "how", [{"pid": "dead"}, {"seen_ago": 120}, {"host": "other-host", "seen_ago": 90}]
)
def test_a_dead_workers_task_is_failed_with_a_reason(running_export, how):
    download, task, folder = running_export
    kwargs = dict(how)
    if kwargs.get("pid") == "dead":
        kwargs["pid"] = _dead_pid()
    result = task("gone", **kwargs)
    assert sweep_abandoned(this_worker="me") == 1
    result.refresh_from_db()
    assert result.status == "FAILED"
    assert result.exception_class_path == "qingfeng.screening.stale.WorkerLost"
    download.refresh_from_db()
    assert download.status == Download.Status.FAILED
    assert "后台任务在生成文件时中断了" in download.error
    assert not list(folder.glob("*.part"))


def test_another_host_within_the_minute_is_given_time(running_export):
    _download, task, _folder = running_export
    task("elsewhere", host="other-host", pid=1, seen_ago=20)
    assert sweep_abandoned(this_worker="me") == 0
