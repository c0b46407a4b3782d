"""Whose records a caller may see and write, decided once and applied to every query.

A :class:`Scope` is made once per caller: from an API key or a workspace session
(``Principal.scope``), or :data:`EVERYONE` for the command line and batch runs, which run
as the ministry. The :class:`~matching.storage.Store` and the
:class:`~matching.service.Engine` apply it to every query they answer (people, vacancies,
shortlists, recommendations, counts), so no route or page re-derives it.

Example:
    >>> kutaisi = Scope(agency="Kutaisi Employment")
    >>> kutaisi.sees("Kutaisi Employment"), kutaisi.sees("Batumi Jobs"), EVERYONE.sees(None)
    (True, False, True)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeVar

from pydantic import BaseModel

RecordT = TypeVar("RecordT", bound=BaseModel)


@dataclass(frozen=True, slots=True)
class Scope:
    """Everyone's records (``agency=None``), or those of one agency.

    Args:
        agency: The agency the caller is confined to.
    """

    agency: str | None = None

    @property
    def everyone(self) -> bool:
        """Whether this scope sees every record."""
        return self.agency is None

    def sees(self, record_agency: str | None) -> bool:
        """Whether a record registered by ``record_agency`` is within this scope."""
        return self.agency is None or record_agency == self.agency

    def stamp(self, record: RecordT) -> RecordT:
        """``record`` as this scope writes it: stamped with the agency (as given for everyone)."""
        if self.agency is None or getattr(record, "agency", None) == self.agency:
            return record
        return record.model_copy(update={"agency": self.agency})


EVERYONE = Scope()
"""The ministry's scope: every record (the command line, batch runs, coordinators)."""
