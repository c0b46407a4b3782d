"""The store's placements and agency register (a mixin of :class:`~matching.storage.Store`).

Every status change is one transaction: the placement row, its history event and an
audit event are written together or not at all. A person engaged elsewhere is refused
with :class:`~matching.errors.EngagedElsewhereError`; the partial unique index of
``placements`` refuses it too when two processes race past that check.
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection, Iterable, Iterator
from datetime import date
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError

from matching.agencies.records import Agency
from matching.agencies.register import AgencyRegister, agency_key
from matching.errors import EngagedElsewhereError, NotFoundError
from matching.fileio import chunks
from matching.placements.lifecycle import ENGAGED, PlacementStatus, check_transition
from matching.placements.records import Engagement, Placement, PlacementEvent
from matching.records import JobSeeker
from matching.scope import EVERYONE, Scope
from matching.storage.placement_tables import _AGENCY, _PLACEMENT, _PLACEMENT_EVENT
from matching.storage.results import UpsertReport, encode_record
from matching.storage.tables import _AUDIT, _JS, _VAC, _now

if TYPE_CHECKING:
    from collections.abc import Sequence

_ENGAGED_VALUES = sorted(s.value for s in ENGAGED)

# Statements every shortlist request runs, built once: building one (an ``IN`` list, an
# ordering) cost about as much as running it against a warm SQLite database.
_ENGAGED_QUERY = sa.select(
    _PLACEMENT.c.job_seeker_external_id,
    _PLACEMENT.c.vacancy_external_id,
    _PLACEMENT.c.status,
).where(_PLACEMENT.c.status.in_(_ENGAGED_VALUES))
_ENGAGED_OF_QUERY = _ENGAGED_QUERY.where(
    _PLACEMENT.c.job_seeker_external_id.in_(sa.bindparam("ids", expanding=True))
)
ENGAGED_CHUNK = 500  # ids a query (SQLite binds at most 32,766 parameters)
_REGISTER_QUERY = sa.select(_AGENCY.c.record).order_by(_AGENCY.c.name_key, _AGENCY.c.id)


def _placement(row: Any) -> Placement:
    return Placement(
        id=row.id,
        job_seeker_id=row.job_seeker_external_id,
        vacancy_id=row.vacancy_external_id,
        status=PlacementStatus(row.status),
        status_date=row.status_date,
        agency=row.agency,
        created_at=row.created_at,
        updated_at=row.updated_at,
    )


class PlacementStoreMixin:
    """Placements, their history and the agency register, on the store's engine."""

    engine: Engine
    reads: Engine

    if TYPE_CHECKING:

        def _job_seeker_row(self, seeker: JobSeeker) -> dict[str, Any]: ...

        def _upsert_job_seeker_rows(
            self, conn: Connection, rows: list[dict[str, Any]], records: Sequence[JobSeeker]
        ) -> UpsertReport: ...

    # ------------------------------------------------------------------ placements
    def set_placement_status(
        self,
        job_seeker_id: str,
        vacancy_id: str,
        status: PlacementStatus | str,
        *,
        on: date | None = None,
        by: str = "system",
        note: str | None = None,
        scope: Scope = EVERYONE,
    ) -> Placement:
        """Record a (person, vacancy) pair's new status, creating the placement if new.

        Args:
            job_seeker_id: The person's external id.
            vacancy_id: The vacancy's external id.
            status: The new status.
            on: The day it took effect; today by default.
            by: Who made the change (an API key's name, ``cli:<user>``).
            note: Free text kept in the history.
            scope: Whose people: an agency's scope answers another agency's person as
                missing.

        Returns:
            The placement as it now stands.

        Raises:
            NotFoundError: No such person or vacancy (or another agency's person).
            IllegalTransitionError: The lifecycle does not allow the move; it names
                the statuses that are allowed.
            EngagedElsewhereError: The person is engaged to another vacancy.
        """
        status = PlacementStatus(status)
        on = on or date.today()
        try:
            with self.engine.begin() as conn:
                seeker = conn.execute(
                    sa.select(_JS.c.agency, _JS.c.record).where(_JS.c.external_id == job_seeker_id)
                ).one_or_none()
                if seeker is None or not scope.sees(seeker.agency):
                    raise NotFoundError(f"no job seeker with external id {job_seeker_id!r}")
                found = conn.execute(
                    sa.select(_VAC.c.id).where(_VAC.c.external_id == vacancy_id)
                ).scalar_one_or_none()
                if found is None:
                    raise NotFoundError(f"no vacancy with external id {vacancy_id!r}")
                query = sa.select(_PLACEMENT).where(
                    _PLACEMENT.c.job_seeker_external_id == job_seeker_id,
                    _PLACEMENT.c.vacancy_external_id == vacancy_id,
                )
                if conn.dialect.name == "postgresql":
                    query = query.with_for_update()
                row = conn.execute(query).one_or_none()
                return self._move(
                    conn, row, job_seeker_id, vacancy_id, seeker, status, on, by, note
                )
        except IntegrityError as error:
            # Another process engaged the person between the check and the write.
            other = self.engaged_job_seekers([job_seeker_id]).get(job_seeker_id)
            raise EngagedElsewhereError(
                job_seeker_id,
                other.vacancy_id if other else None,
                other.status.value if other else None,
            ) from error

    def change_placement(
        self,
        placement_id: int,
        status: PlacementStatus | str,
        *,
        on: date | None = None,
        by: str = "system",
        note: str | None = None,
        scope: Scope = EVERYONE,
    ) -> Placement:
        """:meth:`set_placement_status` on a placement known by its id."""
        placement = self.get_placement(placement_id, scope=scope)
        return self.set_placement_status(
            placement.job_seeker_id,
            placement.vacancy_id,
            status,
            on=on,
            by=by,
            note=note,
            scope=scope,
        )

    def _move(
        self,
        conn: Connection,
        row: Any,
        job_seeker_id: str,
        vacancy_id: str,
        seeker: Any,
        status: PlacementStatus,
        on: date,
        by: str,
        note: str | None,
    ) -> Placement:
        current = None if row is None else PlacementStatus(row.status)
        check_transition(current, status)
        if status in ENGAGED:
            other = conn.execute(
                sa.select(_PLACEMENT.c.vacancy_external_id, _PLACEMENT.c.status).where(
                    _PLACEMENT.c.job_seeker_external_id == job_seeker_id,
                    _PLACEMENT.c.vacancy_external_id != vacancy_id,
                    _PLACEMENT.c.status.in_(_ENGAGED_VALUES),
                )
            ).first()
            if other is not None:
                raise EngagedElsewhereError(job_seeker_id, other[0], other[1])
        now = _now()
        if row is None:
            placement_id = conn.execute(
                sa.insert(_PLACEMENT).returning(_PLACEMENT.c.id),
                {
                    "job_seeker_external_id": job_seeker_id,
                    "vacancy_external_id": vacancy_id,
                    "agency": seeker.agency,
                    "status": status.value,
                    "status_date": on,
                    "created_at": now,
                    "updated_at": now,
                },
            ).scalar_one()
        else:
            placement_id = row.id
            conn.execute(
                sa.update(_PLACEMENT)
                .where(_PLACEMENT.c.id == placement_id)
                .values(status=status.value, status_date=on, updated_at=now)
            )
        conn.execute(
            sa.insert(_PLACEMENT_EVENT),
            {
                "placement_id": placement_id,
                "job_seeker_external_id": job_seeker_id,
                "from_status": None if current is None else current.value,
                "to_status": status.value,
                "on": on,
                "by": by,
                "note": note,
                "at": now,
            },
        )
        conn.execute(
            sa.insert(_AUDIT),
            {
                "action": f"placement_{status.value}",
                "at": now,
                "job_seeker_external_id": job_seeker_id,
                "vacancy_external_id": vacancy_id,
                "detail": {
                    "by": by,
                    "placement_id": placement_id,
                    "from": None if current is None else current.value,
                    "to": status.value,
                    "on": on.isoformat(),
                    "note": note,
                },
            },
        )
        if status is PlacementStatus.RETURNED:
            # A returnee: on record with the day, and available again from it.
            record = JobSeeker.model_validate(seeker.record)
            back = record.model_copy(
                update={
                    "returned_on": on,
                    "available_from": max(on, record.available_from or on),
                }
            )
            self._upsert_job_seeker_rows(conn, [self._job_seeker_row(back)], [back])
        stored = conn.execute(sa.select(_PLACEMENT).where(_PLACEMENT.c.id == placement_id)).one()
        return _placement(stored)

    def get_placement(self, placement_id: int, *, scope: Scope = EVERYONE) -> Placement:
        """The placement with this id.

        Raises:
            NotFoundError: No such placement (or another agency's).
        """
        with self.engine.connect() as conn:
            row = conn.execute(
                sa.select(_PLACEMENT).where(_PLACEMENT.c.id == placement_id)
            ).one_or_none()
        if row is None or not scope.sees(row.agency):
            raise NotFoundError(f"no placement with id {placement_id}")
        return _placement(row)

    def iter_placements(self) -> Iterator[Placement]:
        """Every placement in its latest status (what the statistics read)."""
        yield from self.list_placements()

    def list_placements(
        self,
        *,
        vacancy_id: str | None = None,
        job_seeker_id: str | None = None,
        status: PlacementStatus | str | Iterable[PlacementStatus | str] | None = None,
        scope: Scope = EVERYONE,
        vacancy_ids: Iterable[str] | None = None,
        after: int | None = None,
        limit: int | None = None,
    ) -> list[Placement]:
        """Placements, oldest first, filtered by any of the arguments; with ``limit``, at
        most that many with an id above ``after`` (keyset paging on the primary key)."""
        query = sa.select(_PLACEMENT).order_by(_PLACEMENT.c.id).limit(limit)
        if after is not None:
            query = query.where(_PLACEMENT.c.id > after)
        if vacancy_id is not None:
            query = query.where(_PLACEMENT.c.vacancy_external_id == vacancy_id)
        if vacancy_ids is not None:
            query = query.where(_PLACEMENT.c.vacancy_external_id.in_(list(vacancy_ids)))
        if job_seeker_id is not None:
            query = query.where(_PLACEMENT.c.job_seeker_external_id == job_seeker_id)
        if status is not None:
            values = [status] if isinstance(status, str) else list(status)
            query = query.where(_PLACEMENT.c.status.in_([PlacementStatus(s).value for s in values]))
        if not scope.everyone:
            query = query.where(_PLACEMENT.c.agency == scope.agency)
        with self.engine.connect() as conn:
            return [_placement(r) for r in conn.execute(query)]

    def placement_history(self, placement_id: int) -> list[PlacementEvent]:
        """A placement's changes, oldest first."""
        query = (
            sa.select(_PLACEMENT_EVENT)
            .where(_PLACEMENT_EVENT.c.placement_id == placement_id)
            .order_by(_PLACEMENT_EVENT.c.id)
        )
        with self.engine.connect() as conn:
            return [
                PlacementEvent(
                    r.placement_id,
                    None if r.from_status is None else PlacementStatus(r.from_status),
                    PlacementStatus(r.to_status),
                    r.on,
                    r.by,
                    r.note,
                    r.at,
                )
                for r in conn.execute(query)
            ]

    def engaged_job_seekers(
        self, job_seeker_ids: Collection[str] | None = None
    ) -> dict[str, Engagement]:
        """Person → their engaged placement (selected, visa, departed): everyone's, or
        only these people's (a shortlist's, without reading every placement)."""
        with self.reads.connect() as conn:
            if job_seeker_ids is None:
                rows = conn.execute(_ENGAGED_QUERY).all()
            else:
                rows = [
                    row
                    for chunk in chunks(list(job_seeker_ids), ENGAGED_CHUNK)
                    for row in conn.execute(_ENGAGED_OF_QUERY, {"ids": chunk})
                ]
        return {j: Engagement(j, v, PlacementStatus(s)) for j, v, s in rows}

    def placements_fingerprint(self) -> str:
        """Digest of who is engaged where: a batch run's results depend on it."""
        engaged = sorted(
            (e.job_seeker_id, e.vacancy_id, e.status.value)
            for e in self.engaged_job_seekers().values()
        )
        return hashlib.sha256(repr(engaged).encode()).hexdigest()

    # ------------------------------------------------------------------ agencies
    def upsert_agencies(self, agencies: Iterable[Agency]) -> UpsertReport:
        """Insert new register entries and update changed ones, by licence number."""
        inserted = updated = unchanged = 0
        now = _now()
        with self.engine.begin() as conn:
            for agency in agencies:
                data, _ = encode_record(agency)
                values = {
                    "legal_name": agency.legal_name,
                    "name_key": agency_key(agency.legal_name),
                    "status": str(agency.status),
                    "valid_from": agency.valid_from,
                    "valid_until": agency.valid_until,
                    "record": data,
                    "updated_at": now,
                }
                old = conn.execute(
                    sa.select(_AGENCY.c.id, _AGENCY.c.record).where(
                        _AGENCY.c.licence_number == agency.licence_number
                    )
                ).one_or_none()
                if old is None:
                    conn.execute(
                        sa.insert(_AGENCY),
                        {**values, "licence_number": agency.licence_number, "created_at": now},
                    )
                    inserted += 1
                elif Agency.model_validate(old.record) != agency:
                    conn.execute(sa.update(_AGENCY).where(_AGENCY.c.id == old.id).values(values))
                    updated += 1
                else:
                    unchanged += 1
        return UpsertReport(inserted, updated, unchanged)

    def get_agency(self, licence_number: str) -> Agency:
        """The register entry with this licence number.

        Raises:
            NotFoundError: No such entry.
        """
        with self.engine.connect() as conn:
            data = conn.execute(
                sa.select(_AGENCY.c.record).where(_AGENCY.c.licence_number == licence_number)
            ).scalar_one_or_none()
        if data is None:
            raise NotFoundError(f"no agency with licence number {licence_number!r}")
        return Agency.model_validate(data)

    def list_agencies(self) -> list[Agency]:
        """The register, by legal name."""
        with self.reads.connect() as conn:
            records = conn.execute(_REGISTER_QUERY).scalars().all()
        return [Agency.model_validate(d) for d in records]

    def agency_register(self) -> AgencyRegister:
        """The register, indexed for resolving names as vacancies write them."""
        return AgencyRegister(self.list_agencies())
