"""Load on the public pages: village pages and /track/ look-ups, against gunicorn on PostgreSQL.

Sets itself up in a throwaway PostgreSQL cluster (scripts/with-postgres.sh, loopback only) and,
as docs/deploy.md advises for this load, a throwaway Redis as the cache and the public sessions'
store (scripts/with-redis.sh; when `redis-server` is not installed, or with --cache db, the
database cache, and it says so): migrate, `seed-demo`, REPORTS reports with known 查询码; then
gunicorn as docs/deploy.md runs it (3 workers, DEBUG off) on a free loopback port, and locust
headless, USERS clients without pause, for SECONDS per target (60 by default), after a 10 s
warm-up that is not measured. Prints requests/s, p50, p95, errors for each, the targets (issue
14: ≥ 300 requests/s, p95 ≤ 200 ms, 0 errors over 60 s) and the server's CPU milliseconds per
request (gunicorn, PostgreSQL, Redis). The load generator runs on the same machine, so it takes
part of the two cores.

With --before REF (a git commit, e.g. the main branch before a change), the code of REF
(`git archive`, with this tree's compiled translations) runs in a second gunicorn on the same
database, configured as REF's docs/deploy.md said (the database cache, unless --before-cache
same), and after this tree's own run each target is run against both servers at the same
time (USERS clients each): the web CPU per request of both, and their ratio, come from the same
seconds of the same machine, which a shared, noisy machine distorts far less than two runs at
different times (sequential runs of unchanged code differed by 25 %).

    .venv/bin/python bench/bench_load.py [--seconds 60] [--users 20] [--only village|track]
                                         [--cache redis|db] [--before REF [--before-cache same]]
"""

from __future__ import annotations

import argparse
import base64
import csv
import io
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tarfile
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
REPORTS = 300
TARGET_RPS, TARGET_P95_MS = 300, 200
WARM_UP = 10  # seconds per server and target, not measured


def free_port() -> int:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def server_env(var_dir: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        QINGFENG_VAR_DIR=str(var_dir),
        QINGFENG_SECRET_KEY=secrets.token_urlsafe(50),
        QINGFENG_PII_KEY=base64.b64encode(secrets.token_bytes(32)).decode(),
        QINGFENG_ALLOWED_HOSTS="127.0.0.1",
        QINGFENG_SECURE_COOKIES="0",  # plain HTTP on loopback: no TLS proxy in front
        QINGFENG_LOG_LEVEL="WARNING",
        DJANGO_SETTINGS_MODULE="qingfeng.settings",
        PYTHONPATH=str(ROOT / "src"),
    )
    env.pop("QINGFENG_DEBUG", None)
    env.pop("QINGFENG_TESTING", None)
    return env


SEED_REPORTS = """
import sys
from django.db import transaction
from qingfeng.intake import services as intake
from qingfeng.orgs.models import Region
villages = list(Region.objects.filter(level="village").order_by("code"))
codes = []
for i in range(int(sys.argv[1])):
    with transaction.atomic():
        _report, code = intake.report_submit(
            village=villages[i % len(villages)], kind="suggestion",
            description=f"第{i}件：村口路灯坏了，晚上出门不安全。",
        )
    codes.append(code)
open(sys.argv[2], "w").write("\\n".join(codes))
open(sys.argv[3], "w").write("\\n".join(v.code for v in villages))
"""


def prepare(env: dict[str, str], work: Path) -> tuple[Path, Path]:
    def manage(*args: str) -> None:
        subprocess.run(
            [BIN / "qingfeng", "manage", *args], env=env, check=True, stdout=subprocess.DEVNULL
        )

    t0 = time.monotonic()
    manage("migrate", "--noinput")
    subprocess.run([BIN / "qingfeng", "seed-demo"], env=env, check=True, stdout=subprocess.DEVNULL)
    codes, villages = work / "codes.txt", work / "villages.txt"
    script = work / "seed_reports.py"
    script.write_text(SEED_REPORTS)
    subprocess.run(
        [
            BIN / "python",
            "-c",
            f"import django; django.setup(); exec(open({str(script)!r}).read())",
            str(REPORTS),
            str(codes),
            str(villages),
        ],
        env=env,
        check=True,
    )
    print(f"set-up: migrate, seed-demo, {REPORTS} reports in {time.monotonic() - t0:.0f} s")
    return villages, codes


