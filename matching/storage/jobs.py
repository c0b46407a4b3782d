"""The store's batch jobs (a mixin of :class:`~matching.storage.Store`): a queue in the
database that any worker sharing it can take jobs from.

Claiming is atomic on both databases. PostgreSQL picks the oldest claimable job with
``SELECT ... FOR UPDATE SKIP LOCKED`` (two workers never wait on each other, nor take the
same job); SQLite takes it with one conditional ``UPDATE ... WHERE id = (SELECT ...)``
(SQLite runs one writer at a time, so the statement is the lock). A claimable job is a
queued one, or a running one whose lease ran out: its worker died, and the run resumes
from its checkpoint. Each claim gets a fresh token; renewing the lease and finishing the
job need it, so a worker that lost its lease cannot overwrite its successor's work.

Example:
    >>> from matching.storage import Store
    >>> with Store("sqlite://") as store:
    ...     _ = store.enqueue_batch_job("0a1b2c3d", source_name="pl.csv", data=b"id\\n")
    ...     job = store.claim_batch_job("worker-1", lease_seconds=60)
    ...     store.finish_batch_job(job.id, job.claim, summary={"vacancies": 0})
    ...     store.get_batch_job("0a1b2c3d").state
    True
    'done'
"""

from __future__ import annotations

import base64
import hashlib
import uuid
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from matching.errors import InvalidInputError, NotFoundError
from matching.scope import EVERYONE, Scope
from matching.storage.job_tables import _JOB, JOB_STATES

_LISTED = [c for c in _JOB.c if c.name != "input"]  # never the file's bytes in a list


def _utc(value: datetime | None) -> datetime | None:
    """A stored time as an aware UTC datetime (SQLite gives it back naive)."""
    if value is None:
        return None
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


@dataclass(frozen=True)
class BatchJob:
    """A batch job as stored: its state, who asked for it, and its lease while running."""

    id: str
    state: str
    source_name: str
    input_sha256: str
    submitted_by: str
    submitted_at: datetime
    demand_list_id: str | None = None
    destination_country: str | None = None
    agency: str | None = None
    started_at: datetime | None = None
    finished_at: datetime | None = None
    attempts: int = 0
    claim: str | None = None
    worker: str | None = None
    heartbeat_at: datetime | None = None
    lease_expires: datetime | None = None
    error: str | None = None
    summary: dict[str, Any] = field(default_factory=dict)
    mapping: dict[str, str | None] | None = None

    @classmethod
    def from_row(cls, row: Any) -> BatchJob:
        return cls(
            id=row.id,
            state=row.state,
            source_name=row.source_name,
            input_sha256=row.input_sha256,
            submitted_by=row.submitted_by,
            submitted_at=_utc(row.submitted_at),  # type: ignore[arg-type]
            demand_list_id=row.demand_list_id,
            destination_country=row.destination_country,
            agency=row.agency,
            started_at=_utc(row.started_at),
            finished_at=_utc(row.finished_at),
            attempts=row.attempts,
            claim=row.claim,
            worker=row.worker,
            heartbeat_at=_utc(row.heartbeat_at),
            lease_expires=_utc(row.lease_expires),
            error=row.error,
            summary=dict(row.summary or {}),
            mapping=dict(row.mapping) if row.mapping else None,
        )

    @property
    def cursor(self) -> str:
        """An opaque cursor: the page after it starts with the next older job."""
        text = f"{self.submitted_at.astimezone(UTC).isoformat()}|{self.id}"
        return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


@dataclass(frozen=True)
class BatchJobPage:
    """A page of jobs, newest first, and the cursor of the next page (``None``: the last)."""

    jobs: list[BatchJob]
    next_cursor: str | None


def _decode_cursor(cursor: str) -> tuple[datetime, str]:
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        when, _, job_id = text.partition("|")
        moment = datetime.fromisoformat(when)
    except (ValueError, UnicodeDecodeError) as error:
        raise InvalidInputError(f"not a cursor of this list: {cursor[:40]!r}") from error
    if not job_id or moment.tzinfo is None:
        raise InvalidInputError(f"not a cursor of this list: {cursor[:40]!r}")
    return moment.astimezone(UTC), job_id


def _stamp(moment: datetime, dialect: str) -> datetime:
    """A time as the column compares it: SQLite stores naive UTC text."""
    return moment.replace(tzinfo=None) if dialect == "sqlite" else moment


