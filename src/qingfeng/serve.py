"""`qingfeng serve`: the web server and the background worker side by side; Ctrl-C stops both."""

from __future__ import annotations

import os
import signal
import subprocess
import sys


def serve(*, addr: str = "127.0.0.1:8000", with_worker: bool = True) -> int:
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="qingfeng.settings")
    manage = [sys.executable, "-m", "django"]
    children: list[subprocess.Popen] = []
    if with_worker:
        children.append(subprocess.Popen([*manage, "db_worker"], env=env))
    web = subprocess.Popen([*manage, "runserver", addr, "--noreload"], env=env)
    children.append(web)
    try:
        return web.wait()
    except KeyboardInterrupt:
        return 0
    finally:
        for child in children:
            if child.poll() is None:
                child.send_signal(signal.SIGINT)
        for child in children:
            try:
                child.wait(timeout=10)
            except subprocess.TimeoutExpired:
                child.kill()
