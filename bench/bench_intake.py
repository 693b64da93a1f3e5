"""Intake speed: submit-to-code latency (form POST with a photo, then the code page) and
/track/ throughput (code look-up and status page) on gunicorn with 2 workers.

    .venv/bin/python bench/bench_intake.py [--reports 40] [--seconds 10] [--threads 8]

Sets itself up: a temporary SQLite database (QINGFENG_VAR_DIR), migrations, a small county.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import io
import os
import re
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
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VAR = tempfile.mkdtemp(prefix="qingfeng-bench-intake-")
os.environ["QINGFENG_VAR_DIR"] = VAR
os.environ["DJANGO_SETTINGS_MODULE"] = "qingfeng.settings_test"
os.environ.pop("DATABASE_URL", None)
sys.path.insert(0, str(ROOT / "src"))

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from PIL import Image  # noqa: E402

from qingfeng.intake import services  # noqa: E402
from qingfeng.orgs import services as orgs  # noqa: E402
from qingfeng.orgs.selectors import region_by_code  # noqa: E402

VILLAGE = "330101100201"


def setup() -> None:
    call_command("migrate", verbosity=0)
    county = orgs.region_create(actor=None, code="330101000000", name="测试县")
    town = orgs.region_create(actor=None, code="330101100000", name="甲镇", parent=county)
    orgs.region_create(actor=None, code=VILLAGE, name="东村", parent=town)


def photo() -> bytes:
    image = Image.new("RGB", (1600, 1200), "green")
    exif = image.getexif()
    exif[0x8825] = {1: "N", 2: (30.0, 15.0, 10.0), 3: "E", 4: (120.0, 10.0, 5.0)}
    out = io.BytesIO()
    image.save(out, "JPEG", quality=90, exif=exif)
    return out.getvalue()


def submit_latency(n: int) -> list[float]:
    from django.core.cache import cache
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = photo()
    timings = []
    for i in range(n):
        cache.clear()  # the per-client submission limit would stop a benchmark
        client = Client(REMOTE_ADDR=f"10.0.{i // 250}.{i % 250}")
        started = time.perf_counter()
        client.post(
            f"/v/{VILLAGE}/report/",
            {
                "kind": "livelihood",
                "description": f"路灯坏了 {i}",
                "subject_level": "other",
                "identity": "anonymous",
                "photo": SimpleUploadedFile("p.jpg", data, content_type="image/jpeg"),
            },
        )
        page = client.get("/report/done/").content.decode()
        timings.append(time.perf_counter() - started)
        assert re.search(r'data-copy="\d{16}"', page), "no code on the page"
    return timings


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def track_throughput(codes: list[str], seconds: float, threads: int) -> tuple[int, float]:
    port = free_port()
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    server = subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "qingfeng.wsgi", "-w", "2", "-b", f"127.0.0.1:{port}",
         "--log-level", "warning"],
        env=env,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/healthz", timeout=1)  # noqa: S310
                break
            except OSError:
                time.sleep(0.1)
        done = [0]
        lock = threading.Lock()
        stop = time.monotonic() + seconds

        def worker(k: int) -> None:
            while time.monotonic() < stop:
                jar = http.cookiejar.CookieJar()
                opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
                opener.open(base + "/track/").read()
                token = next(c.value for c in jar if c.name == "csrftoken")
                body = urllib.parse.urlencode(
                    {"code": codes[k % len(codes)], "csrfmiddlewaretoken": token}
                ).encode()
                request = urllib.request.Request(base + "/track/", data=body)  # noqa: S310
                request.add_header("Referer", base + "/track/")
                page = opener.open(request).read().decode()  # follows to /track/status/
                assert "已提交" in page
                with lock:
                    done[0] += 1
                k += threads

        pool = [threading.Thread(target=worker, args=(i,)) for i in range(threads)]
        started = time.monotonic()
        for t in pool:
            t.start()
        for t in pool:
            t.join()
        elapsed = time.monotonic() - started
    finally:
        server.terminate()
        server.wait(10)
    return done[0], elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reports", type=int, default=40)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--threads", type=int, default=8)
    args = parser.parse_args()
    try:
        run(args)
    finally:
        shutil.rmtree(VAR, ignore_errors=True)


def run(args) -> None:
    setup()
    timings = submit_latency(args.reports)
    village = region_by_code(VILLAGE)
    codes = [
        services.report_submit(village=village, kind="livelihood", description=f"测试 {i}")[1]
        for i in range(200)
    ]
    lookups, elapsed = track_throughput(codes, args.seconds, args.threads)
    ms = sorted(t * 1000 for t in timings)
    print(f"intake submit-to-code (form POST with a 1600x1200 JPEG + code page), n={len(ms)}:")
    print(f"  median {statistics.median(ms):.0f} ms, p95 {ms[int(len(ms) * 0.95) - 1]:.0f} ms")
    print(f"/track/ look-ups on gunicorn -w 2, {args.threads} client threads, {elapsed:.1f} s:")
    print(f"  {lookups / elapsed:.1f} look-ups/s ({3 * lookups / elapsed:.1f} requests/s:")
    print("  GET /track/, POST the code, GET /track/status/)")


if __name__ == "__main__":
    main()
