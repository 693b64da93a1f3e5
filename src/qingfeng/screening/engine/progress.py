"""Progress reporting: a callback taking the fraction done (0..1) and a Chinese message."""

from __future__ import annotations

from collections.abc import Callable

Progress = Callable[[float, str], None]


def silent(fraction: float, message: str) -> None:
    """Default callback: report nothing."""


class Stage:
    """Maps a sub-task's own 0..1 progress into a slice [start, end] of the whole run."""

    def __init__(self, progress: Progress, start: float, end: float) -> None:
        self.progress, self.start, self.end = progress, start, end

    def __call__(self, fraction: float, message: str) -> None:
        fraction = min(max(fraction, 0.0), 1.0)
        self.progress(self.start + (self.end - self.start) * fraction, message)
