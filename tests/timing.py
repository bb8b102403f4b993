"""Timing for tests that guard against slow code paths without absolute-time limits.

A shared CI machine is noisy, so no test asserts a number of seconds: each compares two
timings taken in the same run (the work against a floor it cannot beat, or a long input
against a short one to catch quadratic behaviour), each the best of a few runs so that one
scheduler hiccup cannot fail it.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def best_of(runs: int, func: Callable[[], T]) -> tuple[T, float]:
    """Call ``func`` ``runs`` times; its last result and the shortest wall time in seconds."""
    best = float("inf")
    result: T
    for _ in range(runs):
        start = time.perf_counter()
        result = func()
        best = min(best, time.perf_counter() - start)
    return result, best
