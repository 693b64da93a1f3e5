"""Writes that wait out SQLite's "database is locked" instead of failing.

On SQLite one writer holds the lock at a time; the busy timeout (settings) covers ordinary waits.
A write that still meets the lock (a long write elsewhere) is tried again a few times with a
growing pause; on PostgreSQL the error does not occur and this is a plain call.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import TypeVar

from django.db import OperationalError, close_old_connections

log = logging.getLogger(__name__)
T = TypeVar("T")


def is_locked(exc: BaseException) -> bool:
    text = str(exc).lower()
    return "database is locked" in text or "database table is locked" in text


def when_unlocked(fn: Callable[[], T], *, attempts: int = 8, pause: float = 0.5) -> T:
    """Call fn; on "database is locked" wait and call it again (pauses 0.5, 1, 2… s)."""
    for attempt in range(attempts):
        try:
            return fn()
        except OperationalError as exc:
            if not is_locked(exc) or attempt == attempts - 1:
                raise
            log.warning("database is locked; trying again (%d/%d)", attempt + 1, attempts)
            close_old_connections()
            time.sleep(min(pause * 2**attempt, 10.0))
    raise AssertionError("unreachable")