def export_tree(ref: str, work: Path) -> Path:
    """REF's src/ in work/before/src, with this tree's compiled translations (.mo files are
    built by `make install`, not kept in git)."""
    dest = work / "before"
    dest.mkdir()
    git = shutil.which("git") or "/usr/bin/git"
    archive = subprocess.run(
        [git, "-C", str(ROOT), "archive", ref, "src"], check=True, capture_output=True
    ).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(dest, filter="data")
    for mo in (ROOT / "src").rglob("*.mo"):
        target = dest / mo.relative_to(ROOT)
        if target.with_suffix(".po").exists():
            shutil.copyfile(mo, target)
    return dest


def start_gunicorn(env: dict[str, str], port: int, cwd: Path = ROOT) -> subprocess.Popen:
    proc = subprocess.Popen(
        [
            BIN / "gunicorn",
            "qingfeng.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "3",
        ],
        env=env,
        cwd=cwd,
    )
    for _ in range(100):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as r:
                if r.status == 200:
                    proc.port = port
                    return proc
        except OSError:
            time.sleep(0.2)
    proc.terminate()
    raise SystemExit("gunicorn did not answer /healthz")


def _tree_cpu(root) -> float:
    import psutil

    total = 0.0
    for proc in [root, *root.children(recursive=True)]:
        try:
            t = proc.cpu_times()
            # children_*: processes that ended and were reaped (a PostgreSQL backend whose
            # connection closed, a gunicorn worker restarted): their time counts too
            total += t.user + t.system + t.children_user + t.children_system
        except psutil.NoSuchProcess:
            pass
    return total


def _web_cpu(gunicorn_pid: int) -> float:
    import psutil

    return _tree_cpu(psutil.Process(gunicorn_pid))


def server_cpu(gunicorn_pid: int) -> tuple[float, float, float]:
    """CPU seconds used so far by gunicorn's workers, by the PostgreSQL cluster and by Redis
    (0 without): a figure of the work per request that the other programs on a shared machine
    do not distort."""
    from urllib.parse import urlsplit

    import psutil

    web = _tree_cpu(psutil.Process(gunicorn_pid))
    port = str(urlsplit(os.environ["DATABASE_URL"]).port)
    cache_url = os.environ.get("QINGFENG_CACHE_URL", "")
    redis_port = str(urlsplit(cache_url).port) if cache_url.startswith("redis") else None
    db = cache = 0.0
    for proc in psutil.process_iter(["name", "cmdline"]):
        cmd = proc.info["cmdline"] or []
        if proc.info["name"] == "postgres" and "-p" in cmd and port in cmd:
            db += _tree_cpu(proc)
        elif (
            redis_port and proc.info["name"] == "redis-server" and f":{redis_port}" in " ".join(cmd)
        ):
            # redis-server shows itself as "redis-server 127.0.0.1:PORT"
            cache += _tree_cpu(proc)
    return web, db, cache


def run_locust(user_class: str, port: int, seconds: int, users: int, env: dict, work: Path):
    prefix = work / f"locust-{user_class}-{port}"
    start_locust(user_class, port, seconds, users, env, prefix).wait()
    return read_locust(prefix)


def read_locust(prefix: Path):
    rows = list(
        csv.DictReader(Path(f"{prefix}_stats.csv").read_text(encoding="utf-8").splitlines())
    )
    failures = Path(f"{prefix}_failures.csv").read_text(encoding="utf-8").strip().splitlines()[1:]
    return rows, failures