class JobStoreMixin:
    """Batch jobs on the store's engine."""

    engine: Engine

    # ------------------------------------------------------------------ submitting
    def enqueue_batch_job(
        self,
        job_id: str,
        *,
        source_name: str,
        data: bytes,
        submitted_by: str = "",
        scope: Scope = EVERYONE,
        demand_list_id: str | None = None,
        destination_country: str | None = None,
        mapping: dict[str, str | None] | None = None,
    ) -> BatchJob:
        """Queue a run of a demand list (its bytes are stored with the job).

        Args:
            job_id: The run's id (its directory under ``data_dir/runs``).
            source_name: The file's name; its suffix tells the importer how to read it.
            data: The file's bytes.
            submitted_by: Who asked (a key's or a user's name).
            scope: The submitter's scope; an agency's jobs are listed to it alone.
            mapping: The column mapping the submitter confirmed (header -> field).
        """
        now = datetime.now(UTC)
        row = {
            "id": job_id,
            "state": "queued",
            "source_name": source_name,
            "input": data,
            "input_sha256": hashlib.sha256(data).hexdigest(),
            "demand_list_id": demand_list_id,
            "destination_country": destination_country,
            "submitted_by": submitted_by,
            "agency": scope.agency,
            "submitted_at": now,
            "attempts": 0,
            "mapping": dict(mapping) if mapping else None,
        }
        with self.engine.begin() as conn:
            conn.execute(sa.insert(_JOB), [row])
        return self.get_batch_job(job_id)

    # ------------------------------------------------------------------ reading
    def get_batch_job(self, job_id: str, *, scope: Scope = EVERYONE) -> BatchJob:
        """A job by id, as ``scope`` may see it.

        Raises:
            NotFoundError: No such job, or another agency's.
        """
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(*_LISTED).where(_JOB.c.id == job_id)).first()
        if row is None or not scope.sees(row.agency):
            raise NotFoundError(f"no batch job {job_id!r}")
        return BatchJob.from_row(row)

    def batch_job_input(self, job_id: str) -> bytes:
        """The demand list file a job was submitted with."""
        with self.engine.connect() as conn:
            data = conn.execute(sa.select(_JOB.c.input).where(_JOB.c.id == job_id)).scalar()
        if data is None:
            raise NotFoundError(f"no batch job {job_id!r}")
        return bytes(data)

    def list_batch_jobs(
        self,
        *,
        scope: Scope = EVERYONE,
        states: Collection[str] | None = None,
        demand_list_id: str | None = None,
        destination_country: str | None = None,
        since: datetime | None = None,
        after: str | None = None,
        limit: int = 50,
    ) -> BatchJobPage:
        """Jobs newest first, filtered, one page after the cursor ``after``.

        Keyset pagination on (submitted, id): a page costs the same however deep it is,
        and jobs submitted meanwhile neither repeat nor hide rows of later pages.

        Raises:
            InvalidInputError: An unknown state or a cursor this list did not give.
        """
        unknown = sorted(set(states or ()) - set(JOB_STATES))
        if unknown:
            known = ", ".join(JOB_STATES)
            raise InvalidInputError(f"unknown job states {unknown} (known: {known})")
        dialect = self.engine.dialect.name
        where: list[Any] = []
        if not scope.everyone:
            where.append(_JOB.c.agency == scope.agency)
        if states:
            where.append(_JOB.c.state.in_(sorted(states)))
        if demand_list_id is not None:
            where.append(_JOB.c.demand_list_id == demand_list_id)
        if destination_country is not None:
            where.append(_JOB.c.destination_country == destination_country)
        if since is not None:
            where.append(_JOB.c.submitted_at >= _stamp(since.astimezone(UTC), dialect))
        if after:
            moment, job_id = _decode_cursor(after)
            moment = _stamp(moment, dialect)  # type: ignore[assignment]
            where.append(
                sa.or_(
                    _JOB.c.submitted_at < moment,
                    sa.and_(_JOB.c.submitted_at == moment, _JOB.c.id < job_id),
                )
            )
        query = (
            sa.select(*_LISTED)
            .where(*where)
            .order_by(_JOB.c.submitted_at.desc(), _JOB.c.id.desc())
            .limit(limit + 1)
        )
        with self.engine.connect() as conn:
            jobs = [BatchJob.from_row(r) for r in conn.execute(query)]
        more = len(jobs) > limit
        jobs = jobs[:limit]
        return BatchJobPage(jobs, jobs[-1].cursor if more and jobs else None)

    # ------------------------------------------------------------------ working
    def claim_batch_job(
        self, worker: str, *, lease_seconds: float, max_attempts: int = 3
    ) -> BatchJob | None:
        """Take the oldest queued job, or a running one whose lease ran out, for
        ``lease_seconds``; ``None`` when there is none.

        A job already attempted ``max_attempts`` times whose lease ran out again is not
        taken: it fails, saying it was interrupted that many times.
        """
        now = datetime.now(UTC)
        dialect = self.engine.dialect.name
        stamp = _stamp(now, dialect)
        claim = uuid.uuid4().hex
        expired = sa.and_(_JOB.c.state == "running", _JOB.c.lease_expires < stamp)
        claimable = sa.or_(_JOB.c.state == "queued", expired)
        values = {
            "state": "running",
            "claim": claim,
            "worker": worker[:200],
            "attempts": _JOB.c.attempts + 1,
            "heartbeat_at": stamp,
            "lease_expires": _stamp(now + timedelta(seconds=lease_seconds), dialect),
            "started_at": sa.func.coalesce(_JOB.c.started_at, stamp),
            "error": None,
        }
        oldest = sa.select(_JOB.c.id).where(claimable).order_by(_JOB.c.submitted_at, _JOB.c.id)
        # SQLite: the same query over an alias, so that it stays a subquery of the UPDATE.
        pick = _JOB.alias("pick")
        pick_expired = sa.and_(pick.c.state == "running", pick.c.lease_expires < stamp)
        first = (
            sa.select(pick.c.id)
            .where(sa.or_(pick.c.state == "queued", pick_expired))
            .order_by(pick.c.submitted_at, pick.c.id)
            .limit(1)
        )
        with self.engine.connect() as conn:  # an idle poll reads, and writes nothing
            if conn.execute(sa.select(_JOB.c.id).where(claimable).limit(1)).first() is None:
                return None
        # (imported here: matching.batch imports the store)
        from matching.batch.job_errors import JobError

        with self.engine.begin() as conn:
            conn.execute(
                sa.update(_JOB)
                .where(expired, _JOB.c.attempts >= max_attempts)
                .values(
                    state="failed",
                    finished_at=stamp,
                    claim=None,
                    lease_expires=None,
                    error=JobError("interrupted", {"attempts": max_attempts}).dumps(),
                )
            )
            if dialect == "postgresql":
                job_id = conn.execute(
                    oldest.limit(1).with_for_update(skip_locked=True)
                ).scalar_one_or_none()
                if job_id is None:
                    return None
                conn.execute(sa.update(_JOB).where(_JOB.c.id == job_id).values(**values))
            else:
                taken = conn.execute(
                    sa.update(_JOB)
                    .where(_JOB.c.id == first.scalar_subquery(), claimable)
                    .values(**values)
                )
                if taken.rowcount != 1:
                    return None
            row = conn.execute(sa.select(*_LISTED).where(_JOB.c.claim == claim)).one()
        return BatchJob.from_row(row)

    def _holding(self, job_id: str, claim: str) -> Any:
        return sa.and_(_JOB.c.id == job_id, _JOB.c.claim == claim, _JOB.c.state == "running")

    def renew_batch_job(self, job_id: str, claim: str, *, lease_seconds: float) -> bool:
        """Extend a running job's lease; ``False`` when the claim no longer holds it."""
        now = datetime.now(UTC)
        dialect = self.engine.dialect.name
        with self.engine.begin() as conn:
            return (
                conn.execute(
                    sa.update(_JOB)
                    .where(self._holding(job_id, claim))
                    .values(
                        heartbeat_at=_stamp(now, dialect),
                        lease_expires=_stamp(now + timedelta(seconds=lease_seconds), dialect),
                    )
                ).rowcount
                == 1
            )

    def finish_batch_job(self, job_id: str, claim: str, *, summary: dict[str, Any]) -> bool:
        """Mark a job done with its run's counts; ``False`` when the claim lost it."""
        return self._end(job_id, claim, state="done", summary=summary)

    def fail_batch_job(self, job_id: str, claim: str, error: str) -> bool:
        """Mark a job failed with an error fit for its submitter (no server paths)."""
        return self._end(job_id, claim, state="failed", error=error[:4000])

    def release_batch_job(self, job_id: str, claim: str) -> bool:
        """Put a running job back in the queue (its worker is stopping); the attempt is
        not counted, and the next worker resumes from the run's checkpoint."""
        with self.engine.begin() as conn:
            return (
                conn.execute(
                    sa.update(_JOB)
                    .where(self._holding(job_id, claim))
                    .values(
                        state="queued",
                        claim=None,
                        lease_expires=None,
                        attempts=sa.func.max(_JOB.c.attempts - 1, 0)
                        if self.engine.dialect.name == "sqlite"
                        else sa.func.greatest(_JOB.c.attempts - 1, 0),
                    )
                ).rowcount
                == 1
            )

    def _end(self, job_id: str, claim: str, **values: Any) -> bool:
        stamp = _stamp(datetime.now(UTC), self.engine.dialect.name)
        with self.engine.begin() as conn:
            return (
                conn.execute(
                    sa.update(_JOB)
                    .where(self._holding(job_id, claim))
                    .values(finished_at=stamp, lease_expires=None, **values)
                ).rowcount
                == 1
            )
