"""Vacancies and demand lists in the :class:`~matching.storage.store.Store`: upserts,
reads and deletes, scoped by :class:`~matching.scope.Scope` (an agency writes only its own
vacancies; it reads its own and the public ones)."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from matching.errors import ForbiddenError, NotFoundError
from matching.fileio import chunks
from matching.records import DemandList, Vacancy
from matching.scope import EVERYONE, Scope
from matching.storage.paging import _VACANCY_ORDER
from matching.storage.results import UpsertReport, encode_record
from matching.storage.sql import _bulk_insert, _ids_of, _upsert_rows
from matching.storage.tables import _DL, _VAC, _now

# A vacancy's record by external id (the scope's conditions are added to it): built once,
# as every shortlist request reads one.
_VACANCY_RECORD = sa.select(_VAC.c.record).where(_VAC.c.external_id == sa.bindparam("external_id"))


class VacancyStoreMixin:
    """Vacancies and demand lists, on the store's engine."""

    engine: Engine
    reads: Engine

    if TYPE_CHECKING:
        batch_size: int

        def _upsert(
            self,
            table: sa.Table,
            records: Iterable[Any],
            scope: Scope,
            row_of: Callable[[Any], dict[str, Any]],
            write: Callable[[Connection, list[dict[str, Any]], list[Any]], UpsertReport],
        ) -> UpsertReport: ...

        def _vacancy_query(self, *args: Any, **kwargs: Any) -> Any: ...

        def _demand_list_keys(self, *args: Any, **kwargs: Any) -> Any: ...

    @staticmethod
    def _vacancy_row(vacancy: Vacancy) -> dict[str, Any]:
        data, digest = encode_record(vacancy)
        return {
            "external_id": vacancy.external_id,
            "destination_country": vacancy.destination_country,
            "employer": vacancy.employer,
            "agency": vacancy.agency,
            "agency_licensed": vacancy.agency_licensed,
            "charges_worker_fee": vacancy.charges_worker_fee,
            "title": vacancy.title,
            "isco_group": vacancy.isco_group,
            "esco_uri": vacancy.esco_uri,
            "positions": vacancy.positions,
            "season_start": vacancy.season_start,
            "season_end": vacancy.season_end,
            "record": data,
            "content_hash": digest,
        }

    def upsert_vacancies(
        self, records: Iterable[Vacancy], *, scope: Scope = EVERYONE
    ) -> UpsertReport:
        """Insert new vacancies and update changed ones, by external id, in one transaction.

        A vacancy's demand list, if it has one, is left as it is. An agency's ``scope``
        stamps and refuses as :meth:`upsert_job_seekers` does.

        Raises:
            DuplicateRecordError: An external id appears twice in ``records``.
        """
        return self._upsert(
            _VAC,
            records,
            scope,
            self._vacancy_row,
            lambda c, rows, _: self._upsert_vacancy_rows(c, rows),
        )

    def _upsert_vacancy_rows(self, conn: Connection, rows: list[dict[str, Any]]) -> UpsertReport:
        in_list = "demand_list_id" in rows[0]
        existing = {
            ext: (h, dl, pos)
            for ext, h, dl, pos in conn.execute(
                sa.select(
                    _VAC.c.external_id,
                    _VAC.c.content_hash,
                    _VAC.c.demand_list_id,
                    _VAC.c.position,
                ).where(_VAC.c.external_id.in_([r["external_id"] for r in rows]))
            )
        }
        new: list[dict[str, Any]] = []
        changed: list[dict[str, Any]] = []
        now = _now()
        for row in rows:
            old = existing.get(row["external_id"])
            if old is None:
                new.append({**row, "created_at": now, "updated_at": now})
            elif old[0] != row["content_hash"] or (
                in_list and (old[1], old[2]) != (row["demand_list_id"], row["position"])
            ):
                changed.append({**row, "created_at": now, "updated_at": now})
        _bulk_insert(conn, _VAC, new)
        _upsert_rows(conn, _VAC, changed)
        return UpsertReport(len(new), len(changed), len(rows) - len(new) - len(changed))

    def save_demand_list(
        self, demand_list: DemandList, *, prune: bool = True, scope: Scope = EVERYONE
    ) -> UpsertReport:
        """Store a demand list and its vacancies in one transaction.

        Args:
            demand_list: The list; its vacancies keep their order.
            prune: Delete vacancies that an earlier version of this list held and this one
                does not. ``False`` only adds and updates (what a partial import wants).

        Returns:
            What happened to the vacancies (a vacancy counts as updated when it changed
            or moved within or into this list).

        Raises:
            ForbiddenError: ``scope`` is an agency's: demand lists are the ministry's.
        """
        if not scope.everyone:
            raise ForbiddenError("an agency imports vacancies on their own, not as a demand list")
        header, digest = encode_record(demand_list.model_copy(update={"vacancies": []}))
        row = {
            "external_id": demand_list.external_id,
            "destination_country": demand_list.destination_country,
            "source_file": demand_list.source_file,
            "received": demand_list.received,
            "record": header,
            "content_hash": digest,
        }
        report = UpsertReport()
        with self.engine.begin() as conn:
            old = conn.execute(
                sa.select(_DL.c.id, _DL.c.content_hash).where(
                    _DL.c.external_id == demand_list.external_id
                )
            ).one_or_none()
            if old is None or old.content_hash != row["content_hash"]:
                now = _now()
                _upsert_rows(conn, _DL, [{**row, "created_at": now, "updated_at": now}])
                list_id = _ids_of(conn, _DL, [demand_list.external_id])[demand_list.external_id]
            else:
                list_id = old.id
            rows = [
                {**self._vacancy_row(v), "demand_list_id": list_id, "position": i}
                for i, v in enumerate(demand_list.vacancies)
            ]
            for chunk in chunks(rows, self.batch_size):
                report += self._upsert_vacancy_rows(conn, chunk)
            if prune:
                keep = [v.external_id for v in demand_list.vacancies]
                conn.execute(
                    sa.delete(_VAC).where(
                        _VAC.c.demand_list_id == list_id, _VAC.c.external_id.not_in(keep)
                    )
                )
        return report

    def get_vacancy(
        self, external_id: str, *, scope: Scope = EVERYONE, to_write: bool = False
    ) -> Vacancy:
        """The vacancy with this external id, if ``scope`` may read it (a public one or
        its own: :meth:`Scope.sees_vacancy`), or with ``to_write`` change it (its own).

        Raises:
            NotFoundError: No such vacancy within ``scope``.
        """
        query = _VACANCY_RECORD
        if to_write and not scope.everyone:
            query = query.where(_VAC.c.agency == scope.agency)
        visible = scope.vacancy_clause(_VAC.c.agency, _VAC.c.demand_list_id)
        if visible is not None:
            query = query.where(visible)
        with self.reads.connect() as conn:
            data = conn.execute(query, {"external_id": external_id}).scalar_one_or_none()
        if data is None:
            raise NotFoundError(f"no vacancy with external id {external_id!r}")
        return Vacancy.model_validate(data)

    def list_vacancies(
        self,
        demand_list_id: str | None = None,
        *,
        destination_country: str | None = None,
        isco_group: str | Collection[str] | None = None,
        scope: Scope = EVERYONE,
    ) -> list[Vacancy]:
        """Vacancies, in demand-list order; all of them or one demand list's.

        Args:
            scope: Whose vacancies: everyone's, or those an agency sees (the public ones
                and its own).
            demand_list_id: A demand list's external id.
            destination_country: Only this destination.
            isco_group: Only these ISCO unit groups.

        Raises:
            NotFoundError: ``demand_list_id`` names no stored demand list.
        """
        with self.engine.connect() as conn:
            query = self._vacancy_query(
                conn, demand_list_id, destination_country, isco_group, scope
            ).order_by(*_VACANCY_ORDER)
            return [Vacancy.model_validate(data) for data in conn.execute(query).scalars()]

    def delete_vacancy(self, external_id: str, *, scope: Scope = EVERYONE) -> None:
        """Delete a vacancy (its stored match results go with it).

        Raises:
            NotFoundError: No such vacancy within ``scope``.
        """
        where = [_VAC.c.external_id == external_id]
        if not scope.everyone:
            where.append(_VAC.c.agency == scope.agency)
        with self.engine.begin() as conn:
            if not conn.execute(sa.delete(_VAC).where(*where)).rowcount:
                raise NotFoundError(f"no vacancy with external id {external_id!r}")

    def get_demand_list(self, external_id: str) -> DemandList:
        """A demand list with its vacancies, as saved.

        Raises:
            NotFoundError: No such demand list.
        """
        with self.engine.connect() as conn:
            header = conn.execute(
                sa.select(_DL.c.record).where(_DL.c.external_id == external_id)
            ).scalar_one_or_none()
        if header is None:
            raise NotFoundError(f"no demand list with external id {external_id!r}")
        vacancies = self.list_vacancies(external_id)
        return DemandList.model_validate({**header, "vacancies": vacancies})

    def list_demand_list_ids(
        self,
        destination_country: str | None = None,
        *,
        after: int | None = None,
        limit: int | None = None,
    ) -> list[str]:
        """External ids of the stored demand lists, oldest first; with ``limit``, at most
        that many after the row id ``after`` (see :meth:`page_demand_list_ids`)."""
        return [
            external_id
            for _, external_id in self._demand_list_keys(destination_country, after, limit)
        ]
