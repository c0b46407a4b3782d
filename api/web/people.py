"""A principal's view of the registry: every read and write of the pages goes through it.

:class:`PeopleDesk` is built once per request from the signed-in principal; its scope
(``principal.scope``) is passed into every store query, as the API's routes pass
it, so no page decides on its own whom it shows. Reads of personal data are written to
the audit log through the API's :class:`~api.deps.Auditor`.

This module and :mod:`api.web.runs` are the workspace's only imports from ``matching``
beyond settings and the catalogue.
"""

from __future__ import annotations

import re
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING

from api.deps import Auditor
from api.security import Principal
from matching.errors import NotFoundError
from matching.intake.people import name_key
from matching.intake.report import ImportReport
from matching.records import JobSeeker
from matching.scope import Scope
from matching.service import Engine

if TYPE_CHECKING:
    from matching.ranking.results import Recommendations


class PageNotFound(LookupError):
    """No such record for this principal (another agency's answers the same)."""


class PeopleDesk:
    """The job seekers one principal may see and change.

    Args:
        engine: The open engine.
        principal: The signed-in coordinator or agency.
        auditor: Writes who read or changed whose data.
    """

    def __init__(self, engine: Engine, principal: Principal, auditor: Auditor):
        self.engine = engine
        self.principal = principal
        self.auditor = auditor

    @property
    def scope(self) -> Scope:
        return self.principal.scope

    def count(self) -> int:
        return self.engine.store.count_job_seekers(scope=self.scope)

    def page(self, offset: int, limit: int) -> list[JobSeeker]:
        """People in registration order, ``limit`` from ``offset`` (as the API pages them)."""
        people = self.engine.store.iter_job_seekers(
            scope=self.scope, batch_size=min(offset + limit, 1000)
        )
        found = list(islice(people, offset, offset + limit))
        self.auditor.record("listed", [p.external_id for p in found])
        return found

    def search(self, query: str, limit: int) -> list[JobSeeker]:
        """People whose name contains every word of ``query`` (in any script), or whose
        personal number contains its digits."""
        digits = re.sub(r"\D", "", query)
        words = name_key(query).split()
        if not words and not digits:
            return []
        by_number = bool(digits) and len(digits) >= 3 and not re.search(r"[^\d\s-]", query)
        # A query on the stored name key and personal number: no record read but the hits.
        filters = {"personal_number_digits": digits} if by_number else {"name_words": words}
        people = self.engine.store.iter_job_seekers(
            scope=self.scope, batch_size=max(limit, 1), **filters
        )
        found = list(islice(people, limit))
        self.auditor.record("searched", [p.external_id for p in found])
        return found

    def get(self, external_id: str, *, action: str = "read") -> JobSeeker:
        """The person, if this principal sees them.

        Raises:
            PageNotFound: Nobody with that id, or another agency's person.
        """
        try:
            person = self.engine.store.get_job_seeker(external_id, scope=self.scope)
        except NotFoundError:
            raise PageNotFound(external_id) from None
        self.auditor.record(action, [external_id])
        return person

    def save(self, person: JobSeeker, *, action: str) -> JobSeeker:
        """Code and store ``person``, stamped with the agency of an agency's clerk."""
        self.engine.save_job_seekers([person], scope=self.scope)
        self.auditor.record(action, [person.external_id])
        return self.engine.store.get_job_seeker(person.external_id, scope=self.scope)

    def exists(self, external_id: str) -> bool:
        return bool(self.engine.store.count_job_seekers(external_ids=[external_id]))

    def recommendations(self, external_id: str, k: int = 10) -> Recommendations:
        """The best vacancies for the person: the public ones and their agency's own."""
        self.auditor.record("recommended", [external_id])
        return self.engine.match_job_seeker(external_id, k, scope=self.scope)

    def import_file(self, path: Path) -> tuple[ImportReport, list[str]]:
        """Import a file of people; an agency's rows are stamped and confined to it."""
        report = self.engine.import_job_seekers(path, scope=self.scope)
        self.auditor.record("imported", detail={"file": path.name, "stored": report.stored})
        return report, report.refused

    def vacancy_titles(self, ids: list[str]) -> dict[str, str]:
        """Vacancy id -> title and country, for the recommendations table."""
        titles = {}
        for vacancy in self.engine.stored_vacancies():
            if vacancy.external_id in ids:
                titles[vacancy.external_id] = f"{vacancy.title} ({vacancy.destination_country})"
        return titles
