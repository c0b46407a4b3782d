"""The cyclic garbage collector around the engine's big, long-lived heap.

The taxonomy, the title normaliser, a fitted matcher and the statistics' sources are
millions of objects that live as long as the process. Two policies keep the collector
from walking them again and again: bulk work runs with fewer collections
(:func:`fewer_collections`), and what has just been loaded for good is frozen out of
full passes (:func:`freeze_heap`).
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

__all__ = ["fewer_collections", "freeze_heap"]


# Collector thresholds while bulk work runs (generation 0 at 200,000 allocations, not 700).
_BULK_THRESHOLD = (200_000, 20, 100)
_bulk_lock = threading.Lock()
_bulk_state: dict[str, Any] = {"depth": 0, "saved": None}


@contextmanager
def fewer_collections() -> Iterator[None]:
    """Run the cyclic garbage collector less often while a bulk job allocates.

    An import creates millions of short-lived objects (cells, dicts, records) while
    the title normaliser's and the catalogue's millions of long-lived ones sit in the
    heap; at Python's default thresholds the collector ran every 700 allocations and
    took a fifth of a 100,000-row import's CPU time. Reference counting still frees
    every object as soon as it is dropped: only garbage in reference cycles waits
    longer. Nested and concurrent uses share one setting; the last to leave restores
    the thresholds it found.
    """
    with _bulk_lock:
        if _bulk_state["depth"] == 0:
            _bulk_state["saved"] = gc.get_threshold()
            gc.set_threshold(*_BULK_THRESHOLD)
        _bulk_state["depth"] += 1
    try:
        yield
    finally:
        with _bulk_lock:
            _bulk_state["depth"] -= 1
            if _bulk_state["depth"] == 0:
                gc.set_threshold(*_bulk_state["saved"])


def freeze_heap(*, collect: bool = True) -> None:
    """Leave what is in memory now (the taxonomy, the normaliser, a freshly fitted
    matcher: about a million objects over 20,000 people) out of the garbage collector's
    full passes (:func:`gc.freeze`), after collecting what is already garbage.

    Under concurrent requests each request's temporaries live long enough to be promoted
    to the oldest generation, and a full pass then walked the whole heap every few
    seconds while holding the interpreter lock: about 0.3-1 s each, most of a loaded
    server's slowest requests. Frozen objects are still freed when no longer referenced;
    only a reference cycle among them would outlive a refit. ``collect=False`` freezes
    without the collection first (for callers that just built what they freeze).
    """
    if collect:
        gc.collect()
    gc.freeze()
