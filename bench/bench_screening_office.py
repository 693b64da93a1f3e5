"""Screening through the office, as a county official would: over HTTP, on gunicorn.

1. generated county data (`qingfeng gen-data`, cached per seed like bench_screening.py), and a
   "next month": the payments file again with one more month of every payment of its last
   month appended (an ongoing fraud adds one payment a month);
2. a fresh database (SQLite in a temporary folder, or $DATABASE_URL: run it under
   scripts/with-postgres.sh for PostgreSQL), gunicorn as docs/deploy.md says (3 workers, the
   default 30 s timeout) and `qingfeng manage worker`;
3. every table uploaded through the browser's chunked protocol, waiting for the checks; a run
   of all rules; every hit reviewed (a few confirmed into the ledger, the rest dismissed);
4. month two: the new payments file uploaded and checked, a second run, and its review work.

Prints each step's time, the slowest request, and the peak RSS of the web and worker processes.
Targets: no request over 10 s; upload-to-checked <= 60 s and a run <= 30 s at county scale on 2
cores; month two needs <= 20% of month one's review work (hits to review).

    .venv/bin/python bench/bench_screening_office.py --scale small      # a quick check
    .venv/bin/python bench/bench_screening_office.py                    # county scale
    scripts/with-postgres.sh .venv/bin/python bench/bench_screening_office.py
"""

# A benchmark: URLs are the local server's, SQL is over our own generated files.
# ruff: noqa: S310, S607, SIM115

from __future__ import annotations

import argparse
import base64
import http.cookiejar
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_screening import data_for
from screening.nextmonth import month_two

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
CHUNK = 8 * 1024 * 1024
COUNTY = "330803000000"  # the generator's county
KINDS = {
    "residents": "residents",
    "deaths": "deaths",
    "payments": "payments",
    "officials": "officials",
    "relatives": "relatives",
    "vehicles": "vehicles",
    "companies": "companies",
    "contracts": "contracts",
    "standards": "standards",
}
TARGET_REQUEST, TARGET_CHECKED, TARGET_RUN, TARGET_REVIEW = 10.0, 60.0, 30.0, 0.20

SETUP = """
from qingfeng.orgs.models import OrgUnit, Region, User
county = Region.objects.create(code={county!r}, name="八〇三县")
unit = OrgUnit.objects.create(name="八〇三县纪委监委", kind=OrgUnit.Kind.COUNTY_COMMISSION,
                              region=county)
user = User.objects.create_user(username="bench", password="bench-password-1",
                                role="county_leader", org_unit=unit, display_name="bench")
user.scope_regions.set([county])
print(county.pk)
"""

REVIEW = """
import json
from qingfeng.orgs.models import User
from qingfeng.screening import services
from qingfeng.screening.models import Hit
user = User.objects.get(username="bench")
hits = Hit.objects.filter(run_id={run}).order_by("rule", "pk")
to_review = list(hits.filter(status__in=Hit.TO_REVIEW))
confirmed = 0
for hit in to_review:
    if {review} and hit.rule == "R01" and confirmed < 5:
        services.hit_confirm(actor=user, hit=hit)
        confirmed += 1
    elif {review}:
        services.hit_dismiss(actor=user, hit=hit, reason="核实无误（测试）")
print(json.dumps({{"hits": hits.count(), "to_review": len(to_review), "confirmed": confirmed,
                  "carried": hits.filter(carried_from__isnull=False).count(),
                  "grown": hits.filter(new_records__gt=0).count()}}))
"""


