"""The database schema: typed declarative models of every table."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    func,
)
from sqlalchemy.dialects import postgresql
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

MIGRATIONS_DIR = Path(__file__).with_name("migrations")

# Constraint names fixed by convention, so that migrations name them the same on every
# database (Alembic cannot drop or alter an unnamed constraint portably).
NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# Surrogate keys: BIGINT on PostgreSQL; SQLite only auto-increments INTEGER PRIMARY KEY.
Id = BigInteger().with_variant(Integer(), "sqlite")
SQLITE_BUSY_TIMEOUT = 60.0  # seconds a writer waits for SQLite's write lock
# JSONB on PostgreSQL (indexable, compact); JSON text on SQLite.
RecordJson = JSON().with_variant(postgresql.JSONB(), "postgresql")


def _now() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    """Declarative base of every table; its metadata is what the migrations build."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class DemandListRow(Base):
    """A destination's demand list (header fields; its vacancies point back to it)."""

    __tablename__ = "demand_lists"

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    external_id: Mapped[str] = mapped_column(String(64), unique=True)
    destination_country: Mapped[str] = mapped_column(String(2), index=True)
    source_file: Mapped[str | None] = mapped_column(String(500))
    received: Mapped[date | None] = mapped_column(Date)
    record: Mapped[dict[str, Any]] = mapped_column(RecordJson)
    content_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)


class VacancyRow(Base):
    """One vacancy; ``position`` is its place in its demand list."""

    __tablename__ = "vacancies"

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    external_id: Mapped[str] = mapped_column(String(64), unique=True)
    demand_list_id: Mapped[int | None] = mapped_column(
        ForeignKey("demand_lists.id", ondelete="SET NULL"), index=True
    )
    position: Mapped[int | None] = mapped_column(Integer)
    destination_country: Mapped[str] = mapped_column(String(2), index=True)
    employer: Mapped[str | None] = mapped_column(String(200))
    agency: Mapped[str | None] = mapped_column(String(120), index=True)
    agency_licensed: Mapped[bool | None] = mapped_column(Boolean)
    charges_worker_fee: Mapped[bool] = mapped_column(Boolean, index=True)
    title: Mapped[str] = mapped_column(String(300))
    isco_group: Mapped[str | None] = mapped_column(String(4), index=True)
    esco_uri: Mapped[str | None] = mapped_column(String(200), index=True)
    positions: Mapped[int] = mapped_column(Integer)
    season_start: Mapped[date | None] = mapped_column(Date)
    season_end: Mapped[date | None] = mapped_column(Date)
    record: Mapped[dict[str, Any]] = mapped_column(RecordJson)
    content_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)


class JobSeekerRow(Base):
    """A job seeker. ``primary_*`` is the occupation of their longest experience."""

    __tablename__ = "job_seekers"

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    external_id: Mapped[str] = mapped_column(String(64), unique=True)
    # One person, one record (migration 0003): a unique index, NULLs allowed.
    personal_number: Mapped[str | None] = mapped_column(String(11))
    agency: Mapped[str | None] = mapped_column(String(120), index=True)
    region: Mapped[str | None] = mapped_column(String(64), index=True)
    # Migration 0004: the municipality read with the region, the name's search key, and
    # a personal number claimed by an agency while a record outside its scope holds it.
    municipality: Mapped[str | None] = mapped_column(String(64), index=True)
    name_key: Mapped[str | None] = mapped_column(String(200), index=True)
    claimed_personal_number: Mapped[str | None] = mapped_column(String(11), index=True)
    gender: Mapped[str] = mapped_column(String(16))
    birth_date: Mapped[date | None] = mapped_column(Date)
    available_from: Mapped[date | None] = mapped_column(Date, index=True)
    consent_active: Mapped[bool] = mapped_column(Boolean, index=True)
    any_destination: Mapped[bool] = mapped_column(Boolean)
    primary_isco_group: Mapped[str | None] = mapped_column(String(4), index=True)
    primary_esco_uri: Mapped[str | None] = mapped_column(String(200))
    record: Mapped[dict[str, Any]] = mapped_column(RecordJson)
    content_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)

    __table_args__ = (
        Index("uq_job_seekers_personal_number", "personal_number", unique=True),
        # the people written since an engine last looked (incremental refit; migration 0007)
        Index("ix_job_seekers_updated_at", "updated_at"),
    )


class JobSeekerOccupationRow(Base):
    """One normalised experience of a job seeker, for filtering by ISCO group or ESCO URI."""

    __tablename__ = "job_seeker_occupations"
    __table_args__ = (
        Index("ix_job_seeker_occupations_isco_group_job_seeker_id", "isco_group", "job_seeker_id"),
        Index("ix_job_seeker_occupations_esco_uri_job_seeker_id", "esco_uri", "job_seeker_id"),
    )

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    job_seeker_id: Mapped[int] = mapped_column(
        ForeignKey("job_seekers.id", ondelete="CASCADE"), index=True
    )
    isco_group: Mapped[str | None] = mapped_column(String(4))
    esco_uri: Mapped[str | None] = mapped_column(String(200))
    years: Mapped[float] = mapped_column(Float)


class JobSeekerDestinationRow(Base):
    """A destination country a job seeker asked for (none stored means any destination)."""

    __tablename__ = "job_seeker_destinations"
    __table_args__ = (
        Index("ix_job_seeker_destinations_country_job_seeker_id", "country", "job_seeker_id"),
    )

    job_seeker_id: Mapped[int] = mapped_column(
        ForeignKey("job_seekers.id", ondelete="CASCADE"), primary_key=True
    )
    country: Mapped[str] = mapped_column(String(2), primary_key=True)


class MatchResultRow(Base):
    """A stored ranking of a job seeker for a vacancy (written by the matching core)."""

    __tablename__ = "match_results"

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    run_id: Mapped[str] = mapped_column(String(64), index=True)
    vacancy_external_id: Mapped[str] = mapped_column(String(64), index=True)
    job_seeker_external_id: Mapped[str] = mapped_column(String(64), index=True)
    rank: Mapped[int] = mapped_column(Integer)
    score: Mapped[float] = mapped_column(Float)
    detail: Mapped[dict[str, Any] | None] = mapped_column(RecordJson)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)


class AuditEventRow(Base):
    """Who did what to which record; rows naming an erased person are erased with them."""

    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now, index=True)
    action: Mapped[str] = mapped_column(String(64))
    job_seeker_external_id: Mapped[str | None] = mapped_column(String(64), index=True)
    vacancy_external_id: Mapped[str | None] = mapped_column(String(64), index=True)
    detail: Mapped[dict[str, Any] | None] = mapped_column(RecordJson)


_JS = JobSeekerRow.__table__
_OCC = JobSeekerOccupationRow.__table__
_DEST = JobSeekerDestinationRow.__table__
_VAC = VacancyRow.__table__
# The key vacancies are listed and paged by (demand-list order, unlisted first; migration 0007).
Index(
    "ix_vacancies_page",
    func.coalesce(VacancyRow.demand_list_id, 0),
    func.coalesce(VacancyRow.position, -1),
    VacancyRow.id,
)
_DL = DemandListRow.__table__
_MATCH = MatchResultRow.__table__
_AUDIT = AuditEventRow.__table__
