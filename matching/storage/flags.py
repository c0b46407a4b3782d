"""Flags raised against agencies, kept for the ministry's agency statistics (migration 0005).

A batch run checks every vacancy for fair recruitment (:mod:`matching.policy.checks`): a
fee charged to the worker, or an agency unlicensed, not found on the register or not
active on it. Each such flag is stored once per run and vacancy with the agency it is
raised against and the day, so the agencies statistic counts them per agency and month
(``Store.iter_agency_flags``). Flags name agencies and vacancies, never a person.

Example:
    >>> from datetime import date
    >>> from matching.storage.store import Store
    >>> with Store("sqlite://") as store:
    ...     flag = StoredAgencyFlag("Batumi Jobs", "worker_fee", "PL-1", date(2026, 5, 1), "r1")
    ...     first, again = store.record_agency_flags([flag]), store.record_agency_flags([flag])
    ...     [(f.agency, f.kind, f.raised_on.month) for f in store.iter_agency_flags()], first, again
    ([('Batumi Jobs', 'fee', 5)], 1, 0)
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy import Date, DateTime, String, UniqueConstraint
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Mapped, mapped_column

from matching.storage.tables import Base, Id, _now

if TYPE_CHECKING:
    from matching.batch.results import VacancyOutcome

# The fair-recruitment findings an agency answers for, by the statistic's two kinds.
AGENCY_FLAG_KINDS: dict[str, str] = {
    "worker_fee": "fee",
    "unlicensed_agency": "unlicensed",
    "agency_unresolved": "unlicensed",
    "agency_inactive": "unlicensed",
}
UNNAMED_AGENCY = "(ministry)"  # a vacancy that names no agency (as the statistics key it)


class AgencyFlagRow(Base):
    """One fair-recruitment flag a run raised on a vacancy, against its agency."""

    __tablename__ = "agency_flags"
    __table_args__ = (UniqueConstraint("run_id", "vacancy_external_id", "code"),)

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    agency: Mapped[str] = mapped_column(String(200), index=True)
    vacancy_external_id: Mapped[str] = mapped_column(String(64), index=True)
    code: Mapped[str] = mapped_column(String(40))
    kind: Mapped[str] = mapped_column(String(16))
    raised_on: Mapped[date] = mapped_column(Date, index=True)
    run_id: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)


_FLAGS = AgencyFlagRow.__table__


@dataclass(frozen=True, slots=True)
class StoredAgencyFlag:
    """A flag against an agency (an ``AgencyFlag`` of the statistics).

    Attributes:
        agency: The agency as the vacancy names it (``(ministry)`` when it names none).
        code: The finding: ``worker_fee``, ``unlicensed_agency``, ``agency_unresolved``
            or ``agency_inactive``.
        vacancy_id: The vacancy flagged.
        raised_on: The day the run checked it.
        run_id: The run that raised it.
    """

    agency: str
    code: str
    vacancy_id: str
    raised_on: date
    run_id: str = ""

    @property
    def kind(self) -> str:
        """``fee`` or ``unlicensed``."""
        return AGENCY_FLAG_KINDS[self.code]


def agency_flags_of(
    outcomes: Sequence[VacancyOutcome], *, raised_on: date, run_id: str
) -> list[StoredAgencyFlag]:
    """The fair-recruitment flags of a run's vacancies, against their agencies."""
    return [
        StoredAgencyFlag(
            o.vacancy.agency or UNNAMED_AGENCY, f.kind, o.vacancy_id, raised_on, run_id
        )
        for o in outcomes
        for f in o.flags
        if f.kind in AGENCY_FLAG_KINDS
    ]


class AgencyFlagStoreMixin:
    """Flags raised against agencies, on the store's engine."""

    engine: Engine

    def record_agency_flags(self, flags: Iterable[StoredAgencyFlag]) -> int:
        """Store flags not stored yet (by run, vacancy and finding); returns how many
        were new. One transaction."""
        wanted = {(f.run_id, f.vacancy_id, f.code): f for f in flags}
        if not wanted:
            return 0
        with self.engine.begin() as conn:
            runs = sorted({run for run, _, _ in wanted})
            known = {
                (r.run_id, r.vacancy_external_id, r.code)
                for r in conn.execute(
                    sa.select(_FLAGS.c.run_id, _FLAGS.c.vacancy_external_id, _FLAGS.c.code).where(
                        _FLAGS.c.run_id.in_(runs)
                    )
                )
            }
            rows = [
                {
                    "agency": f.agency[:200],
                    "vacancy_external_id": f.vacancy_id,
                    "code": f.code,
                    "kind": f.kind,
                    "raised_on": f.raised_on,
                    "run_id": f.run_id,
                    "created_at": _now(),
                }
                for key, f in wanted.items()
                if key not in known
            ]
            if rows:
                conn.execute(sa.insert(_FLAGS), rows)
        return len(rows)

    def iter_agency_flags(
        self, *, since: date | None = None, agency: str | None = None
    ) -> Iterator[StoredAgencyFlag]:
        """Every stored flag (raised on or after ``since``, of ``agency``), oldest first."""
        query = sa.select(_FLAGS).order_by(_FLAGS.c.raised_on, _FLAGS.c.id)
        if since is not None:
            query = query.where(_FLAGS.c.raised_on >= since)
        if agency is not None:
            query = query.where(_FLAGS.c.agency == agency)
        with self.engine.connect() as conn:
            rows = conn.execute(query).all()
        for r in rows:
            yield StoredAgencyFlag(r.agency, r.code, r.vacancy_external_id, r.raised_on, r.run_id)
