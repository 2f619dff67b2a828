"""Timing shared by the bench scripts (run as ``python bench/X.py``: this folder is on the path)."""

from __future__ import annotations

import time
from collections.abc import Callable


def best_time(fn: Callable[[], object], repeats: int = 3) -> float:
    """Best of ``repeats`` wall-clock runs: the least disturbed by other work on the machine."""
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return min(times)
