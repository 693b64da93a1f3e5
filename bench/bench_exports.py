"""Ledger export at county scale: the county leader's 台账 of N problems (50k by default).

    .venv/bin/python bench/bench_exports.py [--problems 50000] [--skip-old]
    QINGFENG_VAR_DIR=<the folder it printed> .venv/bin/python bench/bench_exports.py --reuse

Sets itself up: a temporary SQLite database (QINGFENG_VAR_DIR), migrations, the demo county
(`seed-demo`), then N problems copied from the demo's in bulk (one in a hundred with a
formula-like description, one in ten with a rectification task). Each export runs in its own
process, so its peak RSS is its own: "old" is the openpyxl code the ledger used before issue 18
(kept below for the side-by-side ratio), "new" is what the worker runs now. The new file is then
opened with openpyxl: the row count must match and no cell may be a formula.
Targets (issue 18): new ≤ 5 s and ≤ 300 MB peak RSS for 50k rows.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import io
import json
import logging
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if "QINGFENG_VAR_DIR" not in os.environ:
    os.environ["QINGFENG_VAR_DIR"] = tempfile.mkdtemp(prefix="qingfeng-bench-exports-")
VAR = Path(os.environ["QINGFENG_VAR_DIR"])
os.environ["DJANGO_SETTINGS_MODULE"] = "qingfeng.settings_test"
os.environ.pop("DATABASE_URL", None)
sys.path.insert(0, str(ROOT / "src"))

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

EVIL = '=HYPERLINK("http://evil","x")'
LEADER = "leader1"


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# --- set-up ---------------------------------------------------------------------------------


def build(n: int) -> None:
    from qingfeng.ledger.models import Problem, RectificationTask
    from qingfeng.orgs.models import OrgUnit

    call_command("migrate", verbosity=0)
    logging.disable(logging.INFO)  # the demo's notifications
    with contextlib.redirect_stdout(io.StringIO()):
        call_command("seed_demo", verbosity=0)
    demo = list(Problem.objects.all())
    units = list(OrgUnit.objects.filter(kind="village_committee").values_list("pk", flat=True))
    assert demo and units, "the demo county has problems and village committees"
    now = timezone.now()
    start = time.perf_counter()
    with transaction.atomic():
        batch, tasks = [], []
        for i in range(n):
            p = demo[i % len(demo)]
            copy = Problem(
                **{
                    f.attname: getattr(p, f.attname)
                    for f in Problem._meta.concrete_fields
                    if not f.primary_key
                }
            )
            copy.number = f"BENCH{i:07d}"
            if i % 100 == 0:
                copy.description = EVIL
            batch.append(copy)
            if len(batch) == 5000:
                tasks += _flush(batch, units, now)
                batch = []
        if batch:
            tasks += _flush(batch, units, now)
    print(f"database and files in {VAR}")
    print(
        f"set-up: {Problem.objects.count()} problems, {RectificationTask.objects.count()} "
        f"rectification tasks, bulk-created in {time.perf_counter() - start:.1f} s"
    )


def _flush(batch, units, now) -> list:
    from qingfeng.ledger.models import Problem, RectificationTask

    made = Problem.objects.bulk_create(batch)
    tasks = [
        RectificationTask(
            problem=p,
            unit_id=units[k % len(units)],
            requirement="按规定整改到位",
            due_date=now.date(),
            created_at=now,
        )
        for k, p in enumerate(made)
        if k % 10 == 0 and p.pk
    ]
    RectificationTask.objects.bulk_create(tasks)
    return tasks


# --- the two ways, each in its own process -------------------------------------------------


def old_way(problems, out: Path) -> int:
    """The ledger's export before issue 18: openpyxl, styled cell by cell, saved in memory."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    from qingfeng.ledger.export import PROBLEM_COLUMNS, problem_rows

    wb = Workbook()
    ws = wb.active
    ws.title = "问题台账"
    ws.append([c.header for c in PROBLEM_COLUMNS])
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center")
    for index, column in enumerate(PROBLEM_COLUMNS, start=1):
        ws.column_dimensions[get_column_letter(index)].width = column.width
    count = 0
    for row in problem_rows(problems):
        ws.append([_old_date(v) for v in row])  # the old code wrote dates as ISO text
        count += 1
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "A2"
    buffer = io.BytesIO()
    wb.save(buffer)
    out.write_bytes(buffer.getvalue())
    return count


