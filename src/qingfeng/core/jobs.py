"""What becomes of a background job whose worker died in the middle (killed, out of memory,
the machine rebooted): each app registers, next to its task, a function that marks the job's own
record failed with a reason the user reads, and removes what was half written. The worker calls
them for the tasks it finds abandoned when it starts (and every minute after, for the other
workers): see qingfeng.screening.stale."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

_ON_ABANDONED: dict[str, Callable[..., Any]] = {}


def on_abandoned(task) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Decorator: `fn(*args, **kwargs)`, called with the abandoned task's own arguments."""

    def register(fn: Callable[..., Any]) -> Callable[..., Any]:
        _ON_ABANDONED[task.module_path] = fn
        return fn

    return register


def abandoned_handler(task_path: str) -> Callable[..., Any] | None:
    return _ON_ABANDONED.get(task_path)