def start_locust(user_class, port, seconds, users, env, prefix) -> subprocess.Popen:
    with open(f"{prefix}.log", "a", encoding="utf-8") as log:
        # locust's own tables and warnings go to the log (the work folder, removed at the end)
        return subprocess.Popen(
            [
                BIN / "locust",
                "-f",
                str(ROOT / "bench" / "locustfile.py"),
                user_class,
                "--headless",
                "-u",
                str(users),
                "-r",
                str(users),
                "-t",
                f"{seconds}s",
                "--stop-timeout",
                "5",
                "--host",
                f"http://127.0.0.1:{port}",
                "--csv",
                str(prefix),
                "--only-summary",
                "--loglevel",
                "WARNING",
            ],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=log,
        )


def paired(servers, user_class: str, args, env, work) -> None:
    """Both servers under load at the same time, USERS clients each: they share the machine's
    contention, so their CPU per request compares fairly (the web processes' only: PostgreSQL
    serves both and is not split)."""
    cpu0 = [_web_cpu(server.pid) for _name, server in servers]
    procs = [
        start_locust(
            user_class, server.port, args.seconds, args.users, env, work / f"pair-{server.port}"
        )
        for _name, server in servers
    ]
    for proc in procs:
        proc.wait()
    cpu1 = [_web_cpu(server.pid) for _name, server in servers]
    print(f"\n  side by side, at the same time, {args.users} clients each, {args.seconds} s:")
    web = []
    for (name, server), a, b in zip(servers, cpu0, cpu1, strict=True):
        rows, _failures = read_locust(work / f"pair-{server.port}")
        total = next(r for r in rows if r["Name"] == "Aggregated")
        count = int(total["Request Count"])
        web.append((b - a) * 1000 / max(count, 1))
        print(
            f"  {name:<22}{float(total['Requests/s']):7.1f} req/s  {total['Failure Count']} errors"
            f"  web CPU {web[-1]:.1f} ms per request"
        )
    print(
        f"  => web CPU per request, before → after: {web[0]:.1f} → {web[1]:.1f} ms "
        f"(× {web[1] / web[0]:.2f}; load average {os.getloadavg()[0]:.1f})"
    )


def report(title: str, rows: list[dict], failures: list[str], seconds: int) -> bool:
    print(f"\n{title}")
    print(f"  {'request':<22}{'count':>8}{'errors':>8}{'req/s':>9}{'p50 ms':>8}{'p95 ms':>8}")
    ok = True
    for r in rows:
        print(
            f"  {r['Name']:<22}{r['Request Count']:>8}{r['Failure Count']:>8}"
            f"{float(r['Requests/s']):>9.1f}{r['50%']:>8}{r['95%']:>8}"
        )
    total = next(r for r in rows if r["Name"] == "Aggregated")
    rps, p95, errors = float(total["Requests/s"]), float(total["95%"]), int(total["Failure Count"])
    ok = rps >= TARGET_RPS and p95 <= TARGET_P95_MS and errors == 0 and seconds >= 60
    for line in failures[:5]:
        print("  failure:", line)
    print(
        f"  {'PASS' if ok else 'FAIL'}: {rps:.0f} req/s, p95 {p95:.0f} ms, {errors} errors "
        f"(target ≥ {TARGET_RPS} req/s, p95 ≤ {TARGET_P95_MS} ms, 0 errors, for 60 s)"
    )
    return ok


