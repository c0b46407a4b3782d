"""Latency of single calls, shared by the benchmark scripts (run as ``python bench/X.py``,
which puts this directory on the import path)."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from typing import TypeVar

import numpy as np

T = TypeVar("T")


def latency_ms(call: Callable[[T], object], items: Iterable[T]) -> tuple[float, float]:
    """p50 and p95 wall time of ``call(item)`` per item, in ms, after one warm-up call."""
    items = list(items)
    call(items[0])
    times = []
    for item in items:
        start = time.perf_counter()
        call(item)
        times.append((time.perf_counter() - start) * 1000)
    return float(np.percentile(times, 50)), float(np.percentile(times, 95))
