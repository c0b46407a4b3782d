"""What the store returns: write reports, counts, stored matches and audit events."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, NamedTuple

import sqlalchemy as sa
from pydantic import BaseModel

from matching.records import JobSeeker


# ----------------------------------------------------------------------------- results
class PersonFacts(NamedTuple):
    """What a likely-duplicate check reads of a stored person."""

    external_id: str
    full_name: str
    birth_date: date | None
    personal_number: str | None


@dataclass(frozen=True, slots=True)
class UpsertReport:
    """What an upsert did: rows newly inserted, changed and updated, or already stored as is."""

    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    refused: tuple[str, ...] = ()  # ids another agency holds (an agency's scope only)

    @property
    def total(self) -> int:
        return self.inserted + self.updated + self.unchanged

    def __add__(self, other: UpsertReport) -> UpsertReport:
        return UpsertReport(
            self.inserted + other.inserted,
            self.updated + other.updated,
            self.unchanged + other.unchanged,
            self.refused + other.refused,
        )


@dataclass(frozen=True, slots=True)
class ErasureReport:
    """Rows deleted per table when a job seeker was erased."""

    external_id: str
    rows_deleted: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.rows_deleted.values())


@dataclass(frozen=True, slots=True)
class StoreCounts:
    job_seekers: int
    vacancies: int
    demand_lists: int
    match_results: int
    audit_events: int


@dataclass(frozen=True, slots=True)
class StoredMatch:
    """One job seeker's place in one vacancy's ranking, as stored in ``match_results``."""

    run_id: str
    vacancy_external_id: str
    job_seeker_external_id: str
    rank: int
    score: float
    detail: dict[str, Any] | None = None


@dataclass(frozen=True, slots=True)
class AuditEvent:
    action: str
    at: datetime
    job_seeker_external_id: str | None = None
    vacancy_external_id: str | None = None
    detail: dict[str, Any] | None = None


# ----------------------------------------------------------------------------- helpers
class JsonText(str):
    """JSON already serialised: stored as it is, not serialised a second time."""


def _serialize_json(value: object) -> str:
    if isinstance(value, JsonText):
        return value
    return json.dumps(value, ensure_ascii=False)


def encode_record(record: BaseModel) -> tuple[JsonText, str]:
    """The record's JSON (what is stored) and its SHA-256 (what upserts compare).

    Pydantic writes fields in declaration order and the records sort their sets, so the
    same record always gives the same text.
    """
    text = record.model_dump_json()
    return JsonText(text), hashlib.sha256(text.encode("utf-8")).hexdigest()


def _matches(column: sa.ColumnElement[Any], value: object) -> sa.ColumnElement[bool]:
    """``column = value`` for one value, ``column IN (...)`` for a collection."""
    if isinstance(value, str) or not isinstance(value, Collection):
        return column == value
    return column.in_(list(value))


def _primary_occupation(seeker: JobSeeker) -> tuple[str | None, str | None]:
    normalised = [e for e in seeker.experience if e.isco_group or e.esco_uri]
    if not normalised:
        return None, None
    best = max(normalised, key=lambda e: e.years)  # first of the longest on ties
    return best.isco_group, best.esco_uri