class Office:
    """A logged-in browser: cookies, CSRF, and the time of every request."""

    def __init__(self, base: str):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        self.slowest = (0.0, "")

    def csrf(self) -> str:
        return next(c.value for c in self.jar if c.name == "csrftoken")

    def call(self, method: str, path: str, data=None, headers=None):
        body = data
        headers = dict(headers or {})
        if isinstance(data, dict | list):
            body = urllib.parse.urlencode(data, doseq=True).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        if method != "GET":
            headers["X-CSRFToken"] = self.csrf()
            headers["Referer"] = self.base + path
        request = urllib.request.Request(self.base + path, body, headers, method=method)
        start = time.perf_counter()
        try:
            with self.opener.open(request, timeout=120) as response:
                status, text, url = response.status, response.read(), response.geturl()
        except urllib.error.HTTPError as exc:
            status, text, url = exc.code, exc.read(), path
        took = time.perf_counter() - start
        if took > self.slowest[0]:
            self.slowest = (took, f"{method} {path.split('?')[0]}")
        return status, text, url

    def login(self) -> None:
        self.call("GET", "/office/login/")
        data = {"username": "bench", "password": "bench-password-1"}
        status, _text, url = self.call("POST", "/office/login/", data)
        if status != 200 or "/login/" in url:
            raise SystemExit("login failed")

    def upload(self, region: int, kind: str, files: list[Path], as_of: str) -> int:
        form = {"kind": kind, "region": region, "as_of": as_of}
        form["name"] = [f.name for f in files]
        form["size"] = [f.stat().st_size for f in files]
        status, text, _ = self.call("POST", "/office/screening/upload/begin/", form)
        if status != 201:
            raise SystemExit(f"upload of {kind} refused: {text[:300]!r}")
        pk = json.loads(text)["id"]
        for i, path in enumerate(files):
            with path.open("rb") as f:
                offset = 0
                while chunk := f.read(CHUNK):
                    url = f"/office/screening/upload/{pk}/?part={i}&offset={offset}"
                    status, text, _ = self.call(
                        "PUT", url, chunk, {"Content-Type": "application/octet-stream"}
                    )
                    if status != 200:
                        raise SystemExit(f"chunk refused ({status}): {text[:200]!r}")
                    offset = json.loads(text)["received"]
        status, text, _ = self.call("POST", f"/office/screening/upload/{pk}/")
        if status != 200:
            raise SystemExit(f"finish refused: {text[:300]!r}")
        return pk

    def dataset_status(self, pk: int) -> str:
        return json.loads(self.call("GET", f"/office/screening/upload/{pk}/")[1])["status"]

    def run(self, region: int) -> int:
        self.call("GET", "/office/screening/runs/new/")
        status, _text, url = self.call("POST", "/office/screening/runs/new/", {"region": region})
        match = re.search(r"/runs/(\d+)/", url)
        if not match:
            raise SystemExit(f"the run was not started ({status})")
        return int(match.group(1))

    def run_active(self, pk: int) -> bool:
        return b"hx-get" in self.call("GET", f"/office/screening/runs/{pk}/progress/")[1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def peak_rss_mb(pid: int) -> float:
    """Peak RSS (VmHWM) of a process and, separately, the largest of its children."""
    peaks = []
    for p in [pid, *_children(pid)]:
        try:
            status = Path(f"/proc/{p}/status").read_text()
        except OSError:
            continue
        match = re.search(r"VmHWM:\s+(\d+) kB", status)
        if match:
            peaks.append(int(match.group(1)) / 1024)
    return max(peaks, default=0.0)


def _children(pid: int) -> list[int]:
    try:
        out = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout
    except OSError:
        return []
    kids = [int(x) for x in out.split()]
    return kids + [g for k in kids for g in _children(k)]


def manage(env: dict, *args: str, capture=False) -> str:
    result = subprocess.run(
        [str(BIN / "qingfeng"), "manage", *args],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=capture,
        text=True,
    )
    return result.stdout if capture else ""


def shell(env: dict, code: str) -> str:
    return manage(env, "shell", "-c", code, capture=True).strip().splitlines()[-1]


def wait_checked(office: Office, pks: dict[str, int], limit: float = 900) -> dict[str, str]:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        states = {kind: office.dataset_status(pk) for kind, pk in pks.items()}
        if all(s in ("valid", "invalid", "mapping") for s in states.values()):
            return states
        time.sleep(0.5)
    raise SystemExit("the checks did not finish")


def wait_run(office: Office, pk: int, limit: float = 900) -> None:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if not office.run_active(pk):
            return
        time.sleep(0.5)
    raise SystemExit("the run did not finish")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", default="county", choices=("small", "county"))
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--cache", type=Path, default=Path(tempfile.gettempdir()) / "qingfeng-bench"
    )
    args = parser.parse_args()
    data = data_for(args.seed, args.scale, args.cache)
    second = month_two(data, args.cache / f"{args.scale}-seed{args.seed}-month2")

    var = Path(tempfile.mkdtemp(prefix="qingfeng-bench-office-"))
    env = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="qingfeng.settings",
        QINGFENG_VAR_DIR=str(var),
        QINGFENG_SECRET_KEY="bench-" + "x" * 50,
        QINGFENG_PII_KEY=base64.urlsafe_b64encode(os.urandom(32)).decode(),
        QINGFENG_ALLOWED_HOSTS="127.0.0.1,localhost",
        QINGFENG_DISABLE_TOTP="1",
        QINGFENG_SECURE_COOKIES="0",  # plain HTTP on 127.0.0.1
    )
    env.pop("QINGFENG_DEBUG", None)
    env.pop("QINGFENG_TESTING", None)
    db = "PostgreSQL" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "SQLite"
    print(f"database: {db}; var: {var}")
    manage(env, "migrate", "-v0")
    region = int(shell(env, SETUP.format(county=COUNTY)))

    port = free_port()
    web = subprocess.Popen(
        [str(BIN / "gunicorn"), "qingfeng.wsgi:application", "--bind", f"127.0.0.1:{port}",
         "--workers", "3"],
        env=env, cwd=ROOT, stderr=open(var / "web.log", "w"),
    )  # fmt: skip
    worker = subprocess.Popen(
        [str(BIN / "qingfeng"), "manage", "worker", "--no-reload"],
        env=env, cwd=ROOT, stdout=open(var / "worker.log", "w"), stderr=subprocess.STDOUT,
    )  # fmt: skip
    rows: list[tuple[str, float, str]] = []
    try:
        office = Office(f"http://127.0.0.1:{port}")
        for _ in range(100):
            try:
                office.call("GET", "/office/login/")
                break
            except OSError:
                time.sleep(0.2)
        office.login()
        office.slowest = (0.0, "")  # gunicorn's workers were still starting: not counted

        files = {kind: sorted(data.glob(f"{kind}.*")) for kind in KINDS}
        files = {k: [f for f in v if f.suffix in (".csv", ".xlsx")] for k, v in files.items() if v}
        size = sum(f.stat().st_size for v in files.values() for f in v)
        start = time.perf_counter()
        pks = {
            kind: office.upload(region, kind, paths, "2025-06-30") for kind, paths in files.items()
        }
        uploaded = time.perf_counter() - start
        rows.append(("upload (chunked HTTP)", uploaded, f"{len(pks)} tables, {size / 1e6:.0f} MB"))
        states = wait_checked(office, pks)
        checked = time.perf_counter() - start
        bad = {k: s for k, s in states.items() if s != "valid"}
        rows.append(("upload to checked", checked, "all valid" if not bad else f"not valid: {bad}"))

        start = time.perf_counter()
        run1 = office.run(region)
        wait_run(office, run1)
        rows.append(("run 1 (all rules)", time.perf_counter() - start, f"run #{run1}"))
        start = time.perf_counter()
        first = json.loads(shell(env, REVIEW.format(run=run1, review=True)))
        rows.append(("review run 1 (in-process)", time.perf_counter() - start,
                     f"{first['hits']} hits, {first['to_review']} to review, "
                     f"{first['confirmed']} confirmed"))  # fmt: skip

        start = time.perf_counter()
        pk2 = office.upload(region, "payments", [second], "2025-07-31")
        wait_checked(office, {"payments": pk2})
        rows.append(("month 2: payments to checked", time.perf_counter() - start,
                     f"{second.stat().st_size / 1e6:.0f} MB"))  # fmt: skip
        start = time.perf_counter()
        run2 = office.run(region)
        wait_run(office, run2)
        rows.append(("run 2 (all rules)", time.perf_counter() - start, f"run #{run2}"))
        again = json.loads(shell(env, REVIEW.format(run=run2, review=False)))
        share = again["to_review"] / max(first["to_review"], 1)
        rows.append(("month 2 review work", share * 100,
                     f"% of run 1: {again['to_review']} of {again['hits']} hits to review "
                     f"({again['carried']} carried over, {again['grown']} grew)"))  # fmt: skip
        web_rss, worker_rss = peak_rss_mb(web.pid), peak_rss_mb(worker.pid)
        worker_alive = worker.poll() is None
    finally:
        for child in (web, worker):
            child.terminate()
        for child in (web, worker):
            try:
                child.wait(timeout=30)
            except subprocess.TimeoutExpired:
                child.kill()

    print(f"\n== screening through the office ({args.scale}, {db}, gunicorn default timeout) ==")
    for name, value, note in rows:
        unit = "%" if name.endswith("review work") else "s"
        print(f"{name:32} {value:8.1f} {unit}  {note}")
    print(f"{'slowest request':32} {office.slowest[0]:8.2f} s  {office.slowest[1]}")
    print(f"{'peak RSS web (largest process)':32} {web_rss:8.0f} MB")
    print(f"{'peak RSS worker':32} {worker_rss:8.0f} MB")
    print(f"{'worker still running':32} {'yes' if worker_alive else 'NO'}")
    timings = dict((n, v) for n, v, _ in rows)
    checks = [
        ("no request over 10 s", office.slowest[0] <= TARGET_REQUEST),
        ("upload to checked <= 60 s", timings["upload to checked"] <= TARGET_CHECKED),
        ("run <= 30 s", timings["run 1 (all rules)"] <= TARGET_RUN),
        ("month 2 review <= 20%", timings["month 2 review work"] <= TARGET_REVIEW * 100),
        ("worker never died", worker_alive),
    ]
    for name, ok in checks:
        print(f"  {'ok  ' if ok else 'MISS'} {name}")
    shutil.rmtree(var, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
