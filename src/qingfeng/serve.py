"""`qingfeng serve`: the web server and the background worker side by side; Ctrl-C stops both.

The worker is restarted if it exits (a crash, a kill): runs and checks queued meanwhile wait
in the database and are picked up by the new one."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

RESTART_PAUSE = 2.0  # seconds before a worker that exited is started again


def serve(*, addr: str = "127.0.0.1:8000", with_worker: bool = True) -> int:
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="qingfeng.settings")
    # SIGTERM (systemd, kill) stops both children like Ctrl-C does
    previous = signal.signal(signal.SIGTERM, signal.default_int_handler)
    manage = [sys.executable, "-m", "django"]
    worker_cmd = [*manage, "worker", "--no-reload"]
    worker = subprocess.Popen(worker_cmd, env=env) if with_worker else None
    web = subprocess.Popen([*manage, "runserver", addr, "--noreload"], env=env)
    try:
        while web.poll() is None:
            if worker is not None and worker.poll() is not None:
                print(
                    f"qingfeng serve: the worker exited ({worker.returncode}); starting it again",
                    file=sys.stderr,
                )
                time.sleep(RESTART_PAUSE)
                worker = subprocess.Popen(worker_cmd, env=env)
            time.sleep(0.5)
        return web.returncode
    except KeyboardInterrupt:
        return 0
    finally:
        signal.signal(signal.SIGTERM, previous)
        for child in (worker, web):
            if child is not None and child.poll() is None:
                child.send_signal(signal.SIGTERM)  # SIGINT may be ignored in the background
        for child in (worker, web):
            if child is None:
                continue
            try:
                child.wait(timeout=10)
            except subprocess.TimeoutExpired:
                child.kill()
