"""The check in the worker leaves no file behind when killed; the worker outlives a held lock."""

from __future__ import annotations

import datetime as dt
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.utils import timezone

from qingfeng.screening import datafiles, services
from qingfeng.screening.models import DataSet
from tests.conftest import VILLAGE_A1
from tests.screening.conftest import DEAD_A1

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


def _env(**extra) -> dict:
    env = dict(os.environ, QINGFENG_DEBUG="1", DJANGO_SETTINGS_MODULE="qingfeng.settings")
    env.pop("PYTEST_CURRENT_TEST", None)
    env.pop("QINGFENG_TESTING", None)  # the real task backend, as in production
    env.update(extra)
    return env


def _big_gbk_payments(path: Path, rows: int) -> None:
    line = f"2024-01-05,低保金,{DEAD_A1},张三丰,{VILLAGE_A1},800,6222000000000001\n"
    with path.open("w", encoding="gbk") as f:
        f.write("发放日期,项目,身份证号,姓名,村代码,金额,银行账号\n")
        for _ in range(rows // 1000):
            f.write(line * 1000)


def test_a_check_killed_midway_leaves_no_file_once_swept(world, settings, tmp_path):
    data_dir = settings.SCREENING_DATA_DIR
    folder = datafiles.new_folder()
    original = datafiles.folder_path(folder) / "original-0.csv"
    _big_gbk_payments(original, 1_500_000)  # GBK: the check writes a UTF-8 copy in work/
    own_tmp = tmp_path / "system-tmp"
    own_tmp.mkdir()
    files = [{"name": "发放.csv", "stored": "original-0.csv", "size": original.stat().st_size}]
    script = (
        "import django; django.setup()\n"
        "from qingfeng.screening import datafiles\n"
        f"datafiles.check({folder!r}, 'payments', {files!r}, None)\n"
    )
    child = subprocess.Popen(
        [sys.executable, "-c", script],
        env=_env(QINGFENG_SCREENING_DATA_DIR=str(data_dir), TMPDIR=str(own_tmp)),
        cwd=ROOT,
    )
    work = datafiles.folder_path(folder) / "work"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not any(work.glob("*")):
        time.sleep(0.01)
    assert any(work.glob("*")), "the check never started writing its work files"
    os.kill(child.pid, signal.SIGKILL)
    assert child.wait() == -signal.SIGKILL
    assert any(work.glob("*"))  # killed: what it wrote is still there, in one place

    dataset = DataSet.objects.create(
        region=world.county,
        kind="payments",
        as_of=dt.date(2024, 5, 1),
        version=1,
        original_name="发放.csv",
        folder=folder,
        files=files,
        status=DataSet.Status.CHECKING,
        check_seen_at=timezone.now() - dt.timedelta(minutes=1),
        uploaded_at=timezone.now(),
    )
    assert services.datasets_sweep() == 0  # still within the grace period: left alone
    assert services.datasets_sweep(now=timezone.now() + dt.timedelta(minutes=2)) == 1
    dataset.refresh_from_db()
    assert dataset.status == DataSet.Status.INVALID
    assert (
        "中断" in dataset.problems[0]["message"] or "interrupted" in dataset.problems[0]["message"]
    )
    assert not datafiles.folder_path(folder).exists()
    assert list(own_tmp.iterdir()) == []  # nothing in the system temp folder either


def test_a_failed_check_keeps_only_the_upload(world, upload):
    dataset = upload(
        world.department_user, world.county, "payments", "发放日期,项目\n2024-13-01,x\n"
    )
    assert dataset.status == DataSet.Status.MAPPING or dataset.status == DataSet.Status.INVALID
    kept = sorted(p.name for p in datafiles.folder_path(dataset.folder).iterdir())
    assert kept == ["original-0.csv"]


def test_the_worker_survives_a_database_lock_held_longer_than_its_timeout(tmp_path):
    db = tmp_path / "q.sqlite3"
    env = _env(
        DATABASE_URL=f"sqlite:///{db}",
        QINGFENG_SQLITE_TIMEOUT="0.5",
        QINGFENG_VAR_DIR=str(tmp_path / "var"),
    )
    manage = [sys.executable, "-m", "django"]
    subprocess.run([*manage, "migrate", "-v0"], env=env, cwd=ROOT, check=True)
    worker = subprocess.Popen(
        [*manage, "worker", "--no-reload", "--interval", "0.2", "--no-startup-delay"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        beats = _wait_for_beat(db, after=0.0)
        holder = sqlite3.connect(db, timeout=5)
        holder.execute("BEGIN EXCLUSIVE")  # what a long upload did to the old worker
        time.sleep(4)  # eight times the worker's busy timeout
        assert worker.poll() is None, "the worker died while the database was locked"
        holder.rollback()
        holder.close()
        assert _wait_for_beat(db, after=beats) > beats  # and it beats again afterwards
        assert worker.poll() is None
    finally:
        worker.send_signal(signal.SIGTERM)
        try:
            worker.wait(timeout=10)
        except subprocess.TimeoutExpired:
            worker.kill()


def _wait_for_beat(db: Path, after: float) -> float:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            con = sqlite3.connect(db, timeout=1)
            row = con.execute("SELECT max(seen_at) FROM screening_workerbeat").fetchone()
            con.close()
        except sqlite3.OperationalError:
            row = None
        if row and row[0]:
            seen = dt.datetime.fromisoformat(row[0]).timestamp()
            if seen > after:
                return seen
        time.sleep(0.2)
    raise AssertionError("no heartbeat from the worker")


def test_the_office_says_when_no_worker_reported_in_for_a_minute(world, login, monkeypatch):
    from django.urls import reverse

    from qingfeng.screening import worker
    from qingfeng.screening.models import ScreeningRun, WorkerBeat

    monkeypatch.setattr(worker, "needs_worker", lambda: True)  # as with the database backend
    banner = "后台任务未运行，请联系管理员"
    run = ScreeningRun.objects.create(
        region=world.county, created_at=timezone.now(), started_by=world.county_official
    )
    admin = login(world.admin)
    assert banner in admin.get(reverse("office:inbox")).content.decode()
    official = login(world.county_official)
    run_url = reverse("office:screening:run", args=[run.pk])
    assert banner in official.get(run_url).content.decode()
    worker.beat("w1", timezone.now())
    assert worker.worker_running()
    assert banner not in official.get(run_url).content.decode()
    WorkerBeat.objects.update(seen_at=timezone.now() - dt.timedelta(seconds=61))
    assert not worker.worker_running()


def test_tasks_need_a_worker_with_the_database_backend_only():
    from qingfeng.screening import worker

    script = (
        "import django; django.setup()\n"
        "from qingfeng.screening.worker import needs_worker; print(needs_worker())\n"
    )
    production = subprocess.run(
        [sys.executable, "-c", script], env=_env(), cwd=ROOT, capture_output=True, text=True
    )
    assert production.stdout.strip() == "True"
    assert worker.needs_worker() is False  # the tests' immediate backend runs tasks at once
