"""AuditWriter: group commit that never drops an event and writes its queue on close.

Runs on SQLite and, when MATCHING_TEST_POSTGRES_URL is set, on PostgreSQL (the
``store`` fixture).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable
from datetime import UTC, datetime

import pytest

from matching.storage.audit import AuditUnavailableError, AuditWriter
from matching.storage.results import AuditEvent
from matching.storage.store import Store


def events(tag: str, n: int) -> list[AuditEvent]:
    at = datetime.now(UTC)
    return [AuditEvent("shortlisted", at, f"{tag}-{i}", "PL-1", {"by": tag}) for i in range(n)]


class GatedStore:
    """A store whose writes wait for ``gate`` and may fail a few times first; it records
    every batch it was asked to write and the most events queued while it waited."""

    def __init__(self, store: Store, *, failures: int = 0):
        self.store = store
        self.gate = threading.Event()
        self.failures = failures
        self.batches: list[int] = []
        self.entered = threading.Event()

    def record_audit_events(self, rows: Iterable[AuditEvent]) -> int:
        rows = list(rows)
        self.entered.set()
        self.gate.wait(30)
        if self.failures:
            self.failures -= 1
            raise OSError("database gone away")
        self.batches.append(len(rows))
        return self.store.record_audit_events(rows)


def test_events_are_stored_before_submit_returns(store: Store) -> None:
    with AuditWriter(store) as writer:
        writer.submit(events("a", 3))
        assert [e.job_seeker_external_id for e in store.list_audit_events()] == [
            "a-0",
            "a-1",
            "a-2",
        ]


def test_a_full_queue_makes_callers_wait_and_loses_nothing(store: Store) -> None:
    gated = GatedStore(store)
    writer = AuditWriter(gated, max_queued=4, max_batch=100).start()  # type: ignore[arg-type]
    most_queued = 0
    errors: list[BaseException] = []

    def caller(n: int) -> None:
        try:
            writer.submit(events(f"c{n}", 2))
        except BaseException as error:  # reported by the assertion below
            errors.append(error)

    threads = [threading.Thread(target=caller, args=(n,)) for n in range(12)]
    for thread in threads:
        thread.start()
    assert gated.entered.wait(10)  # the first batch is being written, the rest queue
    deadline = time.monotonic() + 1.0
    while time.monotonic() < deadline:
        most_queued = max(most_queued, writer.queued)
        time.sleep(0.01)
    assert most_queued == 4  # full, and bounded: the other callers wait for room
    gated.gate.set()
    for thread in threads:
        thread.join(30)
    writer.close()
    assert errors == []
    stored = store.list_audit_events()
    assert len(stored) == 24
    assert {e.job_seeker_external_id for e in stored} == {
        f"c{n}-{i}" for n in range(12) for i in range(2)
    }
    assert sum(gated.batches) == 24 and max(gated.batches) <= 4


def test_a_failed_write_is_retried_never_dropped(store: Store) -> None:
    gated = GatedStore(store, failures=2)
    gated.gate.set()
    with AuditWriter(gated, retry_seconds=0.01) as writer:  # type: ignore[arg-type]
        writer.submit(events("r", 5))
        assert writer.failures_ == 2
    assert len(store.list_audit_events()) == 5


def test_close_writes_every_queued_event(store: Store) -> None:
    gated = GatedStore(store)
    writer = AuditWriter(gated, max_batch=3).start()  # type: ignore[arg-type]
    for n in range(10):
        writer.submit(events(f"q{n}", 2), wait=False)
    assert gated.entered.wait(10)
    assert writer.queued > 0  # still queued when the shutdown begins
    closer = threading.Thread(target=writer.close)
    closer.start()
    gated.gate.set()
    closer.join(30)
    assert not closer.is_alive()
    assert len(store.list_audit_events()) == 20
    assert writer.queued == 0
    with pytest.raises(AuditUnavailableError):
        writer.submit(events("late", 1))


def test_close_reports_events_it_could_not_write(store: Store) -> None:
    gated = GatedStore(store, failures=10_000)
    gated.gate.set()
    writer = AuditWriter(gated, retry_seconds=0.01).start()  # type: ignore[arg-type]
    writer.submit(events("x", 3), wait=False)
    with pytest.raises(AuditUnavailableError, match="3 audit events"):
        writer.close(timeout=0.3)
    gated.failures = 0  # the database answers again: the events still get written
    writer.flush(10)
    writer.close(10)
    assert len(store.list_audit_events()) == 3


def test_a_caller_waiting_too_long_is_told_and_its_events_stay_queued(store: Store) -> None:
    gated = GatedStore(store)
    writer = AuditWriter(gated).start()  # type: ignore[arg-type]
    with pytest.raises(AuditUnavailableError, match="still queued"):
        writer.submit(events("t", 2), timeout=0.2)
    gated.gate.set()
    writer.close(10)
    assert len(store.list_audit_events()) == 2
