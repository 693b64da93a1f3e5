"""The production cache on a real Redis (a throwaway redis-server on a free loopback port):
a /track/ look-up and a kept status page without SQL, and Redis going away and coming back
(a Chinese 503 page and /healthz 503, never a traceback; recovery without a restart).
Skipped where redis-server is not installed (scripts/system-deps.sh installs it for tests)."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time

import pytest
from django.core.cache import caches
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from qingfeng.core.cacheconf import cache_config, session_engine
from qingfeng.core.sessionstore import KEY_PREFIX
from qingfeng.intake import services as intake

SERVER = shutil.which("redis-server")
pytestmark = pytest.mark.skipif(SERVER is None, reason="redis-server is not installed")


class Redis:
    def __init__(self, tmp_path):
        s = socket.socket()
        s.bind(("127.0.0.1", 0))
        self.port = s.getsockname()[1]
        s.close()
        self.dir, self.proc = tmp_path, None
        self.url = f"redis://127.0.0.1:{self.port}/1"

    def start(self):
        options = {"bind": "127.0.0.1", "port": self.port, "dir": self.dir, "save": ""}
        args = [str(a) for name, value in options.items() for a in (f"--{name}", value)]
        self.proc = subprocess.Popen([SERVER, *args], stdout=subprocess.DEVNULL)
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", self.port), 0.2).close()
                return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self):
        self.proc.terminate()
        self.proc.wait(timeout=10)


@pytest.fixture
def redis(settings, tmp_path):
    server = Redis(tmp_path)
    server.start()
    settings.CACHES = {"default": cache_config(server.url)}
    settings.SESSION_ENGINE = session_engine(server.url)
    settings.QINGFENG_PAGE_CACHE_SECONDS = 600
    yield server
    if server.proc.poll() is None:
        server.stop()


def test_a_look_up_and_a_kept_status_page_need_no_sql(redis, world, settings):
    assert caches["default"].__class__.__name__ == "RedisCache"
    _report, code = intake.report_submit(
        village=world.village_a1, kind="livelihood", description="路灯坏了"
    )
    phone = Client()
    with CaptureQueriesContext(connection) as look_up:
        assert phone.post(reverse("intake:track"), {"code": code}).status_code == 302
    assert len(look_up) == 1 and "intake_report" in look_up[0]["sql"]  # the code's report id
    backend = caches["default"]
    key = backend.make_key(KEY_PREFIX + phone.cookies[settings.SESSION_COOKIE_NAME].value)
    ttl = backend._cache.get_client().ttl(key)
    assert settings.SESSION_COOKIE_AGE - 60 < ttl <= settings.SESSION_COOKIE_AGE  # its own expiry
    assert "路灯坏了" in phone.get(reverse("intake:status")).content.decode()
    with CaptureQueriesContext(connection) as kept:
        page = phone.get(reverse("intake:status"))
    assert page.status_code == 200 and "路灯坏了" in page.content.decode()
    assert len(kept) == 0


def test_redis_down_gives_a_chinese_503_and_recovers_by_itself(redis, world):
    phone = Client(raise_request_exception=False)
    assert phone.get(reverse("intake:track")).status_code == 200
    assert phone.get("/healthz").json() == {"status": "ok", "database": True, "cache": True}
    redis.stop()
    health = phone.get("/healthz")
    assert health.status_code == 503 and health.json()["cache"] is False
    down = phone.get(reverse("intake:track"))  # reads the lockout from the cache
    assert down.status_code == 503 and down["Retry-After"]
    text = down.content.decode()
    assert "系统暂时无法访问" in text and "Traceback" not in text
    redis.start()  # same port: no restart of the web process
    assert phone.get(reverse("intake:track")).status_code == 200
    assert phone.get("/healthz").status_code == 200
