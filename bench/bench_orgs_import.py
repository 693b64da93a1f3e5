"""A real county's organisation workbook (issue 19): 20 townships, 500 villages, 60k people,
2k users, through `import-orgs` on a throwaway database: the template check, the dry run, the
real run, a no-op re-import and the next term's 换届; then a province's region list (about
30k villages) imported as regions alone. Target: the county import ≤ 60 s on 2 cores.

    .venv/bin/python bench/bench_orgs_import.py            (SQLite)
    scripts/with-postgres.sh .venv/bin/python bench/bench_orgs_import.py
    QINGFENG_BENCH_SMALL=1 ...                              (a quick check at 1/10 scale)
"""

from __future__ import annotations

import os
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))
VAR = tempfile.mkdtemp(prefix="qingfeng-bench-orgs-")
os.environ.update(
    QINGFENG_VAR_DIR=VAR, QINGFENG_DEBUG="1", DJANGO_SETTINGS_MODULE="qingfeng.settings"
)

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from openpyxl import Workbook  # noqa: E402
from tests.orgs import county_workbook as cw  # noqa: E402

from qingfeng.orgs import services  # noqa: E402

SMALL = bool(os.environ.get("QINGFENG_BENCH_SMALL"))
TARGET_S = 60.0


def timed(label: str, fn):
    started = time.perf_counter()
    value = fn()
    elapsed = time.perf_counter() - started
    print(f"{label:<44} {elapsed:8.2f} s")
    return elapsed, value


def province_regions(path: Path, counties: int, townships: int, villages: int) -> int:
    """A statistics-bureau style list: province and prefecture rows too (skipped)."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet("行政区划")
    sheet.append(["统计用区划代码", "城乡分类代码", "名称"])
    sheet.append(["450000000000", "", "某某自治区"])
    rows = 1
    for c in range(counties):
        prefecture = f"45{1 + c // 10:02d}00000000"
        if c % 10 == 0:
            sheet.append([prefecture, "", f"某某市{c // 10}"])
        county = f"45{1 + c // 10:02d}{21 + c % 10:02d}000000"
        sheet.append([county, "", f"某{c}县"])
        for t in range(townships):
            township = f"{county[:6]}{100 + t:03d}000"
            sheet.append([township, "", f"{c}县{t}镇"])
            for v in range(villages):
                sheet.append([f"{township[:9]}{200 + v:03d}", "220", f"{c}县{t}镇{v}村委会"])
                rows += 1
    book.save(path)
    return rows


def main() -> None:
    engine = "PostgreSQL" if os.environ.get("DATABASE_URL") else f"SQLite in {VAR}"
    print(f"database: {engine}")
    call_command("migrate", verbosity=0)
    scale = (
        dict(townships=4, villages=12, residents=110, users_per_township=10)
        if SMALL
        else dict(townships=20, villages=25, residents=110, users_per_township=99)
    )
    rows = cw.build(**scale)
    people = len({r[1] for r in rows["people"]})
    print(
        f"county: {len(rows['regions'])} regions, {len(rows['units'])} units, {people} people, "
        f"{len(rows['people'])} person rows, {len(rows['relations'])} relations, "
        f"{len(rows['users'])} users"
    )
    path = cw.write(rows, Path(VAR) / "county.xlsx")
    services.county_init(code=cw.COUNTY, name=cw.COUNTY_NAME)
    _dry, result = timed(
        "dry run (read + check + diff)",
        lambda: services.orgs_import(actor=None, path=path, dry_run=True),
    )
    assert result.plan.ok, [str(e) for e in result.plan.errors[:5]]
    real, result = timed(
        "import (check + write, one transaction)",
        lambda: services.orgs_import(actor=None, path=path, dry_run=False),
    )
    assert result.plan.ok and len(result.applied.credentials) == len(rows["users"])
    _again, result = timed(
        "re-import, nothing changed (dry run)",
        lambda: services.orgs_import(actor=None, path=path, dry_run=True),
    )
    changed = {p: c["new"] + c["changed"] + c["ended"] for p, c in result.plan.counts().items()}
    assert not any(changed.values()), changed
    path2 = cw.write(cw.build(**scale, term=2), Path(VAR) / "county-term2.xlsx")
    _term2, result = timed(
        "next term 换届 (check + write)",
        lambda: services.orgs_import(actor=None, path=path2, dry_run=False),
    )
    print(f"  换届 posts: {result.plan.counts()['posts']}")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS so far: {peak:.0f} MB")

    province = Path(VAR) / "province.xlsx"
    shape = (10, 10, 30) if SMALL else (100, 15, 20)
    villages = province_regions(province, *shape)
    print(f"province list: {villages} villages in {shape[0]} counties")
    _prov, result = timed(
        "province regions alone (check + write)",
        lambda: services.orgs_import(actor=None, path=province, dry_run=False),
    )
    assert result.plan.ok, [str(e) for e in result.plan.errors[:5]]
    print(
        f"  regions new: {result.plan.counts()['regions']['new']}, "
        f"skipped (province/prefecture): {result.plan.skipped_regions}"
    )
    print(f"peak RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    verdict = "met" if real <= TARGET_S else "MISSED"
    print(f"county import {real:.1f} s against a target of {TARGET_S:.0f} s: {verdict}")
    if real > TARGET_S and not SMALL:
        sys.exit(1)


if __name__ == "__main__":
    main()
