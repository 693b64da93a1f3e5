"""Server time of a village's public pages with 500 disclosure rows (issue 4: median < 50 ms).

Sets itself up: a temporary SQLite database, migrations, a county template adopted by one
village, and a 500-row finance disclosure plus 40 other batches. Prints the median and p95
of each page, and checks the conditional GET answers 304.

    .venv/bin/python bench/bench_village_page.py
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "src")]
os.environ["QINGFENG_VAR_DIR"] = tempfile.mkdtemp(prefix="qingfeng-bench-")
os.environ["DJANGO_SETTINGS_MODULE"] = "qingfeng.settings_test"
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402
from django.test import Client  # noqa: E402

RUNS = 60


def build():
    from qingfeng.disclosure import services
    from qingfeng.disclosure.sheets import ParsedRow
    from qingfeng.orgs.models import Region
    from qingfeng.powers import services as powers
    from qingfeng.powers.models import PowerItem, PowerList

    county = Region.objects.create(code="330199000000", name="示范县")
    town = Region.objects.create(code="330199100000", name="清溪镇", parent=county)
    village = Region.objects.create(code="330199100201", name="清溪村", parent=town)
    title, items = powers.template_items_from_file()
    template = PowerList.objects.create(region=county, title=title)
    PowerItem.objects.bulk_create(PowerItem(power_list=template, **i) for i in items)
    village_list = PowerList.objects.create(region=village, template=template, title="清单")
    PowerItem.objects.bulk_create(PowerItem(power_list=village_list, **i) for i in items)
    rows = [
        ParsedRow(
            line=i,
            public={
                "date": f"2026-03-{1 + i % 28:02d}",
                "account": "公益事业",
                "summary": f"道路保洁第{i}次",
                "income": "",
                "expense": f"{100 + i}.50",
                "voucher": f"记-{i:04d}",
            },
        )
        for i in range(1, 501)
    ]
    with transaction.atomic():
        for month in range(1, 41):
            period = f"{2020 + month // 12}-{month % 12 + 1:02d}"
            services._publish(
                actor=None,
                village=village,
                kind="finance",
                period=period,
                title=period,
                rows=rows[:10],
            )
        big = services._publish(
            actor=None,
            village=village,
            kind="finance",
            period="2026-03",
            title="500 行",
            rows=rows,
        )
    return village, big, village_list.items.get(code="C01")


def measure(client: Client, url: str) -> tuple[float, float]:
    for _ in range(5):
        assert client.get(url).status_code == 200, url
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95) - 1]


def main() -> int:
    call_command("migrate", verbosity=0)
    village, big, item = build()
    client = Client()
    code = village.code
    pages = {
        "village page /v/<code>/": f"/v/{code}/",
        "disclosure list": f"/v/{code}/disclosure/",
        "500-row batch, page 1": f"/v/{code}/disclosure/{big.pk}/",
        "500-row batch, page 10": f"/v/{code}/disclosure/{big.pk}/?page=10",
        "power list": f"/v/{code}/powers/",
        "power item with flowchart": f"/v/{code}/powers/{item.pk}/",
    }
    print(f"qingfeng bench: village public pages, SQLite, {RUNS} requests each (ms)")
    worst = 0.0
    for name, url in pages.items():
        median, p95 = measure(client, url)
        worst = max(worst, median)
        print(f"  {name:<28} median {median:6.1f}   p95 {p95:6.1f}")
    first = client.get(f"/v/{code}/disclosure/{big.pk}/")
    again = client.get(f"/v/{code}/disclosure/{big.pk}/", HTTP_IF_NONE_MATCH=first["ETag"])
    print(f"  conditional GET with ETag -> {again.status_code}")
    started = time.perf_counter()
    client.get(f"/v/{code}/poster.pdf?size=A4")
    print(f"  poster.pdf (A4) once        {(time.perf_counter() - started) * 1000:6.1f}")
    ok = worst < 50 and again.status_code == 304
    print("  target: median < 50 ms on every page:", "met" if ok else "NOT met")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
