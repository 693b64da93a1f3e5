"""`qingfeng serve` starts the worker again when it exits."""

from __future__ import annotations

from qingfeng import serve as serve_module


class FakeProcess:
    def __init__(self, args, polls):
        self.args, self.polls, self.returncode, self.signals = args, list(polls), None, []

    def poll(self):
        if self.polls:
            self.returncode = self.polls.pop(0)
        return self.returncode

    def send_signal(self, sig):
        self.signals.append(sig)
        self.returncode = 0

    def wait(self, timeout=None):
        return self.returncode


def test_the_worker_is_started_again_when_it_exits(monkeypatch):
    started = []
    plans = iter(
        [
            [None, -9],  # the first worker: running, then killed
            [None, None, None, None, 0],  # the web server: stops after a while
            [None, None, None, None, None],  # the second worker: keeps running
        ]
    )

    def popen(args, env):
        process = FakeProcess(args, next(plans))
        started.append(process)
        return process

    monkeypatch.setattr(serve_module.subprocess, "Popen", popen)
    monkeypatch.setattr(serve_module.time, "sleep", lambda s: None)
    assert serve_module.serve(addr="127.0.0.1:1") == 0
    workers = [p for p in started if "worker" in p.args]
    assert len(workers) == 2  # started again after the first one exited
    assert workers[1].signals  # and stopped with the web server
