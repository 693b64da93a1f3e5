"""The worker killed (SIGKILL) in the middle of an export, a report and a screening run: on
restart each job is failed with a reason in Chinese, its half-written files are gone and the
next job runs. Real processes against a throwaway SQLite site (never the test database)."""

from __future__ import annotations

import signal
import subprocess
import sys

import pytest

from tests.resilience.workerkill import (
    IMPORT,
    SETUP,
    SLOW_WORKER,
    WORKER,
    python,
    query,
    site_env,
    wait_for,
)

JOBS = {
    # table, what marks it as midway through its work
    "export": ("exports_download", "status = 'running' AND rows_done = 1"),
    "report": ("insights_supervisionreport", "status = 'running' AND progress = 0.5"),
    "run": ("screening_screeningrun", "status = 'running' AND progress > 0.29"),
}


def _midway(var, done) -> str | None:
    for job, (table, where) in JOBS.items():
        if job not in done and query(var, f"SELECT count(*) FROM {table} WHERE {where}")[0][0]:
            return job
    return None


def _failed(var, job) -> list[tuple]:
    table = JOBS[job][0]
    return query(var, f"SELECT status, error FROM {table}")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    var = tmp_path_factory.mktemp("killed-site")
    setup = python(SETUP, site_env(var))
    _out, err = setup.communicate(timeout=180)
    assert setup.returncode == 0, err.decode()
    return var


def test_jobs_killed_midway_are_failed_on_restart_with_nothing_half_written(site):
    env = site_env(site)
    killed = []
    for _round in range(3):
        worker = python(SLOW_WORKER, env)
        try:
            job = wait_for(lambda: _midway(site, killed), 60, "a job midway")
            if job == "export":
                assert list((site / "exports").glob("*.part"))  # half a file on disk
            if job == "run":
                assert list((site / "screening" / "runs").iterdir())  # its work folder
        finally:
            worker.send_signal(signal.SIGKILL)
            worker.wait(timeout=30)
        killed.append(job)
    assert sorted(killed) == ["export", "report", "run"]

    worker = python(WORKER, env)
    try:
        wait_for(
            lambda: all(_failed(site, job)[0][0] == "failed" for job in JOBS),
            60,
            "the killed jobs to be failed by the restarted worker",
        )
    finally:
        worker.send_signal(signal.SIGTERM)
        worker.wait(timeout=60)

    for job in JOBS:
        [(status, error)] = _failed(site, job)
        assert status == "failed"
        assert "后台" in error, (job, error)  # a reason the user can read
    assert not list((site / "exports").glob("*.part"))
    assert not list((site / "screening" / "runs").glob("*"))
    assert query(site, "SELECT count(*) FROM screening_hit")[0][0] == 0
    assert query(site, "SELECT file FROM insights_supervisionreport") == [("",)]
    tasks = query(
        site, "SELECT status, exception_class_path FROM django_tasks_database_dbtaskresult"
    )
    assert sorted(tasks) == [("FAILED", "qingfeng.screening.stale.WorkerLost")] * 3


def test_an_import_killed_inside_its_transaction_leaves_nothing(site, tmp_path):
    env = site_env(site)
    regions = "SELECT count(*) FROM orgs_region"
    before = query(site, regions)[0][0]
    importer = subprocess.Popen(
        [sys.executable, "-c", IMPORT, str(tmp_path), "hang"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    try:
        wait_for(lambda: (tmp_path / "applied").exists(), 90, "the import to write its rows")
    finally:
        importer.send_signal(signal.SIGKILL)
        importer.wait(timeout=30)
    assert query(site, regions)[0][0] == before  # nothing of the import was committed
    assert query(site, "PRAGMA integrity_check") == [("ok",)]

    again = subprocess.run(
        [sys.executable, "-c", IMPORT, str(tmp_path), "run"],
        env=env, capture_output=True, timeout=120, check=False,
    )  # fmt: skip
    assert again.returncode == 0, again.stderr.decode()[-2000:]
    assert query(site, regions)[0][0] == before + 3
