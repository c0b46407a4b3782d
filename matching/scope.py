"""Whose records a caller may see and write, decided once and applied to every query.

A :class:`Scope` is made once per caller: from an API key or a workspace session
(``Principal.scope``), or :data:`EVERYONE` for the command line and batch runs, which run
as the ministry. The :class:`~matching.storage.Store` and the
:class:`~matching.service.Engine` apply it to every query they answer (people, vacancies,
shortlists, recommendations, counts), so no route or page re-derives it.

People are private to the agency that registered them. Vacancies are public or private
(:func:`vacancy_visibility`): the ministry's published demand lists, and vacancies no
agency registered, are public, so every agency matches its own people against them; an
agency's own vacancies are private to it. Whoever reads a vacancy, its shortlist ranks only
the people the reader sees.

Example:
    >>> kutaisi = Scope(agency="Kutaisi Employment")
    >>> kutaisi.sees("Kutaisi Employment"), kutaisi.sees("Batumi Jobs"), EVERYONE.sees(None)
    (True, False, True)
    >>> kutaisi.sees_vacancy("Batumi Jobs", vacancy_visibility("Batumi Jobs", in_demand_list=True))
    True
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TypeVar

import sqlalchemy as sa
from pydantic import BaseModel

RecordT = TypeVar("RecordT", bound=BaseModel)


class Visibility(StrEnum):
    """Who may read a vacancy: every agency (public) or its own agency only (private)."""

    PUBLIC = "public"
    PRIVATE = "private"


def vacancy_visibility(agency: str | None, *, in_demand_list: bool) -> Visibility:
    """A vacancy's visibility: public on a ministry demand list (only the ministry's scope
    saves demand lists) or with no agency; private to the agency that registered it."""
    return Visibility.PUBLIC if in_demand_list or agency is None else Visibility.PRIVATE


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

    def sees_vacancy(self, agency: str | None, visibility: Visibility) -> bool:
        """Whether this scope may read a vacancy of ``agency`` with ``visibility`` (writing
        one stays :meth:`sees`: an agency changes only its own)."""
        return visibility is Visibility.PUBLIC or self.sees(agency)

    def vacancy_clause(
        self, agency: sa.ColumnElement[str | None], demand_list: sa.ColumnElement[int | None]
    ) -> sa.ColumnElement[bool] | None:
        """:meth:`sees_vacancy` in SQL over a vacancy table's agency and demand-list
        columns (``None``: no condition), for the store's queries."""
        if self.everyone:
            return None
        return sa.or_(demand_list.is_not(None), agency.is_(None), agency == self.agency)

    def stamp(self, record: RecordT) -> RecordT:
        """``record`` as this scope writes it: stamped with the agency (as given for everyone)."""
        if self.agency is None or getattr(record, "agency", None) == self.agency:
            return record
        return record.model_copy(update={"agency": self.agency})


EVERYONE = Scope()
"""The ministry's scope: every record (the command line, batch runs, coordinators)."""
