"""The store's paging reads: keyset pages of the lists the API serves, and the rows an
incremental matcher refit reads. Mixed into :class:`~matching.storage.store.Store`.

Each page is ``WHERE (sort key, id) > (last key, last id) ORDER BY sort key, id LIMIT n``
over an index, so a page costs the same anywhere in a table of millions, and rows written
between two pages never repeat or shift a row already passed.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from datetime import datetime
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from matching.agencies.records import Agency
from matching.errors import NotFoundError
from matching.records import JobSeeker, Vacancy
from matching.scope import EVERYONE, Scope
from matching.storage.placement_tables import _AGENCY
from matching.storage.results import _matches
from matching.storage.tables import _DL, _JS, _VAC

# Vacancies in demand-list order (unlisted first), then as stored: the key the list pages
# by, indexed as ``ix_vacancies_page`` (migration 0007).
_VACANCY_ORDER = (
    sa.func.coalesce(_VAC.c.demand_list_id, 0),
    sa.func.coalesce(_VAC.c.position, -1),
    _VAC.c.id,
)


class PagingStoreMixin:
    """Keyset pages and change reads (needs ``engine`` and ``_job_seeker_filters``)."""

    engine: Engine
    if TYPE_CHECKING:

        def _job_seeker_filters(self, **filters: Any) -> list[sa.ColumnElement[bool]]: ...

    def iter_job_seeker_rows(
        self, *, row_ids: Collection[int] | None = None, batch_size: int = 2000
    ) -> Iterator[tuple[int, str, JobSeeker]]:
        """``(row id, content hash, record)`` of every job seeker, or of those with these
        row ids, in row-id order (keyset paging): what a matcher fit reads (row ids order
        the people as a full fit does)."""
        if row_ids is not None:
            wanted = sorted(row_ids)
            for start in range(0, len(wanted), batch_size):
                chunk = wanted[start : start + batch_size]
                query = (
                    sa.select(_JS.c.id, _JS.c.content_hash, _JS.c.record)
                    .where(_JS.c.id.in_(chunk))
                    .order_by(_JS.c.id)
                )
                with self.engine.connect() as conn:
                    rows = conn.execute(query).all()
                for pk, digest, data in rows:
                    yield pk, digest, JobSeeker.model_validate(data)
            return
        last = 0
        while True:
            query = (
                sa.select(_JS.c.id, _JS.c.content_hash, _JS.c.record)
                .where(_JS.c.id > last)
                .order_by(_JS.c.id)
                .limit(batch_size)
            )
            with self.engine.connect() as conn:
                rows = conn.execute(query).all()
            for pk, digest, data in rows:
                yield pk, digest, JobSeeker.model_validate(data)
            if len(rows) < batch_size:
                return
            last = rows[-1][0]

    def job_seeker_stamps(self, updated_since: datetime) -> list[tuple[int, str, str]]:
        """``(row id, external id, content hash)`` of the people written at or after
        ``updated_since``, in row-id order (over ``ix_job_seekers_updated_at``): an
        incremental refit compares the hashes and reads only the records that changed."""
        query = (
            sa.select(_JS.c.id, _JS.c.external_id, _JS.c.content_hash)
            .where(_JS.c.updated_at >= updated_since)
            .order_by(_JS.c.id)
        )
        with self.engine.connect() as conn:
            return [(pk, external_id, digest) for pk, external_id, digest in conn.execute(query)]

    def job_seeker_row_ids(self) -> list[int]:
        """Every stored job seeker's row id, ascending (to find who was erased)."""
        with self.engine.connect() as conn:
            return list(conn.execute(sa.select(_JS.c.id).order_by(_JS.c.id)).scalars())

    def page_job_seekers(
        self, *, after: int | None = None, limit: int = 50, **filters: Any
    ) -> tuple[list[JobSeeker], int | None]:
        """One page of :meth:`iter_job_seekers` (same filters): up to ``limit`` people
        after the row id ``after``, and the key to pass as ``after`` for the next page
        (``None`` on the last). Keyset paging on the primary key: rows written between
        two pages never repeat or shift a row already passed."""
        where = self._job_seeker_filters(**filters)
        query = (
            sa.select(_JS.c.id, _JS.c.record)
            .where(_JS.c.id > (after or 0), *where)
            .order_by(_JS.c.id)
            .limit(limit + 1)
        )
        with self.engine.connect() as conn:
            rows = conn.execute(query).all()
        more = len(rows) > limit
        rows = rows[:limit]
        return [JobSeeker.model_validate(r) for _, r in rows], rows[-1][0] if more else None

    def iter_vacancies(
        self,
        demand_list_id: str | None = None,
        *,
        destination_country: str | None = None,
        isco_group: str | Collection[str] | None = None,
        scope: Scope = EVERYONE,
        batch_size: int = 1000,
    ) -> Iterator[Vacancy]:
        """:meth:`list_vacancies` read ``batch_size`` at a time (keyset pages): memory
        stays bounded for any number of vacancies."""
        after = None
        while True:
            page, after, _ = self.page_vacancies(
                demand_list_id,
                destination_country=destination_country,
                isco_group=isco_group,
                scope=scope,
                after=after,
                limit=batch_size,
            )
            yield from page
            if after is None:
                return

    def page_vacancies(
        self,
        demand_list_id: str | None = None,
        *,
        destination_country: str | None = None,
        isco_group: str | Collection[str] | None = None,
        scope: Scope = EVERYONE,
        after: tuple[int, int, int] | None = None,
        limit: int = 50,
    ) -> tuple[list[Vacancy], tuple[int, int, int] | None, int]:
        """One page of :meth:`list_vacancies` (same order and filters) after the sort key
        ``after``: the vacancies, the key of the last one when more follow (``None`` on
        the last page), and how many there are in all. Keyset paging over the index
        ``ix_vacancies_page``."""
        with self.engine.connect() as conn:
            query = self._vacancy_query(
                conn, demand_list_id, destination_country, isco_group, scope
            )
            total = conn.execute(
                sa.select(sa.func.count()).select_from(query.subquery())
            ).scalar_one()
            if after is not None:
                query = query.where(sa.tuple_(*_VACANCY_ORDER) > sa.tuple_(*after))
            rows = conn.execute(
                query.add_columns(*_VACANCY_ORDER).order_by(*_VACANCY_ORDER).limit(limit + 1)
            ).all()
        more = len(rows) > limit
        rows = rows[:limit]
        key = tuple(rows[-1][1:]) if more else None
        return [Vacancy.model_validate(r[0]) for r in rows], key, total  # type: ignore[return-value]

    def _vacancy_query(
        self,
        conn: Connection,
        demand_list_id: str | None,
        destination_country: str | None,
        isco_group: str | Collection[str] | None,
        scope: Scope,
    ) -> sa.Select[Any]:
        query = sa.select(_VAC.c.record)
        if demand_list_id is not None:
            list_id = conn.execute(
                sa.select(_DL.c.id).where(_DL.c.external_id == demand_list_id)
            ).scalar_one_or_none()
            if list_id is None:
                raise NotFoundError(f"no demand list with external id {demand_list_id!r}")
            query = query.where(_VAC.c.demand_list_id == list_id)
        if destination_country is not None:
            query = query.where(_VAC.c.destination_country == destination_country)
        if isco_group is not None:
            query = query.where(_matches(_VAC.c.isco_group, isco_group))
        visible = scope.vacancy_clause(_VAC.c.agency, _VAC.c.demand_list_id)
        if visible is not None:
            query = query.where(visible)
        return query

    def page_demand_list_ids(
        self, destination_country: str | None = None, *, after: int | None = None, limit: int = 50
    ) -> tuple[list[str], int | None]:
        """One page of demand-list ids (keyset on the row id) and the key of the next."""
        rows = self._demand_list_keys(destination_country, after, limit + 1)
        more = len(rows) > limit
        rows = rows[:limit]
        return [external_id for _, external_id in rows], rows[-1][0] if more else None

    def _demand_list_keys(
        self, destination_country: str | None, after: int | None, limit: int | None
    ) -> list[tuple[int, str]]:
        query = sa.select(_DL.c.id, _DL.c.external_id).where(_DL.c.id > (after or 0))
        if destination_country is not None:
            query = query.where(_DL.c.destination_country == destination_country)
        query = query.order_by(_DL.c.id).limit(limit)
        with self.engine.connect() as conn:
            return [(pk, external_id) for pk, external_id in conn.execute(query)]

    def page_agencies(
        self, *, after: tuple[str, int] | None = None, limit: int = 50
    ) -> tuple[list[Agency], tuple[str, int] | None]:
        """One page of the register by name (:meth:`list_agencies`' order), keyset on
        ``(name_key, id)``, and the key of the next page."""
        order = (_AGENCY.c.name_key, _AGENCY.c.id)
        query = sa.select(_AGENCY.c.record, *order).order_by(*order).limit(limit + 1)
        if after is not None:
            query = query.where(sa.tuple_(*order) > sa.tuple_(*after))
        with self.engine.connect() as conn:
            rows = conn.execute(query).all()
        more = len(rows) > limit
        rows = rows[:limit]
        key = (rows[-1][1], rows[-1][2]) if more else None
        return [Agency.model_validate(r[0]) for r in rows], key
