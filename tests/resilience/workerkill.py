"""Helpers for the worker-kill tests: a throwaway site (SQLite file under a temporary var
folder) driven through subprocesses, and a worker whose jobs stop in the middle."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# A worker whose three kinds of job write part of their output, report progress, then hang:
# the test kills it there, as the OOM killer or a reboot would.
SLOW_WORKER = """
import os, sys, time
import django
django.setup()
from qingfeng.exports import services as exports
from qingfeng.insights import pdf
from qingfeng.screening import services as screening

def build_file(user, kind, params, target, progress=None):
    with open(target, "wb") as handle:
        handle.write(b"PK half a workbook")
    progress(1)
    time.sleep(600)

def render(viewer, area, period, progress=None, kind=""):
    progress(0.5)
    time.sleep(600)

def screen(*args, progress=None, work_dir=None, **kwargs):
    (work_dir / "half.parquet").write_bytes(b"half")
    progress(0.3, "rules")
    time.sleep(600)

exports.build_file, pdf.render, screening.screen = build_file, render, screen
from django.core.management import call_command
call_command("worker", "--no-reload", "--interval", "0.2")
"""

WORKER = """
import django
django.setup()
from django.core.management import call_command
call_command("worker", "--no-reload", "--interval", "0.2")
"""

SETUP = """
import datetime as dt
import django
django.setup()
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
call_command("migrate", verbosity=0)
from qingfeng.orgs.setup import county_init
from qingfeng.exports import services as exports
from qingfeng.insights import services as insights
from qingfeng.screening.models import ScreeningRun
from qingfeng.screening.tasks import run_screening_task
start = county_init(code="330101000000", name="测试县")
exports.start(actor=start.admin, kind="ledger.problems", params={}, filename="问题.xlsx", total=9)
insights.schedule_reports(today=dt.date(2026, 12, 1))
with transaction.atomic():
    run = ScreeningRun.objects.create(region=start.county, created_at=timezone.now())
    run_screening_task.enqueue(run.pk)
"""


def site_env(var: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "QINGFENG_TESTING")}
    env.update(
        QINGFENG_VAR_DIR=str(var),
        QINGFENG_DEBUG="1",
        DJANGO_SETTINGS_MODULE="qingfeng.settings",
        QINGFENG_LOG_LEVEL="WARNING",
    )
    return env


def python(code: str, env: dict[str, str], **kwargs) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", code],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        **kwargs,
    )


def query(var: Path, sql: str, *args) -> list[tuple]:
    db = sqlite3.connect(var / "qingfeng.sqlite3", timeout=20)
    try:
        return db.execute(sql, args).fetchall()
    finally:
        db.close()


def wait_for(condition, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")


# An import of two townships and a village that stops inside its transaction, after writing.
IMPORT = """
import sys, time
from pathlib import Path
import django
django.setup()
from openpyxl import Workbook
from qingfeng.orgs import setup
from qingfeng.orgs.workbook import apply as workbook_apply

folder = Path(sys.argv[1])
book = Workbook()
sheet = book.active
sheet.title = "行政区划"
sheet.append(["区划代码", "名称"])
sheet.append(["330101100000", "甲镇"])
sheet.append(["330101200000", "乙乡"])
sheet.append(["330101100201", "东村"])
book.save(folder / "组织机构.xlsx")
real_apply = workbook_apply.apply

def apply_then_hang(plan):
    applied = real_apply(plan)
    (folder / "applied").write_text("written, not committed")
    time.sleep(600)
    return applied

if sys.argv[2] == "hang":
    workbook_apply.apply = apply_then_hang
result = setup.orgs_import(actor=None, path=folder / "组织机构.xlsx", dry_run=False)
assert result.plan.ok, [str(e) for e in result.plan.errors]
"""
