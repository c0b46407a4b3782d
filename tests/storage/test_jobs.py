"""The batch job queue in the store: claims, leases, release, listing (SQLite and PostgreSQL)."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime, timedelta

import pytest

from matching.batch.job_errors import JobError
from matching.errors import InvalidInputError, NotFoundError
from matching.scope import Scope
from matching.storage.store import Store

KUTAISI, BATUMI = Scope("Kutaisi Employment"), Scope("Batumi Jobs")


def enqueue(store: Store, n: int, **kwargs) -> list[str]:
    ids = [f"{i:08x}" + "ab" * 4 for i in range(n)]
    for job_id in ids:
        store.enqueue_batch_job(job_id, source_name="pl.csv", data=job_id.encode(), **kwargs)
    return ids


def test_a_job_keeps_its_input_and_submitter_and_is_scoped(store: Store) -> None:
    job = store.enqueue_batch_job(
        "ab12cd34",
        source_name="list.xlsx",
        data=b"\x00PK bytes",
        submitted_by="nino",
        scope=KUTAISI,
        demand_list_id="PL-2027",
        destination_country="PL",
    )
    assert (job.state, job.attempts, job.agency, job.submitted_by) == (
        "queued",
        0,
        "Kutaisi Employment",
        "nino",
    )
    assert job.submitted_at.tzinfo is not None
    assert store.batch_job_input("ab12cd34") == b"\x00PK bytes"
    assert store.get_batch_job("ab12cd34", scope=KUTAISI).demand_list_id == "PL-2027"
    with pytest.raises(NotFoundError):
        store.get_batch_job("ab12cd34", scope=BATUMI)
    assert store.list_batch_jobs(scope=BATUMI).jobs == []
    assert [j.id for j in store.list_batch_jobs().jobs] == ["ab12cd34"]


def test_claims_take_the_oldest_job_once_then_none(store: Store) -> None:
    ids = enqueue(store, 3)
    taken = [store.claim_batch_job("w1", lease_seconds=60) for _ in range(4)]
    assert [j.id if j else None for j in taken] == [*ids, None]
    first = taken[0]
    assert first.state == "running" and first.attempts == 1 and first.worker == "w1"
    assert first.lease_expires > datetime.now(UTC) + timedelta(seconds=50)
    assert store.renew_batch_job(first.id, first.claim, lease_seconds=60)
    assert store.finish_batch_job(first.id, first.claim, summary={"filled": 3})
    done = store.get_batch_job(first.id)
    assert (done.state, done.summary, done.lease_expires) == ("done", {"filled": 3}, None)
    assert not store.renew_batch_job(first.id, first.claim, lease_seconds=60)  # ended
    assert store.fail_batch_job(ids[1], taken[1].claim, "DataFileError: pl.csv: row 2")
    assert store.get_batch_job(ids[1]).error == "DataFileError: pl.csv: row 2"


def test_a_job_whose_lease_ran_out_is_taken_over(store: Store) -> None:
    (job_id,) = enqueue(store, 1)
    dead = store.claim_batch_job("w-dead", lease_seconds=0.2)
    assert store.claim_batch_job("w2", lease_seconds=60) is None  # the lease holds
    time.sleep(0.4)
    alive = store.claim_batch_job("w2", lease_seconds=60)
    assert alive is not None and alive.id == job_id
    assert (alive.attempts, alive.worker) == (2, "w2")
    assert alive.started_at == dead.started_at  # the first start is kept
    # The dead worker's claim no longer holds the job: it can neither renew nor end it.
    assert not store.renew_batch_job(job_id, dead.claim, lease_seconds=60)
    assert not store.finish_batch_job(job_id, dead.claim, summary={})
    assert store.get_batch_job(job_id).state == "running"
    assert store.finish_batch_job(job_id, alive.claim, summary={})


def test_a_job_interrupted_too_often_fails(store: Store) -> None:
    (job_id,) = enqueue(store, 1)
    for _ in range(2):
        assert store.claim_batch_job("w", lease_seconds=0.1, max_attempts=2) is not None
        time.sleep(0.25)
    assert store.claim_batch_job("w", lease_seconds=60, max_attempts=2) is None
    failed = store.get_batch_job(job_id)
    assert failed.state == "failed"
    error = JobError.loads(failed.error)  # a code and values, worded per reader
    assert (error.code, error.params) == ("interrupted", {"attempts": 2})
    assert "interrupted 2 times" in error.english


def test_a_released_job_is_queued_again_without_counting_the_attempt(store: Store) -> None:
    (job_id,) = enqueue(store, 1)
    job = store.claim_batch_job("w", lease_seconds=60)
    assert store.release_batch_job(job_id, job.claim)
    again = store.get_batch_job(job_id)
    assert (again.state, again.attempts, again.claim) == ("queued", 0, None)
    assert store.claim_batch_job("w", lease_seconds=60).attempts == 1


def test_listing_pages_by_cursor_newest_first_with_filters(store: Store) -> None:
    ids = enqueue(store, 4, destination_country="PL")
    de = [f"{i:08x}" + "cd" * 4 for i in range(3)]
    for job_id in de:
        store.enqueue_batch_job(
            job_id, source_name="de.csv", data=b"x", destination_country="DE", demand_list_id="D"
        )
    everyone = [*ids, *de][::-1]
    seen, cursor = [], None
    while True:
        page = store.list_batch_jobs(limit=3, after=cursor)
        assert len(page.jobs) <= 3
        seen += [j.id for j in page.jobs]
        cursor = page.next_cursor
        if cursor is None:
            break
    assert seen == everyone
    assert [j.id for j in store.list_batch_jobs(destination_country="DE").jobs] == de[::-1]
    assert [j.id for j in store.list_batch_jobs(demand_list_id="D").jobs] == de[::-1]
    store.claim_batch_job("w", lease_seconds=60)  # the oldest: ids[0]
    assert [j.id for j in store.list_batch_jobs(states=["running"]).jobs] == [ids[0]]
    assert len(store.list_batch_jobs(states=["queued", "done"]).jobs) == 6
    later = store.get_batch_job(de[0]).submitted_at
    assert [j.id for j in store.list_batch_jobs(since=later).jobs] == de[::-1]
    with pytest.raises(InvalidInputError):
        store.list_batch_jobs(after="not-a-cursor")
    with pytest.raises(InvalidInputError):
        store.list_batch_jobs(states=["lost"])


def test_workers_racing_never_take_one_job_twice(database_url: str) -> None:
    with Store(database_url) as store:
        ids = enqueue(store, 24)
    taken: list[tuple[str, str]] = []
    lock = threading.Lock()

    def work(name: str) -> None:
        with Store(database_url, migrate=False) as mine:
            while (job := mine.claim_batch_job(name, lease_seconds=60)) is not None:
                with lock:
                    taken.append((job.id, name))

    threads = [threading.Thread(target=work, args=(f"w{i}",)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(job_id for job_id, _ in taken) == sorted(ids)  # each exactly once
