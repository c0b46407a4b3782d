"""The batch worker: takes batch jobs from the store's queue and runs them, one at a time.

A worker runs inside ``matching serve`` (a background thread, unless
``Settings.jobs_worker`` is off) and as ``matching worker``; any number of them may share
one database. Each claims a job (:meth:`~matching.storage.Store.claim_batch_job`), writes
the job's input file under ``data_dir/api-uploads/<job id>/`` when it is not there yet
(the bytes are in the job, so any machine can run it), and runs :func:`run_batch` with
the job's id as the run id, renewing its lease every third of ``jobs_lease_seconds``.

A worker killed mid-run leaves the job ``running`` with a lease that runs out; the next
worker to look takes it up and :func:`run_batch` resumes from the run's checkpoint, so the
results are those of an uninterrupted run. A worker asked to stop (the server shutting
down) stops after the vacancy in hand and puts its job back in the queue at once.

Example:
    >>> from matching.config import Settings
    >>> from matching.service import Engine
    >>> with Engine(Settings(esco_dir=None, database_url="sqlite://")) as engine:  # doctest: +SKIP
    ...     engine.store.enqueue_batch_job("ab12cd34", source_name="pl.csv", data=b"...")
    ...     BatchWorker(engine).run_once().state
    'done'
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING

import sqlalchemy as sa

from matching.batch.job_errors import JobError, job_error
from matching.batch.manifest import _held_elsewhere
from matching.batch.run import run_batch
from matching.errors import MatchingError, RunInProgressError
from matching.fileio import atomic_path, sha256_file

if TYPE_CHECKING:
    from matching.service import Engine
    from matching.storage.jobs import BatchJob

log = logging.getLogger(__name__)


class WorkerStopping(Exception):  # a signal, not an error
    """Raised between two vacancies when the worker is asked to stop."""


class BatchWorker:
    """Runs the store's batch jobs.

    Args:
        engine: The engine the runs use (its store holds the queue).
        runs_dir: Where runs go; ``data_dir/runs`` by default (where the API reads them).
        inputs_dir: Where job inputs are written; ``data_dir/api-uploads`` by default.
        name: How this worker is named in the job table; host and process by default.
    """

    def __init__(
        self,
        engine: Engine,
        *,
        runs_dir: Path | None = None,
        inputs_dir: Path | None = None,
        name: str | None = None,
    ):
        self.engine = engine
        self.runs_dir = runs_dir
        self.inputs_dir = inputs_dir
        self.name = name
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None

    # ------------------------------------------------------------------ settings
    @property
    def _settings(self):
        return self.engine.settings

    def _runs(self) -> Path:
        return self.runs_dir or Path(self._settings.data_dir) / "runs"

    def _inputs(self) -> Path:
        return self.inputs_dir or Path(self._settings.data_dir) / "api-uploads"

    def _name(self) -> str:
        return self.name or f"{socket.gethostname()}:{os.getpid()}"

    # ------------------------------------------------------------------ one job
    def run_once(self) -> BatchJob | None:
        """Claim one job and run it to its end; the job as it ended, or ``None`` when
        no job was waiting (or this worker lost the job to another meanwhile)."""
        settings = self._settings
        job = self.engine.store.claim_batch_job(
            self._name(),
            lease_seconds=settings.jobs_lease_seconds,
            max_attempts=settings.jobs_max_attempts,
        )
        if job is None:
            return None
        log.info("batch job %s: attempt %d on %s", job.id, job.attempts, self._name())
        self._run(job)
        return self.engine.store.get_batch_job(job.id)

    def _input(self, job: BatchJob) -> Path:
        """The job's input file on this machine, written from the store when missing."""
        path = self._inputs() / job.id / job.source_name
        if not path.is_file() or sha256_file(path) != job.input_sha256:
            data = self.engine.store.batch_job_input(job.id)
            with atomic_path(path) as tmp:
                tmp.write_bytes(data)
        return path

    def _run(self, job: BatchJob) -> None:
        store, settings = self.engine.store, self._settings
        assert job.claim is not None
        lost = threading.Event()
        done = threading.Event()

        def heartbeat() -> None:
            every = settings.jobs_lease_seconds / 3
            while not done.wait(every):
                try:
                    held = store.renew_batch_job(
                        job.id, job.claim, lease_seconds=settings.jobs_lease_seconds
                    )
                except Exception:  # the database away for a moment: try again
                    log.warning("batch job %s: the lease could not be renewed", job.id)
                    continue
                if not held:
                    lost.set()
                    return

        def progress(_done: int, _total: int) -> None:
            if self._stop.is_set() or lost.is_set():
                raise WorkerStopping
            if settings.jobs_pause_seconds:
                time.sleep(settings.jobs_pause_seconds)

        beating = threading.Thread(target=heartbeat, name=f"lease-{job.id[:8]}", daemon=True)
        beating.start()
        source: Path | None = None
        try:
            source = self._input(job)
            run = run_batch(
                self.engine,
                source,
                self._runs(),
                demand_list_id=job.demand_list_id,
                destination_country=job.destination_country,
                run_id=job.id,
                progress=progress,
                mapping=job.mapping,
            )
        except WorkerStopping:
            if not lost.is_set():
                store.release_batch_job(job.id, job.claim)
                log.info("batch job %s: stopped, back in the queue", job.id)
            return
        except RunInProgressError as error:
            if _held_elsewhere(self._runs() / job.id):
                # A worker of this machine still holds the run: leave the job to lapse
                # to whoever finds that run finished (it is then reused, not redone).
                log.warning("batch job %s: held by another process here", job.id)
                return
            store.fail_batch_job(job.id, job.claim, self._message(error, source))
            return
        except MatchingError as error:
            store.fail_batch_job(job.id, job.claim, self._message(error, source))
            return
        except Exception:
            log.exception("batch job %s failed", job.id)
            store.fail_batch_job(job.id, job.claim, JobError("unexpected").dumps())
            return
        finally:
            done.set()
            beating.join()
        summary = {
            "vacancies": run.vacancies,
            "positions": run.positions,
            "filled": run.filled,
            "flagged": run.flagged,
            "reused": run.reused,
            "files": sorted(run.files),
        }
        if not store.finish_batch_job(job.id, job.claim, summary=summary):
            log.warning("batch job %s: finished after its lease was taken over", job.id)

    def _message(self, error: BaseException, source: Path | None) -> str:
        """The error as stored: a code and values, worded per reader; no server path."""
        known = [self._runs(), self._inputs(), *([source] if source else [])]
        return job_error(error, *known).dumps()

    # ------------------------------------------------------------------ the loop
    def run(self, *, until_idle: bool = False) -> int:
        """Run jobs until :meth:`stop` (or, with ``until_idle``, until none waits);
        returns how many jobs this worker took."""
        taken = 0
        # An in-memory database is this process's alone: only its own submissions
        # (which wake the worker) can queue a job, so it is not polled.
        url = sa.make_url(self.engine.store.url)
        private = url.get_backend_name() == "sqlite" and url.database in (None, "", ":memory:")
        poll = None if private else self._settings.jobs_poll_seconds
        while not self._stop.is_set():
            try:
                job = self.run_once()
            except Exception:  # the database away for a moment: keep polling
                log.exception("batch worker: claiming a job failed")
                job = None
            if job is not None:
                taken += 1
                continue
            if until_idle:
                break
            self._wake.wait(poll)
            self._wake.clear()
        return taken

    def start(self) -> BatchWorker:
        """Run :meth:`run` on a background thread."""
        self._stop.clear()
        self._thread = threading.Thread(target=self.run, name="batch-worker", daemon=True)
        self._thread.start()
        return self

    def wake(self) -> None:
        """Look for a job now rather than at the next poll (one was just queued)."""
        self._wake.set()

    def stop(self, timeout: float | None = 30.0) -> None:
        """Ask the worker to stop after the vacancy in hand (its job goes back to the
        queue) and wait for it."""
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None
