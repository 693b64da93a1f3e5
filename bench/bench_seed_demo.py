"""Foundation figures: migrate, `seed-demo`, a second (no-op) run, `audit verify`, and the
server time of a few pages on the demo county. Uses a throwaway SQLite database.

    .venv/bin/python bench/bench_seed_demo.py
"""

from __future__ import annotations

import io
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
VAR = tempfile.mkdtemp(prefix="qingfeng-bench-")
os.environ.update(
    QINGFENG_VAR_DIR=VAR, QINGFENG_DEBUG="1", DJANGO_SETTINGS_MODULE="qingfeng.settings"
)
os.environ.pop("DATABASE_URL", None)

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402


def timed(label: str, fn) -> float:
    started = time.perf_counter()
    fn()
    elapsed = time.perf_counter() - started
    print(f"{label:<32} {elapsed:8.2f} s")
    return elapsed


def page_ms(client: Client, url: str, n: int = 30) -> float:
    times = []
    for _ in range(n):
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return statistics.median(times)


def main() -> None:
    print(f"database: SQLite in {VAR}")
    timed("migrate", lambda: call_command("migrate", verbosity=0))
    seed = timed("seed-demo (first run)", lambda: call_command("seed_demo", stdout=io.StringIO()))
    timed(
        "seed-demo (second run, no-op)",
        lambda: call_command("seed_demo", stdout=io.StringIO()),
    )
    timed("audit verify", lambda: call_command("audit_verify", stdout=io.StringIO()))
    client = Client()
    for url in ["/", "/t/330199101000/", "/v/330199101201/", "/healthz"]:
        print(f"GET {url:<28} {page_ms(client, url):8.1f} ms median (30 requests, test client)")
    from qingfeng.orgs.models import User

    client.force_login(User.objects.get(username="township1"))
    for url in ["/office/", "/office/regions/", "/office/people/"]:
        print(f"GET {url:<28} {page_ms(client, url):8.1f} ms median (township1)")
    print(f"target: seed-demo under 60 s -> {'OK' if seed < 60 else 'MISSED'}")


if __name__ == "__main__":
    try:
        main()
    finally:
        shutil.rmtree(VAR, ignore_errors=True)
