"""Schemas of placements, the agency register and a pair's gate-by-gate verdict."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from matching.agencies.records import Agency
from matching.placements.lifecycle import PlacementStatus, allowed_next
from matching.placements.records import Placement, PlacementEvent
from matching.ranking.exclusions import PairVerdict
from matching.records import ExternalId

# The bodies have a field named ``date``, which shadows the type inside their class body.
_Date = date

AgencyCreate = Agency
AgencyPublic = Agency

Note = Field(default=None, max_length=2000, description="Kept in the placement's history.")


class _Out(BaseModel):
    model_config = ConfigDict(frozen=True, from_attributes=True)


class PlacementCreate(BaseModel):
    """A pair after the shortlist, recorded at its first status."""

    model_config = ConfigDict(extra="forbid")

    job_seeker_id: ExternalId
    vacancy_id: ExternalId
    status: PlacementStatus = PlacementStatus.SHORTLISTED
    date: _Date | None = Field(default=None, description="Day it took effect; today by default.")
    note: str | None = Note


class PlacementChange(BaseModel):
    """A new status of a placement."""

    model_config = ConfigDict(extra="forbid")

    status: PlacementStatus
    date: _Date | None = Field(default=None, description="Day it took effect; today by default.")
    note: str | None = Note


class PlacementEventPublic(_Out):
    from_status: PlacementStatus | None
    to_status: PlacementStatus
    on: date
    by: str
    note: str | None
    at: datetime


class PlacementPublic(_Out):
    """A placement, where it may go next, and its history."""

    id: int
    job_seeker_id: str
    vacancy_id: str
    status: PlacementStatus
    status_date: date
    agency: str | None
    engaged: bool
    allowed_next: list[PlacementStatus]
    created_at: datetime
    updated_at: datetime
    history: list[PlacementEventPublic] = Field(default_factory=list)

    @classmethod
    def from_core(
        cls, placement: Placement, history: list[PlacementEvent] | None = None
    ) -> PlacementPublic:
        return cls(
            id=placement.id,
            job_seeker_id=placement.job_seeker_id,
            vacancy_id=placement.vacancy_id,
            status=placement.status,
            status_date=placement.status_date,
            agency=placement.agency,
            engaged=placement.engaged,
            allowed_next=list(allowed_next(placement.status)),
            created_at=placement.created_at,
            updated_at=placement.updated_at,
            history=[PlacementEventPublic.model_validate(e) for e in history or []],
        )


class PlacementList(_Out):
    total: int
    items: list[PlacementPublic]
    next: str | None = Field(
        default=None, description="Cursor of the next page (`?after=`); null on the last."
    )


class AgencyPatch(BaseModel):
    """Fields of a register entry to change (the licence number is its id)."""

    model_config = ConfigDict(extra="forbid")

    legal_name: str | None = Field(default=None, min_length=1, max_length=200)
    other_names: list[str] | None = None
    status: str | None = Field(default=None, pattern="^(active|suspended|revoked)$")
    valid_from: date | None = None
    valid_until: date | None = None
    email: str | None = Field(default=None, max_length=200)
    phone: str | None = Field(default=None, max_length=40)
    address: str | None = Field(default=None, max_length=300)
    contact_person: str | None = Field(default=None, max_length=200)


class GateCheckPublic(_Out):
    kind: str
    passed: bool
    reason: str = ""
    closable: bool = False
    remedy: str | None = None
    params: dict[str, Any] = Field(default_factory=dict)


class PairVerdictPublic(_Out):
    """Why (or why not) one person for one vacancy: every gate, passed or failed."""

    vacancy_id: str
    job_seeker_id: str
    on: date
    verdict: str = Field(
        description="qualified, near_miss, excluded, engaged, blocked or not_considered"
    )
    considered: bool
    score: float
    gates: list[GateCheckPublic]
    reasons: list[str]
    engaged_to: str | None = None
    vacancy_findings: list[str] = Field(default_factory=list)

    @classmethod
    def from_core(cls, verdict: PairVerdict) -> PairVerdictPublic:
        return cls(
            vacancy_id=verdict.vacancy_id,
            job_seeker_id=verdict.job_seeker_id,
            on=verdict.on,
            verdict=verdict.verdict,
            considered=verdict.considered,
            score=verdict.score,
            gates=[
                GateCheckPublic(
                    kind=g.kind,
                    passed=g.passed,
                    reason=g.reason,
                    closable=g.closable,
                    remedy=g.remedy,
                    params=dict(g.params),
                )
                for g in verdict.gates
            ],
            reasons=list(verdict.explanation.reasons),
            engaged_to=verdict.engaged_to,
            vacancy_findings=list(verdict.vacancy_findings),
        )
