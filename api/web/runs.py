"""A finished batch run as the run and shortlist pages show it.

The run's ``results.json`` (what :mod:`matching.batch` writes) gives each vacancy its
allocated people and reserves; the pages add what a coordinator needs to call them
(phone, region, agency, availability) from the store, for the people the run names.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from api.routes.batches import BatchRegistry
from api.schemas import BatchPublic
from matching import batch
from matching.errors import MatchingError
from matching.records import JobSeeker
from matching.service import Engine

FORMATS = ("xlsx", "csv", "html")  # the downloads the run page offers


@dataclass(frozen=True)
class Listed:
    """One person on a vacancy's list: the run's candidate and their stored record."""

    candidate: dict[str, Any]
    person: JobSeeker | None
    kind: str  # "allocated" or "reserve"

    @property
    def available_from(self) -> date | None:
        return self.person.available_from if self.person else None


@dataclass(frozen=True)
class VacancyResult:
    """A vacancy of the run and its lists."""

    index: int
    data: dict[str, Any]
    listed: list[Listed] = field(default_factory=list)

    @property
    def vacancy(self) -> dict[str, Any]:
        return self.data["vacancy"]


def run_status(
    registry: BatchRegistry, run_id: str, language: str | None = None
) -> BatchPublic | None:
    """The run's state as the API reports it (a failure also in ``language``), or
    ``None`` for no such run."""
    try:
        return registry.status(run_id, language=language)
    except MatchingError:
        return None


def run_results(registry: BatchRegistry, run_id: str) -> dict[str, Any] | None:
    """The run's results document, or ``None`` while it has none."""
    try:
        run = batch.load_run(registry.root / run_id)
    except MatchingError:
        return None
    path = run.files.get("json")
    if run.status != "done" or path is None or not path.is_file():
        return None
    return json.loads(path.read_text(encoding="utf-8"))


def vacancies_of(results: dict[str, Any]) -> list[VacancyResult]:
    return [VacancyResult(i, v) for i, v in enumerate(results.get("vacancies", []))]


def shortlist_of(engine: Engine, results: dict[str, Any], index: int) -> VacancyResult | None:
    """Vacancy ``index`` of the run with its allocated people and reserves, each with
    the stored record (``None`` for a person erased since the run)."""
    items = results.get("vacancies", [])
    if not 0 <= index < len(items):
        return None
    data = items[index]
    ids = [c["job_seeker_id"] for c in data["allocated"] + data["reserve"]]
    people = {p.external_id: p for p in engine.store.iter_job_seekers(external_ids=ids)}
    listed = [
        Listed(c, people.get(c["job_seeker_id"]), kind)
        for kind in ("allocated", "reserve")
        for c in data[kind]
    ]
    return VacancyResult(index, data, listed)


def named_people(result: VacancyResult) -> list[str]:
    return [item.candidate["job_seeker_id"] for item in result.listed]