def measure(name: str, server, user_class, title, args, env, work) -> tuple[bool, float]:
    cpu0, gen0 = server_cpu(server.pid), _reaped_cpu()
    rows, failures = run_locust(user_class, server.port, args.seconds, args.users, env, work)
    cpu1, gen1 = server_cpu(server.pid), _reaped_cpu()
    load = os.getloadavg()[0]
    label = f"{title}, {name}" if name else title
    ok = report(f"{label}: {args.users} clients, {args.seconds} s", rows, failures, args.seconds)
    count = int(next(r for r in rows if r["Name"] == "Aggregated")["Request Count"])
    web, db, kept = ((b - a) * 1000 / max(count, 1) for a, b in zip(cpu0, cpu1, strict=True))
    redis = f" + {kept:.2f} ms Redis" if os.environ.get("QINGFENG_CACHE_URL") else ""
    locust = (gen1 - gen0) * 1000 / max(count, 1)
    server_ms = web + db + kept
    print(
        f"  server CPU per request: {web:.1f} ms web + {db:.1f} ms PostgreSQL{redis}; two free "
        f"cores would serve about {2000 / server_ms:.0f} requests/s "
        f"(load average {load:.1f})"
    )
    print(
        f"  load generator (locust) CPU per request: {locust:.2f} ms; server and load generator "
        f"together on two free cores: about {2000 / (server_ms + locust):.0f} requests/s"
    )
    return ok, server_ms


def _reaped_cpu() -> float:
    """CPU seconds of this script's children that have ended (locust, once waited for)."""
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--only", choices=["village", "track"])
    parser.add_argument("--before", metavar="REF", help="also run REF's code, side by side")
    parser.add_argument(
        "--cache",
        choices=["redis", "db"],
        default="redis",
        help="this tree's cache: a throwaway Redis (default, when redis-server is installed) "
        "or the database cache",
    )
    parser.add_argument(
        "--before-cache",
        choices=["db", "same"],
        default="db",
        help="REF's cache: the database cache (default) or the same as this tree's",
    )
    args = parser.parse_args()
    args.seconds = min(args.seconds, 60)  # the machine is shared: never longer
    if args.cache == "redis" and not os.environ.get("QINGFENG_CACHE_URL"):
        if shutil.which("redis-server"):
            script = ROOT / "scripts" / "with-redis.sh"
            return subprocess.call([str(script), str(BIN / "python"), __file__, *sys.argv[1:]])
        print("redis-server is not installed: the database cache instead (docs/deploy.md)")
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        script = ROOT / "scripts" / "with-postgres.sh"
        return subprocess.call([str(script), str(BIN / "python"), __file__, *sys.argv[1:]])
    work = Path(tempfile.mkdtemp(prefix="qingfeng-load-"))
    env = server_env(work / "var")
    print(f"cache: {env.get('QINGFENG_CACHE_URL') or 'the database cache'}")
    villages, codes = prepare(env, work)
    env.update(QF_BENCH_VILLAGES=str(villages), QF_BENCH_CODES=str(codes))
    servers = []
    results = []
    try:
        if args.before:
            old = export_tree(args.before, work)
            old_env = dict(env, PYTHONPATH=str(old / "src"))
            if args.before_cache == "db":
                old_env.pop("QINGFENG_CACHE_URL", None)
            print(
                f"before ({args.before}): {old_env.get('QINGFENG_CACHE_URL') or 'database cache'}"
            )
            servers.append((f"before ({args.before})", start_gunicorn(old_env, free_port(), old)))
        servers.append(("this tree" if args.before else "", start_gunicorn(env, free_port())))
        targets = [
            ("village", "VillageVisitor", "Village pages (/v/<code>/, random village)"),
            ("track", "TrackVisitor", "/track/ look-ups (POST the code, then the status)"),
        ]
        targets = [t for t in targets if not args.only or args.only == t[0]]
        # Unmeasured warm-up of each server and target (PostgreSQL's buffers, the kept pages,
        # each worker's first requests): otherwise whichever server runs first pays for it.
        for _name, server in servers:
            for _key, user_class, _title in targets:
                run_locust(user_class, server.port, WARM_UP, args.users, env, work)
        for _key, user_class, title in targets:
            name, server = servers[-1]
            ok, _ms = measure(name, server, user_class, title, args, env, work)
            results.append(ok)  # the target is judged on this tree alone
            if len(servers) == 2:
                paired(servers, user_class, args, env, work)
    finally:
        for _name, server in servers:
            server.terminate()
            server.wait(timeout=30)
        shutil.rmtree(work, ignore_errors=True)
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
