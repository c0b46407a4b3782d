"""Tables of placements, their history and the agency register (migration 0002).

A person may be engaged (selected, with a permit, departed) to one vacancy at a time:
a partial unique index on ``placements.job_seeker_external_id`` over the engaged
statuses makes a double promise impossible, even for two processes writing at once, on
SQLite and PostgreSQL alike. Placements and their events name the person by
``job_seeker_external_id``, so erasing a person erases them (see ``Store``).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Date, DateTime, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from matching.placements.lifecycle import ENGAGED
from matching.storage.tables import Base, Id, RecordJson, _now

# The partial index's condition, spelled out (and the same in the migration).
ENGAGED_WHERE = "status IN ({})".format(", ".join(f"'{s.value}'" for s in sorted(ENGAGED)))


class PlacementRow(Base):
    """One (person, vacancy) pair after the shortlist, with its current status."""

    __tablename__ = "placements"
    __table_args__ = (
        UniqueConstraint("job_seeker_external_id", "vacancy_external_id"),
        Index(
            "uq_placements_engaged_job_seeker",
            "job_seeker_external_id",
            unique=True,
            sqlite_where=sa.text(ENGAGED_WHERE),
            postgresql_where=sa.text(ENGAGED_WHERE),
        ),
    )

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    job_seeker_external_id: Mapped[str] = mapped_column(String(64), index=True)
    vacancy_external_id: Mapped[str] = mapped_column(String(64), index=True)
    agency: Mapped[str | None] = mapped_column(String(120), index=True)
    status: Mapped[str] = mapped_column(String(16), index=True)
    status_date: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)


class PlacementEventRow(Base):
    """One change of a placement's status: the day it took effect, who, a note."""

    __tablename__ = "placement_events"

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    placement_id: Mapped[int] = mapped_column(
        ForeignKey("placements.id", ondelete="CASCADE"), index=True
    )
    job_seeker_external_id: Mapped[str] = mapped_column(String(64), index=True)
    from_status: Mapped[str | None] = mapped_column(String(16))
    to_status: Mapped[str] = mapped_column(String(16))
    on: Mapped[date] = mapped_column(Date)
    by: Mapped[str] = mapped_column(String(200))
    note: Mapped[str | None] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)


class AgencyRow(Base):
    """A licensed private employment agency on the ministry's register."""

    __tablename__ = "agencies"

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    licence_number: Mapped[str] = mapped_column(String(64), unique=True)
    legal_name: Mapped[str] = mapped_column(String(200))
    name_key: Mapped[str] = mapped_column(String(200), index=True)
    status: Mapped[str] = mapped_column(String(16))
    valid_from: Mapped[date | None] = mapped_column(Date)
    valid_until: Mapped[date | None] = mapped_column(Date)
    record: Mapped[dict[str, Any]] = mapped_column(RecordJson)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)


_PLACEMENT = PlacementRow.__table__
_PLACEMENT_EVENT = PlacementEventRow.__table__
_AGENCY = AgencyRow.__table__
