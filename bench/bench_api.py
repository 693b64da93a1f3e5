"""Open API speed: POST /api/v1/problems and GET /api/v1/problems?since= on gunicorn with
2 workers, each at a steady 50 requests/s (open loop: a request is sent every 20 ms whatever
the answers' times), loopback only, a random port. Target: p95 <= 100 ms for each.

    .venv/bin/python bench/bench_api.py [--seconds 10] [--rate 50]

Sets itself up: a temporary SQLite database (QINGFENG_VAR_DIR), migrations, a county with a
township and 10 villages, one API client. Production settings (DEBUG off, the database cache
for the rate limit, every call audited), with throw-away keys.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VAR = tempfile.mkdtemp(prefix="qingfeng-bench-api-")
os.environ.update(
    QINGFENG_VAR_DIR=VAR,
    DJANGO_SETTINGS_MODULE="qingfeng.settings",
    QINGFENG_SECRET_KEY="bench-only-secret-key-" + "x" * 40,
    QINGFENG_PII_KEY="YmVuY2gtb25seS1waWkta2V5LXFpbmdmZW5nLTAwMDA=",
    QINGFENG_LOG_LEVEL="WARNING",
)
os.environ.pop("DATABASE_URL", None)
os.environ.pop("QINGFENG_DEBUG", None)
sys.path.insert(0, str(ROOT / "src"))

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.utils import timezone  # noqa: E402

from qingfeng.api import services as api  # noqa: E402
from qingfeng.orgs import services as orgs  # noqa: E402
from qingfeng.orgs.setup import county_init  # noqa: E402

COUNTY, TOWN = "330101000000", "330101100000"
VILLAGES = [f"330101100{200 + i:03d}" for i in range(1, 11)]
TARGET_MS = 100


def setup() -> str:
    call_command("migrate", verbosity=0)
    start = county_init(code=COUNTY, name="测试县")
    town = orgs.region_create(actor=None, code=TOWN, name="甲镇", parent=start.county)
    for i, code in enumerate(VILLAGES):
        orgs.region_create(actor=None, code=code, name=f"{i + 1}村", parent=town)
    _client, token, _secret = api.client_create(
        actor=start.admin,
        name="12345热线",
        org_unit=start.commission,
        scope_regions=[start.county],
        permissions=["intake_write", "ledger_read"],
        expires_at=timezone.now() + dt.timedelta(days=1),
        rate_per_minute=6000,
    )
    return token


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def paced(rate: float, seconds: float, send) -> list[float]:
    """Call send(i) every 1/rate s for `seconds` (on a pool, so a slow answer does not delay
    the next request); the latencies in ms."""
    interval, total = 1.0 / rate, int(rate * seconds)
    latencies: list[float] = []
    lock = threading.Lock()

    def one(i: int) -> None:
        started = time.perf_counter()
        send(i)
        with lock:
            latencies.append((time.perf_counter() - started) * 1000)

    begin = time.perf_counter()
    with ThreadPoolExecutor(max_workers=32) as pool:
        for i in range(total):
            delay = begin + i * interval - time.perf_counter()
            if delay > 0:
                time.sleep(delay)
            pool.submit(one, i)
    return latencies


def report(name: str, latencies: list[float], seconds: float, rate: float) -> bool:
    ms = sorted(latencies)
    p95 = ms[max(int(len(ms) * 0.95) - 1, 0)]
    ok = p95 <= TARGET_MS
    print(f"{name}: {len(ms)} requests at {rate:g}/s for {seconds:g} s on gunicorn -w 2")
    print(
        f"  median {statistics.median(ms):.0f} ms, p95 {p95:.0f} ms, max {ms[-1]:.0f} ms"
        f"  (target p95 <= {TARGET_MS} ms: {'met' if ok else 'MISSED'})"
    )
    return ok


def run(args) -> bool:
    token = setup()
    port = free_port()
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    server = subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "qingfeng.wsgi", "-w", "2", "-b", f"127.0.0.1:{port}",
         "--log-level", "warning"],
        env=env,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    errors: list[str] = []

    def call(method: str, path: str, body: dict | None = None, expect=(200,)) -> dict:
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(base + path, data=data, headers=headers, method=method)  # noqa: S310
        try:
            with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
                if response.status not in expect:
                    errors.append(f"{method} {path}: {response.status}")
                return json.loads(response.read())
        except urllib.error.HTTPError as exc:
            errors.append(f"{method} {path}: {exc.code} {exc.read()[:200]!r}")
            return {}

    try:
        for _ in range(200):
            try:
                urllib.request.urlopen(base + "/healthz", timeout=1)  # noqa: S310
                break
            except OSError:
                time.sleep(0.1)
        # warm both workers (imports, connections) before measuring
        for _i in range(10):
            call("GET", "/api/v1/problems?limit=1")

        def post(i: int) -> None:
            body = {
                "source": "hotline_12345",
                "external_ref": f"12345-bench-{i:06d}",
                "village": VILLAGES[i % len(VILLAGES)],
                "kind": "livelihood",
                "description": f"来电反映：村道路灯损坏，第 {i} 件。",
            }
            call("POST", "/api/v1/problems", body, expect=(201,))

        since = (timezone.now() - dt.timedelta(seconds=1)).isoformat()
        # one request at a time first: the service time, to read the paced figures against
        # (a machine that cannot serve 50/s queues the requests and the p95 grows with it)
        alone = []
        for i in range(20):
            started = time.perf_counter()
            post(10_000_000 + i)
            alone.append((time.perf_counter() - started) * 1000)

        posted = paced(args.rate, args.seconds, post)
        query = urllib.parse.urlencode({"since": since, "limit": 50})

        def get(i: int) -> None:
            page = call("GET", f"/api/v1/problems?{query}")
            if page and page.get("count", 0) < len(posted) + len(alone):
                errors.append(f"GET since: {page.get('count')} problems, {len(posted)} posted")

        got = paced(args.rate, args.seconds, get)
    finally:
        server.terminate()
        server.wait(10)
    print(
        f"one POST at a time (service time): median {statistics.median(alone):.0f} ms, "
        f"max {max(alone):.0f} ms, load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
    )
    ok = report("POST /api/v1/problems", posted, args.seconds, args.rate)
    ok = report("GET /api/v1/problems?since= (50 a page)", got, args.seconds, args.rate) and ok
    if errors:
        print(f"{len(errors)} errors, e.g. {errors[:3]}")
    return ok and not errors


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--rate", type=float, default=50)
    args = parser.parse_args()
    try:
        ok = run(args)
    finally:
        shutil.rmtree(VAR, ignore_errors=True)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
