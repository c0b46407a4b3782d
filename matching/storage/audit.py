"""Audit events written by one thread, whatever has queued as one insert (group commit).

Many request threads writing their own audit insert queue for the database's write lock
(SQLite has one; a waiting writer sleeps in growing steps), which under concurrent API
clients made the slowest requests several times slower than the median. The
:class:`AuditWriter` takes the events instead: one thread writes every event queued
since its last write in one transaction, and a caller that waits (the default) returns
once its events are stored, so nothing a response reports is unaudited.

Nothing is ever dropped. The queue is bounded by events: a caller that finds it full
waits for room (back-pressure, never loss). A write that fails (the database gone
away) is retried, the same batch, until it succeeds or the writer is closed; closing
first writes whatever is queued.

Example:
    >>> from datetime import UTC, datetime
    >>> from matching.storage.results import AuditEvent
    >>> from matching.storage.store import Store
    >>> with Store("sqlite://") as store, AuditWriter(store) as writer:
    ...     writer.submit([AuditEvent("viewed", datetime.now(UTC), "js-1", None, {})])
    ...     len(store.list_audit_events())
    1
"""

from __future__ import annotations

import logging
import threading
import time
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from matching.errors import MatchingError

if TYPE_CHECKING:
    from matching.storage.results import AuditEvent
    from matching.storage.store import Store

log = logging.getLogger(__name__)


class AuditUnavailableError(MatchingError):
    """Events could not be stored in time (they stay queued and are written later)."""


@dataclass(eq=False)
class _Pending:
    events: Sequence[AuditEvent]
    done: threading.Event = field(default_factory=threading.Event)


class AuditWriter:
    """Writes audit events through ``store.record_audit_events`` from one thread.

    Args:
        store: An open store.
        max_queued: Events queued at most; a caller beyond it waits for room. One
            submission larger than this is still taken, alone.
        max_batch: Events written in one transaction at most.
        retry_seconds: Pause before a failed write is tried again.
    """

    def __init__(
        self,
        store: Store,
        *,
        max_queued: int = 10_000,
        max_batch: int = 5_000,
        retry_seconds: float = 0.5,
    ):
        self.store = store
        self.max_queued = max_queued
        self.max_batch = max_batch
        self.retry_seconds = retry_seconds
        self._queue: deque[_Pending] = deque()
        self._queued = 0  # events in _queue
        self._writing: list[_Pending] = []
        self._cond = threading.Condition()
        self._closing = False
        self._thread: threading.Thread | None = None
        self.written_ = 0
        self.failures_ = 0

    # ------------------------------------------------------------------ lifecycle
    def start(self) -> AuditWriter:
        """Start the writing thread; returns self."""
        with self._cond:
            if self._thread is None:
                self._closing = False
                self._thread = threading.Thread(
                    target=self._run, name="matching-audit-writer", daemon=True
                )
                self._thread.start()
        return self

    def close(self, timeout: float | None = None) -> None:
        """Stop taking events, write every queued one, stop the thread.

        Raises:
            AuditUnavailableError: ``timeout`` seconds passed with events still unwritten
                (the database is unreachable); the count is in the message.
        """
        with self._cond:
            self._closing = True
            self._cond.notify_all()
            thread = self._thread
        if thread is None:
            return
        thread.join(timeout)
        if thread.is_alive():
            with self._cond:
                left = self._queued + sum(len(p.events) for p in self._writing)
            raise AuditUnavailableError(f"{left} audit events could not be written at shutdown")
        self._thread = None

    def __enter__(self) -> AuditWriter:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def queued(self) -> int:
        """Events waiting to be written (not counting a write in progress)."""
        with self._cond:
            return self._queued

    # ------------------------------------------------------------------ callers
    def submit(
        self, events: Sequence[AuditEvent], *, wait: bool = True, timeout: float | None = 60.0
    ) -> None:
        """Queue ``events``; with ``wait``, return once they are stored.

        Raises:
            AuditUnavailableError: The writer is closed, or ``timeout`` seconds passed
                before the events were taken or stored (taken events stay queued and are
                written when the database answers again).
        """
        events = list(events)
        if not events:
            return
        pending = _Pending(events)
        deadline = None if timeout is None else time.monotonic() + timeout
        with self._cond:
            if self._closing or self._thread is None:
                raise AuditUnavailableError("the audit writer is not running")
            while self._queued and self._queued + len(events) > self.max_queued:
                left = None if deadline is None else deadline - time.monotonic()
                if left is not None and left <= 0:
                    raise AuditUnavailableError("the audit queue stayed full")
                self._cond.wait(left)
                if self._closing:
                    raise AuditUnavailableError("the audit writer is closing")
            self._queue.append(pending)
            self._queued += len(events)
            self._cond.notify_all()
        if wait and not pending.done.wait(
            None if deadline is None else max(0.0, deadline - time.monotonic())
        ):
            raise AuditUnavailableError("audit events not stored in time (still queued)")

    def flush(self, timeout: float | None = None) -> bool:
        """Wait until every event queued so far is stored; ``False`` on timeout."""
        with self._cond:
            last = self._queue[-1] if self._queue else None
            if last is None and self._writing:
                last = self._writing[-1]
        return last is None or last.done.wait(timeout)

    # ------------------------------------------------------------------ the thread
    def _take(self) -> list[_Pending]:
        """The next batch (whole submissions, at most ``max_batch`` events unless one
        submission alone is larger), or ``[]`` when closing with nothing left."""
        with self._cond:
            while not self._queue and not self._closing:
                self._cond.wait()
            batch: list[_Pending] = []
            size = 0
            while self._queue and (
                not batch or size + len(self._queue[0].events) <= self.max_batch
            ):
                pending = self._queue.popleft()
                batch.append(pending)
                size += len(pending.events)
            self._queued -= size
            self._writing = batch
            self._cond.notify_all()  # room for callers waiting on a full queue
            return batch

    def _run(self) -> None:
        while True:
            batch = self._take()
            if not batch:
                return
            events = [e for p in batch for e in p.events]
            while True:
                try:
                    self.store.record_audit_events(events)
                    break
                except Exception:  # never drop: keep the batch and try again
                    self.failures_ += 1
                    log.exception("audit write failed; retrying %d events", len(events))
                    time.sleep(self.retry_seconds)
            with self._cond:
                self._writing = []
                self.written_ += len(events)
            for pending in batch:
                pending.done.set()
