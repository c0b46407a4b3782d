"""Typed placement records: a placement, one change of its status, a person's engagement."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from matching.placements.lifecycle import ENGAGED, PlacementStatus


@dataclass(frozen=True, slots=True)
class Placement:
    """One person for one vacancy, after the shortlist.

    Attributes:
        id: The placement's id.
        job_seeker_id: The person's external id.
        vacancy_id: The vacancy's external id.
        status: Where it stands.
        status_date: The day the current status took effect.
        agency: The person's registering agency (who may see the placement).
        created_at, updated_at: When it was recorded and last changed (UTC).
    """

    id: int
    job_seeker_id: str
    vacancy_id: str
    status: PlacementStatus
    status_date: date
    agency: str | None
    created_at: datetime
    updated_at: datetime

    @property
    def changed_on(self) -> date:
        """The day of the latest status change (what statistics count by month)."""
        return self.status_date

    @property
    def engaged(self) -> bool:
        """Promised to this vacancy (selected, with a permit, or departed)."""
        return self.status in ENGAGED


@dataclass(frozen=True, slots=True)
class PlacementEvent:
    """One change of a placement's status: when it took effect, who made it, why.

    Attributes:
        placement_id: The placement.
        from_status: The status before (``None`` when the placement was recorded).
        to_status: The status after.
        on: The day the change took effect (as told, not when it was typed in).
        by: Who made it (an API key's name, ``cli:<user>``).
        note: Free text.
        at: When it was recorded (UTC).
    """

    placement_id: int
    from_status: PlacementStatus | None
    to_status: PlacementStatus
    on: date
    by: str
    note: str | None
    at: datetime


@dataclass(frozen=True, slots=True)
class Engagement:
    """A person's engaged placement, as a batch run sees it."""

    job_seeker_id: str
    vacancy_id: str
    status: PlacementStatus
