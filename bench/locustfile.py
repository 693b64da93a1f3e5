"""Locust users for bench/bench_load.py (run headless by it; not on its own).

VillageVisitor opens village pages (a random village of the seeded county each time).
TrackVisitor looks up a report by its 查询码 like a phone does: GET /track/ (form and CSRF
cookie, once), POST the code (302), GET /track/status/ (the report's progress).

Environment: QF_BENCH_VILLAGES and QF_BENCH_CODES name files of one code per line."""

from __future__ import annotations

import os
import random
from pathlib import Path

from locust import between, task
from locust.contrib.fasthttp import FastHttpUser


def _lines(var: str) -> list[str]:
    path = os.environ.get(var)
    return Path(path).read_text().split() if path else []


VILLAGES = _lines("QF_BENCH_VILLAGES")
CODES = _lines("QF_BENCH_CODES")


class VillageVisitor(FastHttpUser):
    wait_time = between(0, 0)

    @task
    def village_page(self):
        code = random.choice(VILLAGES)  # noqa: S311  (load, not secrets)
        with self.client.get(f"/v/{code}/", name="/v/<code>/", catch_response=True) as r:
            if r.status_code != 200 or "<h1>" not in r.text:
                r.failure(f"status {r.status_code}")


class TrackVisitor(FastHttpUser):
    wait_time = between(0, 0)

    def on_start(self):
        self.client.get("/track/", name="/track/ (form)")  # the CSRF cookie

    def _token(self) -> str:
        for cookie in self.client.cookiejar:
            if cookie.name == "csrftoken":
                return cookie.value
        return ""

    @task
    def look_up(self):
        code = random.choice(CODES)  # noqa: S311
        with self.client.post(
            "/track/",
            data={"code": code, "csrfmiddlewaretoken": self._token()},
            headers={"Referer": self.host + "/track/"},
            name="/track/ (look-up)",
            allow_redirects=False,
            catch_response=True,
        ) as r:
            if r.status_code != 302:
                r.failure(f"look-up answered {r.status_code}")
                return
        with self.client.get("/track/status/", name="/track/status/", catch_response=True) as r:
            if r.status_code != 200 or "路灯坏了" not in r.text:  # the seeded reports
                r.failure(f"status page answered {r.status_code}")
