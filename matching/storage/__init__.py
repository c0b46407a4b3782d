"""Storage of job seekers, vacancies and demand lists in SQLite or PostgreSQL.

One code path serves both databases: SQLAlchemy 2 Core for the bulk writes and reads,
typed declarative models for the schema, Alembic migrations (``matching/storage/migrations/``)
applied when a :class:`Store` opens.

Each record is stored twice over: the columns that queries filter on (external id,
agency, region, destination, ISCO group, ESCO URI, availability, consent ...) and the
full validated record as JSON, from which the pydantic record is rebuilt exactly. A
SHA-256 of the record's canonical JSON makes upserts idempotent: writing a record that
is already stored unchanged touches nothing and is counted as ``unchanged``.

Right to erasure: :meth:`Store.erase_job_seeker` deletes the person's row and every row
of every table in :data:`Base.metadata` that names them, found by convention: a foreign
key to ``job_seekers.id`` or a column named ``job_seeker_external_id``. Tables that other
modules add to this metadata are covered as long as they follow the convention. Today
those tables are ``job_seeker_occupations``, ``job_seeker_destinations``,
``match_results`` and ``audit_events``.

Example:
    >>> from matching.records import JobSeeker
    >>> with Store("sqlite://") as store:
    ...     report = store.upsert_job_seekers([JobSeeker(external_id="GE-1", full_name="ნინო")])
    ...     again = store.upsert_job_seekers([JobSeeker(external_id="GE-1", full_name="ნინო")])
    ...     name = store.get_job_seeker("GE-1").full_name
    >>> (report.inserted, again.unchanged, name)
    (1, 1, 'ნინო')
"""

from matching.storage.results import (
    AuditEvent,
    ErasureReport,
    StoreCounts,
    StoredMatch,
    UpsertReport,
)
from matching.storage.store import Store
from matching.storage.tables import Base

__all__ = [
    "AuditEvent",
    "Base",
    "ErasureReport",
    "Store",
    "StoreCounts",
    "StoredMatch",
    "UpsertReport",
]
