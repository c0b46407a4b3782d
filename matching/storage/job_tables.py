"""The table of batch jobs (migration 0006): demand-list runs queued for any worker.

A job carries its input file (``input``, the uploaded bytes) so that a worker on any
machine sharing the database can run it; its state moves queued → running → done or
failed. A running job holds a lease (``lease_expires``) that its worker renews while it
works: a job whose lease ran out belongs to a worker that died, and the next worker takes
it up again and resumes from the run's checkpoint.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import DateTime, Index, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from matching.storage.tables import Base, RecordJson, _now

JOB_STATES = ("queued", "running", "done", "failed")


class BatchJobRow(Base):
    """One batch run requested through the API (or ``matching worker``'s queue)."""

    __tablename__ = "batch_jobs"
    __table_args__ = (
        # The claim: the oldest queued job, or a running one whose lease ran out.
        Index("ix_batch_jobs_state_lease_expires", "state", "lease_expires"),
        # Listing, newest first, a page after a cursor.
        Index("ix_batch_jobs_submitted_at_id", "submitted_at", "id"),
    )

    id: Mapped[str] = mapped_column(String(64), primary_key=True)  # the run id
    state: Mapped[str] = mapped_column(String(16))
    source_name: Mapped[str] = mapped_column(String(255))
    input: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    input_sha256: Mapped[str] = mapped_column(String(64))
    demand_list_id: Mapped[str | None] = mapped_column(String(64), index=True)
    destination_country: Mapped[str | None] = mapped_column(String(2), index=True)
    submitted_by: Mapped[str] = mapped_column(String(120))
    # The submitter's agency (its scope), None for a coordinator or the ministry.
    agency: Mapped[str | None] = mapped_column(String(120), index=True)
    submitted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)
    started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    # Who holds the job: a token per claim, so a worker whose lease was taken over
    # cannot finish or renew it.
    claim: Mapped[str | None] = mapped_column(String(64))
    worker: Mapped[str | None] = mapped_column(String(200))
    heartbeat_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    lease_expires: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    error: Mapped[str | None] = mapped_column(Text)
    # Counts and output formats of a finished run, as its manifest recorded them.
    summary: Mapped[dict[str, Any] | None] = mapped_column(RecordJson)
    # The column mapping the coordinator confirmed (header -> field, None: ignored).
    mapping: Mapped[dict[str, Any] | None] = mapped_column(RecordJson)


_JOB = BatchJobRow.__table__
