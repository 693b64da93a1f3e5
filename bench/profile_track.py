"""Where a /track/ look-up spends its time: in-process, with the production settings.

Sets itself up in a temporary folder and a throwaway PostgreSQL cluster
(scripts/with-postgres.sh), with the production settings (DEBUG off, persistent connections,
the database cache of core/cacheconf.py, or with --redis a throwaway Redis as the cache and the
public sessions' store, scripts/with-redis.sh): migrations, one village, REPORTS reports. Then a
phone's look-up with Django's test client (CSRF enforced): POST the 查询码 (302), GET
/track/status/. Prints the queries and cache calls per look-up (POST + GET), the Python function
calls and the CPU milliseconds, and with --profile the top functions of a cProfile run.

    .venv/bin/python bench/profile_track.py [--lookups 300] [--profile] [--redis]
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import cProfile
import os
import pstats
import random
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "src")]
if __name__ == "__main__" and "--redis" in sys.argv and not os.environ.get("QINGFENG_CACHE_URL"):
    script = ROOT / "scripts" / "with-redis.sh"
    sys.exit(subprocess.call([str(script), sys.executable, __file__, *sys.argv[1:]]))
if __name__ == "__main__" and not os.environ.get("DATABASE_URL", "").startswith("postgres"):
    script = ROOT / "scripts" / "with-postgres.sh"
    sys.exit(subprocess.call([str(script), sys.executable, __file__, *sys.argv[1:]]))
os.environ.update(
    QINGFENG_VAR_DIR=tempfile.mkdtemp(prefix="qingfeng-track-"),
    QINGFENG_SECRET_KEY=secrets.token_urlsafe(50),
    QINGFENG_PII_KEY=base64.b64encode(secrets.token_bytes(32)).decode(),
    QINGFENG_ALLOWED_HOSTS="testserver",
    QINGFENG_SECURE_COOKIES="0",
    QINGFENG_LOG_LEVEL="WARNING",
    DJANGO_SETTINGS_MODULE="qingfeng.settings",
)
os.environ.pop("QINGFENG_DEBUG", None)
os.environ.pop("QINGFENG_TESTING", None)

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

REPORTS = 50


def build() -> list[str]:
    from qingfeng.intake import services as intake
    from qingfeng.orgs.models import Region

    county = Region.objects.create(code="330199000000", name="示范县", level="county")
    town = Region.objects.create(
        code="330199100000", name="清溪镇", parent=county, level="township"
    )
    village = Region.objects.create(
        code="330199100201", name="清溪村", parent=town, level="village"
    )
    codes = []
    for i in range(REPORTS):
        with transaction.atomic():
            _report, code = intake.report_submit(
                village=village, kind="suggestion", description=f"第{i}件：村口路灯坏了。"
            )
        codes.append(code)
    return codes


def look_up(client: Client, code: str) -> None:
    token = client.cookies["csrftoken"].value
    r = client.post(
        "/track/",
        {"code": code, "csrfmiddlewaretoken": token},
        HTTP_REFERER="http://testserver/track/",
    )
    assert r.status_code == 302, r.status_code
    r = client.get("/track/status/")
    assert r.status_code == 200 and "路灯坏了" in r.content.decode(), r.status_code


@contextlib.contextmanager
def _cache_calls():
    """The names of the cache methods called (on the default cache), in order."""
    from django.core.cache import caches

    backend, calls = caches["default"], []
    names = ("get", "get_many", "set", "add", "incr", "delete", "has_key")
    originals = {name: getattr(backend, name) for name in names}

    def spy(name):
        def call(*args, **kwargs):
            calls.append(name)
            return originals[name](*args, **kwargs)

        return call

    for name in names:
        setattr(backend, name, spy(name))
    try:
        yield calls
    finally:
        for name in names:
            delattr(backend, name)


def _area(path: str) -> str:
    parts = Path(path).parts
    for root in ("django", "qingfeng", "csp", "axes", "django_otp", "simple_history"):
        if root in parts:
            i = parts.index(root)
            return "/".join(parts[i : i + 3 if root == "django" else i + 2])
    return "python/other"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lookups", type=int, default=300)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--get", action="append", default=[], help="also time GETs of this path")
    parser.add_argument("--redis", action="store_true", help="Redis as the cache (and sessions)")
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    codes = build()
    client = Client(enforce_csrf_checks=True)
    assert client.get("/track/").status_code == 200
    for code in codes[:20]:  # warm up
        look_up(client, code)
    from django.conf import settings

    print(f"cache: {settings.CACHES['default']['BACKEND']}, sessions: {settings.SESSION_ENGINE}")
    with CaptureQueriesContext(connection) as queries, _cache_calls() as calls:
        look_up(client, codes[0])
    print(f"queries per look-up (POST + GET status): {len(queries)}")
    for q in queries:
        print("   ", q["sql"][:110])
    print(f"cache calls per look-up: {len(calls)} ({', '.join(calls)})")
    counter = cProfile.Profile()  # Python function calls: a count of the work that noise
    counter.enable()  # on a shared machine does not change (the CPU time below it does)
    for code in codes[:50]:
        look_up(client, code)
    counter.disable()
    calls = pstats.Stats(counter).total_calls / 50
    print(f"Python function calls per look-up (POST + GET): {calls:.0f}")
    cpu = []
    profiler = cProfile.Profile() if args.profile else None
    for _ in range(args.lookups):
        code = random.choice(codes)  # noqa: S311
        t0 = time.process_time()
        if profiler:
            profiler.enable()
        look_up(client, code)
        if profiler:
            profiler.disable()
        cpu.append((time.process_time() - t0) * 1000)
    print(
        f"CPU per look-up (POST + GET, in-process): median {statistics.median(cpu):.2f} ms, "
        f"mean {statistics.fmean(cpu):.2f} ms over {args.lookups}"
    )
    for path in args.get:
        cpu = []
        for _ in range(args.lookups):
            t0 = time.process_time()
            client.get(path)
            cpu.append((time.process_time() - t0) * 1000)
        print(f"CPU per GET {path}: median {statistics.median(cpu):.2f} ms")
    if profiler:
        stats = pstats.Stats(profiler)
        stats.sort_stats("cumulative").print_stats(45)
        stats.sort_stats("tottime").print_stats(25)
        by_area: dict[str, list[float]] = {}
        for (path, _line, _name), (_cc, calls, tottime, _ct, _callers) in stats.stats.items():
            spent = by_area.setdefault(_area(path), [0.0, 0])
            spent[0] += tottime
            spent[1] += calls
        total = sum(t for t, _n in by_area.values())
        print("own time and calls by area, per look-up:")
        for area, (spent, calls) in sorted(by_area.items(), key=lambda kv: -kv[1][0])[:20]:
            print(
                f"  {area:<40}{spent * 1000 / args.lookups:7.2f} ms {spent / total:6.1%}"
                f"{calls / args.lookups:8.0f} calls"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