def _old_date(value):
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def new_way(user, out: Path) -> int:
    """What the worker runs for a big export (exports.services.build_file)."""
    from qingfeng.exports import services

    return services.build_file(user, "ledger.problems", {}, out)


def child(way: str, out: Path) -> None:
    from qingfeng.ledger import selectors
    from qingfeng.orgs.selectors import user_named

    user = user_named(LEADER)
    base = peak_mb()
    start, cpu = time.perf_counter(), time.process_time()
    rows = old_way(selectors.problem_list(user), out) if way == "old" else new_way(user, out)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    load = os.getloadavg()[0]
    print(
        json.dumps(
            {
                "seconds": seconds,
                "cpu": cpu,
                "load": load,
                "peak_mb": peak_mb(),
                "base_mb": base,
                "rows": rows,
            }
        )
    )


def run_child(way: str, out: Path) -> dict:
    done = subprocess.run(
        [sys.executable, __file__, "--child", way, "--out", str(out)],
        check=True,
        capture_output=True,
        text=True,
        env=os.environ,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def check(path: Path) -> tuple[int, int, int]:
    """(data rows, formula cells, formula-like text cells) as openpyxl reads the file."""
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True)
    ws = book.worksheets[0]
    rows = formulas = evil = 0
    for row in ws.iter_rows():
        rows += 1
        for cell in row:
            if cell.data_type == "f":
                formulas += 1
            elif cell.value == EVIL:
                evil += 1
    book.close()
    return rows, formulas, evil


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--problems", type=int, default=50000)
    parser.add_argument("--skip-old", action="store_true")
    parser.add_argument(
        "--reuse", action="store_true", help="QINGFENG_VAR_DIR already holds the built ledger"
    )
    parser.add_argument("--child", choices=["old", "new"])
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.out)
        return
    from qingfeng.ledger.models import Problem

    if not args.reuse:
        build(args.problems)
    expected = Problem.objects.count()
    results = {}
    for way in ["new"] if args.skip_old else ["old", "new"]:
        out = VAR / f"{way}.xlsx"
        results[way] = run_child(way, out)
        r = results[way]
        print(
            f"{way}: {r['rows']} rows in {r['seconds']:.1f} s ({r['cpu']:.1f} s of CPU; load "
            f"average {r['load']:.1f} on {os.cpu_count()} cores), peak RSS {r['peak_mb']:.0f} MB "
            f"(Django loaded: {r['base_mb']:.0f} MB), file {out.stat().st_size / 1e6:.1f} MB"
        )
    if "old" in results:
        ratio = results["old"]["seconds"] / results["new"]["seconds"]
        print(f"speed-up: {ratio:.1f}x")
        _rows, old_formulas, _evil = check(VAR / "old.xlsx")
        print(f"old file: {old_formulas} live formula cells from report text")
    rows, formulas, evil = check(VAR / "new.xlsx")
    header_lines = 2  # the filter line and the header row
    print(
        f"new file: {rows - header_lines} data rows (expected {expected}), {formulas} formula "
        f"cells, {evil} formula-like texts kept as text"
    )
    new = results["new"]
    ok = (
        rows - header_lines == expected
        and formulas == 0
        and evil > 0
        and new["seconds"] <= 5
        and new["peak_mb"] <= 300
    )
    print("targets (≤ 5 s, ≤ 300 MB, right row count, no formula):", "met" if ok else "NOT met")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
