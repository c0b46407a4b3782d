"""An agency's bulk imports: what the importer writes, confined to the agency.

The importer writes through a store; for an agency key it is given an
:class:`AgencyScopedStore` instead, which stamps every record with the agency and
refuses records whose external id already belongs to another agency (they would
otherwise overwrite that agency's record). Refused ids are reported back, as a create of
an existing id is (409): ids are shared across agencies, so that much is unavoidable.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from api.problems import Problem
from matching.errors import NotFoundError
from matching.intake.importer import import_job_seekers, import_vacancies
from matching.intake.report import ImportReport
from matching.records import DemandList, JobSeeker, Vacancy
from matching.service import Engine
from matching.storage.results import UpsertReport, chunks
from matching.storage.store import Store

_CHUNK = 1000


class AgencyScopedStore:
    """A store whose job-seeker and vacancy upserts are confined to one agency.

    Args:
        store: The open store.
        agency: The agency every written record is stamped with.
    """

    def __init__(self, store: Store, agency: str):
        self.store = store
        self.agency = agency
        self.refused: list[str] = []

    def __getattr__(self, name: str) -> Any:  # everything else as the store does it
        return getattr(self.store, name)

    def _owned_job_seekers(self, records: Iterable[JobSeeker]) -> Iterator[JobSeeker]:
        for chunk in chunks(records, _CHUNK):
            ids = [r.external_id for r in chunk]
            taken = {
                s.external_id
                for s in self.store.iter_job_seekers(external_ids=ids)
                if s.agency != self.agency
            }
            for record in chunk:
                if record.external_id in taken:
                    self.refused.append(record.external_id)
                else:
                    yield record.model_copy(update={"agency": self.agency})

    def upsert_job_seekers(self, records: Iterable[JobSeeker]) -> UpsertReport:
        return self.store.upsert_job_seekers(self._owned_job_seekers(records))

    def upsert_vacancies(self, records: Iterable[Vacancy]) -> UpsertReport:
        owned = []
        for record in records:
            try:
                current = self.store.get_vacancy(record.external_id)
            except NotFoundError:  # a new vacancy
                current = None
            if current is not None and current.agency != self.agency:
                self.refused.append(record.external_id)
            else:
                owned.append(record.model_copy(update={"agency": self.agency}))
        return self.store.upsert_vacancies(owned)

    def save_demand_list(self, demand_list: DemandList, *, prune: bool = True) -> UpsertReport:
        raise Problem(
            403,
            "an agency imports vacancies on their own, not as a demand list",
            type="forbidden",
        )


def import_job_seekers_for(
    engine: Engine, path: Path, agency: str
) -> tuple[ImportReport, list[str]]:
    """Import a file of job seekers as ``agency``; returns the report and refused ids."""
    store = AgencyScopedStore(engine.store.open(), agency)
    try:
        report = import_job_seekers(  # type: ignore[arg-type]
            path, store, normalizer=engine.normalizer, agency=agency, scope=agency
        )
    finally:
        engine.invalidate()
    return report, store.refused


def import_vacancies_for(
    engine: Engine, path: Path, agency: str, *, destination_country: str | None = None
) -> tuple[ImportReport, list[str]]:
    """Import a file of vacancies as ``agency`` (never as a demand list)."""
    store = AgencyScopedStore(engine.store.open(), agency)
    report = import_vacancies(
        path,
        store,  # type: ignore[arg-type]
        normalizer=engine.normalizer,
        destination_country=destination_country,
    )
    return report, store.refused
