"""A real outage on PostgreSQL: a server (gunicorn, DEBUG off) runs against its own throwaway
cluster; the cluster is stopped (pages answer a Chinese 503, /healthz 503), then started again
(pages answer 200 without restarting the server). Only when the suite runs on PostgreSQL
(scripts/with-postgres.sh); the cluster is this test's own, so tests running beside it under
pytest-xdist keep theirs. Every wait is bounded."""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")),
    reason="PostgreSQL only (run under scripts/with-postgres.sh)",
)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Cluster:
    def __init__(self):
        bins = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(p.split("/")[4]))
        if not bins:
            pytest.skip("PostgreSQL server binaries not found")
        self.bin = Path(bins[-1])
        self.dir = Path(tempfile.mkdtemp(prefix="qingfeng-pg-outage-"))
        self.port = _free_port()
        self.as_user = []
        if os.geteuid() == 0:  # initdb refuses root
            shutil.chown(self.dir, "postgres")
            self.as_user = ["runuser", "-u", "postgres", "--"]

    def run(self, *args, timeout=60):
        subprocess.run([*self.as_user, *args], check=True, timeout=timeout, capture_output=True)

    def init(self):
        self.run(
            str(self.bin / "initdb"),
            "-D",
            f"{self.dir}/data",
            "-U",
            "qingfeng",
            "--auth=trust",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
        )
        self.start()
        self.run(
            str(self.bin / "createdb"),
            "-h",
            "127.0.0.1",
            "-p",
            str(self.port),
            "-U",
            "qingfeng",
            "qingfeng",
        )

    def start(self):
        self.run(
            str(self.bin / "pg_ctl"),
            "-D",
            f"{self.dir}/data",
            "-l",
            f"{self.dir}/log",
            "-w",
            "-t",
            "30",
            "-o",
            f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.dir} -c fsync=off",
            "start",
        )

    def stop(self, mode="fast"):
        self.run(
            str(self.bin / "pg_ctl"), "-D", f"{self.dir}/data", "-m", mode, "-w", "-t", "30", "stop"
        )

    def remove(self):
        with contextlib.suppress(subprocess.SubprocessError, OSError):
            self.stop("immediate")
        shutil.rmtree(self.dir, ignore_errors=True)

    @property
    def url(self):
        return f"postgres://qingfeng@127.0.0.1:{self.port}/qingfeng"


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 (loopback)
            return response.status, response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()


def _wait(fn, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        try:
            last = fn()
            if last:
                return last
        except OSError as exc:  # the server not listening yet
            last = exc
        time.sleep(0.3)
    raise AssertionError(f"timed out after {timeout} s waiting for {what} (last: {last})")


@pytest.fixture
def outage_site(tmp_path):
    cluster = Cluster()
    server = None
    try:
        cluster.init()
        env = {k: v for k, v in os.environ.items() if k != "QINGFENG_TESTING"}
        env.update(
            DATABASE_URL=cluster.url,
            QINGFENG_VAR_DIR=str(tmp_path),
            QINGFENG_SECRET_KEY="outage-test-secret-key-" + "x" * 40,
            QINGFENG_PII_KEY="ZGV2LW9ubHktcGlpLWtleS1xaW5nZmVuZy0wMDAwMDA=",
            QINGFENG_DEBUG="0",
            QINGFENG_SECURE_COOKIES="0",
            QINGFENG_LOG_LEVEL="CRITICAL",
            DJANGO_SETTINGS_MODULE="qingfeng.settings",
        )
        bin_dir = Path(sys.executable).parent
        subprocess.run(
            [str(bin_dir / "qingfeng"), "manage", "migrate", "-v", "0"],
            env=env,
            check=True,
            timeout=240,
            capture_output=True,
        )
        port = _free_port()
        server = subprocess.Popen(
            [
                str(bin_dir / "gunicorn"),
                "qingfeng.wsgi:application",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "1",
                "--threads",
                "2",
                "--timeout",
                "30",
            ],
            env=env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        base = f"http://127.0.0.1:{port}"
        _wait(lambda: _get(base + "/healthz")[0] == 200, 60, "the server to start")
        yield cluster, base
    finally:
        if server is not None:
            server.terminate()
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
        cluster.remove()


def test_the_site_answers_503_while_the_database_is_down_and_recovers_by_itself(outage_site):
    cluster, base = outage_site
    assert _get(base + "/")[0] == 200

    cluster.stop()
    status, page = _get(base + "/")
    assert status == 503
    assert "系统暂时无法访问" in page and "Traceback" not in page
    assert _get(base + "/healthz")[0] == 503

    cluster.start()
    _wait(lambda: _get(base + "/healthz")[0] == 200, 30, "/healthz to answer 200 again")
    status, page = _get(base + "/")
    assert status == 200 and "系统暂时无法访问" not in page
