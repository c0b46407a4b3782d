"""The :class:`Store`: every read and write of job seekers, vacancies, demand lists and audit
events, in one transaction each, scoped by :class:`~matching.scope.Scope` (see the package
docstring for how records are stored, made idempotent and erased)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy import (
    event,
)
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.pool import StaticPool

from matching.config import Settings
from matching.errors import MatchingError, NotFoundError, PersonalNumberTakenError
from matching.fileio import chunks
from matching.records import JobSeeker
from matching.scope import EVERYONE, Scope
from matching.storage.flags import AgencyFlagStoreMixin
from matching.storage.jobs import JobStoreMixin
from matching.storage.paging import PagingStoreMixin
from matching.storage.placements import PlacementStoreMixin
from matching.storage.results import (
    AuditEvent,
    ErasureReport,
    JsonText,
    PersonFacts,
    StoreCounts,
    StoredMatch,
    UpsertReport,
    _matches,
    _primary_occupation,
    _serialize_json,
    encode_record,
)
from matching.storage.sql import (
    _bulk_insert,
    _by_external_id,
    _check_unique,
    _file_lock,
    _ids_of,
    _sqlite_pragmas,
    _upsert_rows,
    _within,
)
from matching.storage.tables import (
    _AUDIT,
    _DEST,
    _DL,
    _JS,
    _MATCH,
    _OCC,
    _VAC,
    MIGRATIONS_DIR,
    SQLITE_BUSY_TIMEOUT,
    Base,
    _now,
)
from matching.storage.vacancies import VacancyStoreMixin


# ----------------------------------------------------------------------------- the store
class Store(
    VacancyStoreMixin, PagingStoreMixin, PlacementStoreMixin, JobStoreMixin, AgencyFlagStoreMixin
):
    """Job seekers, vacancies and demand lists in one SQL database.

    The constructor only stores its parameters; :meth:`open` (or ``with``) connects and,
    unless ``migrate=False``, brings the schema up to date with the Alembic migrations.
    Every write method is one transaction: it is stored whole or not at all.

    Args:
        url: SQLAlchemy URL, e.g. ``sqlite:///var/matching.sqlite`` or
            ``postgresql+psycopg://user:pass@host/db``. ``sqlite://`` is an in-memory
            database. :meth:`from_settings` takes it from the settings in force.
        migrate: Apply pending migrations on open.
        batch_size: Records per statement batch in bulk writes and reads.
        echo: Log SQL (SQLAlchemy's ``echo``).

    Example:
        >>> from matching.records import Vacancy
        >>> with Store("sqlite://") as store:
        ...     _ = store.upsert_vacancies(
        ...         [Vacancy(external_id="PL-1", destination_country="PL", title="Murarz")]
        ...     )
        ...     [v.title for v in store.list_vacancies()]
        ['Murarz']
    """

    def __init__(
        self,
        url: str,
        *,
        migrate: bool = True,
        batch_size: int = 2000,
        echo: bool = False,
    ):
        self.url = url
        self.migrate_on_open = migrate
        self.batch_size = batch_size
        self.echo = echo
        self._engine: Engine | None = None
        self._reads: Engine | None = None

    @classmethod
    def from_settings(cls, settings: Settings, **kwargs: Any) -> Store:
        """A store on ``settings.resolved_database_url``."""
        return cls(settings.resolved_database_url, **kwargs)

    # ------------------------------------------------------------------ lifecycle
    def open(self) -> Store:
        """Connect (creating an SQLite file's directory) and migrate; returns self."""
        if self._engine is not None:
            return self
        url = sa.make_url(self.url)
        kwargs: dict[str, Any] = {"echo": self.echo, "json_serializer": _serialize_json}
        if url.get_backend_name() == "sqlite":
            if url.database and url.database != ":memory:":
                Path(url.database).parent.mkdir(parents=True, exist_ok=True)
                # Writers queue for SQLite's one write lock; under concurrent API clients
                # five seconds (the driver's default) ran out, and a request failed.
                kwargs["connect_args"] = {"timeout": SQLITE_BUSY_TIMEOUT}
                # WAL readers do not block each other: a connection per server thread (the
                # API's pool runs 40), kept open, rather than 5 kept and the rest reopened.
                kwargs.update(pool_size=40, max_overflow=10)
            else:  # one shared in-memory database for every connection
                kwargs.update(poolclass=StaticPool, connect_args={"check_same_thread": False})
        else:
            # Ten kept per process (an API worker's concurrent requests; connections over
            # the pool's size are closed on return, and reopening one costs milliseconds).
            kwargs.update(pool_pre_ping=True, pool_size=10, max_overflow=20)
        engine = sa.create_engine(url, **kwargs)
        if url.get_backend_name() == "sqlite":
            event.listen(engine, "connect", _sqlite_pragmas)
        self._engine = engine
        if self.migrate_on_open:
            try:
                self.migrate()
            except BaseException:
                self.close()
                raise
        return self

    def close(self) -> None:
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None
            self._reads = None

    def __enter__(self) -> Store:
        return self.open()

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            raise MatchingError("the store is not open: call open() or use it in a with block")
        return self._engine

    @property
    def reads(self) -> Engine:
        """The engine for a read of one statement. On PostgreSQL it runs in autocommit:
        one round trip for the query rather than three (BEGIN, the query, and ROLLBACK
        when the connection goes back to the pool), which the API's per-request reads
        (the vacancy, the engagements, the agency register) felt. Several statements
        that must see one snapshot use :attr:`engine`."""
        engine = self.engine
        if engine.dialect.name != "postgresql":
            return engine  # pysqlite begins no transaction before a SELECT anyway
        if self._reads is None:
            self._reads = engine.execution_options(isolation_level="AUTOCOMMIT")
        return self._reads

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def migrate(self, revision: str = "head") -> None:
        """Apply the Alembic migrations up to ``revision`` in one transaction.

        Two processes opening a fresh database wait for each other: PostgreSQL through an
        advisory lock, an SQLite file through a lock file beside it.
        """
        from alembic import command
        from alembic.config import Config

        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS_DIR))
        database = self.engine.url.database if self.dialect == "sqlite" else None
        with _file_lock(database), self.engine.begin() as connection:
            if connection.dialect.name == "postgresql":
                # Two processes opening a fresh database must not both create the tables.
                connection.execute(sa.text("SELECT pg_advisory_xact_lock(7240501)"))
            config.attributes["connection"] = connection
            command.upgrade(config, revision)

    def schema_revision(self) -> str | None:
        """The database's current Alembic revision (``None`` before any migration)."""
        from alembic.migration import MigrationContext

        with self.engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()

    # ------------------------------------------------------------------ job seekers
    def upsert_job_seekers(
        self, records: Iterable[JobSeeker], *, scope: Scope = EVERYONE
    ) -> UpsertReport:
        """Insert new job seekers and update changed ones, by external id, in one transaction.

        ``records`` may be a generator: it is consumed in batches of ``batch_size``.

        Args:
            records: The people.
            scope: An agency's scope stamps every record with the agency and refuses (lists
                in ``UpsertReport.refused``) ids that another agency registered.

        Raises:
            DuplicateRecordError: An external id appears twice in ``records``.
        """

        def write(conn: Connection, rows: list[dict[str, Any]], chunk: Sequence[JobSeeker]):
            if scope.agency is not None:
                _claim_numbers_held_elsewhere(conn, rows, scope)
            return self._upsert_job_seeker_rows(conn, rows, chunk)

        return self._upsert(_JS, records, scope, self._job_seeker_row, write)

    def _upsert(
        self,
        table: sa.Table,
        records: Iterable[Any],
        scope: Scope,
        row_of: Callable[[Any], dict[str, Any]],
        write: Callable[[Connection, list[dict[str, Any]], list[Any]], UpsertReport],
    ) -> UpsertReport:
        """The shared upsert: ``records`` in chunks, within ``scope``, ids unique across
        the whole write, each chunk written by ``write``; one transaction."""
        report = UpsertReport()
        seen: set[str] = set()
        with self.engine.begin() as conn:
            for chunk in chunks(records, self.batch_size):
                chunk, refused = _within(conn, table, chunk, scope)
                report += UpsertReport(refused=refused)
                if not chunk:
                    continue
                rows = [row_of(r) for r in chunk]
                _check_unique(rows, seen)
                report += write(conn, rows, chunk)
        return report

    @staticmethod
    def _job_seeker_row(seeker: JobSeeker) -> dict[str, Any]:
        from matching.intake.people import name_key  # intake imports the store

        data, digest = encode_record(seeker)
        isco, esco = _primary_occupation(seeker)
        return {
            "external_id": seeker.external_id,
            "personal_number": seeker.personal_number,
            "agency": seeker.agency,
            "region": seeker.region.value if seeker.region else None,
            "municipality": seeker.municipality,
            "name_key": name_key(seeker.full_name)[:200] or None,
            "claimed_personal_number": None,
            "gender": seeker.gender.value,
            "birth_date": seeker.birth_date,
            "available_from": seeker.available_from,
            "consent_active": seeker.consent.active,
            "any_destination": not seeker.destination_preferences,
            "primary_isco_group": isco,
            "primary_esco_uri": esco,
            "record": data,
            "content_hash": digest,
        }

    def _upsert_job_seeker_rows(
        self, conn: Connection, rows: list[dict[str, Any]], records: Sequence[JobSeeker]
    ) -> UpsertReport:
        existing = dict(
            _by_external_id(
                conn, _JS, ("external_id", "content_hash"), [r["external_id"] for r in rows]
            )
        )
        now = _now()
        new: list[int] = []
        changed: list[int] = []
        for i, row in enumerate(rows):
            old = existing.get(row["external_id"])
            if old is None:
                new.append(i)
            elif old != row["content_hash"]:
                changed.append(i)
        written = new + changed
        _check_personal_numbers(conn, [rows[i] for i in written])
        if written:
            _bulk_insert(
                conn, _JS, [{**rows[i], "created_at": now, "updated_at": now} for i in new]
            )
            _upsert_rows(
                conn, _JS, [{**rows[i], "created_at": now, "updated_at": now} for i in changed]
            )
            ids = _ids_of(conn, _JS, [rows[i]["external_id"] for i in written])
            self._write_job_seeker_children(
                conn,
                [ids[rows[i]["external_id"]] for i in written],
                [records[i] for i in written],
                replace=bool(changed),
            )
        return UpsertReport(len(new), len(changed), len(rows) - len(written))

    def _write_job_seeker_children(
        self, conn: Connection, ids: list[int], records: list[JobSeeker], *, replace: bool
    ) -> None:
        if replace:
            conn.execute(sa.delete(_OCC).where(_OCC.c.job_seeker_id.in_(ids)))
            conn.execute(sa.delete(_DEST).where(_DEST.c.job_seeker_id.in_(ids)))
        occupations = [
            {
                "job_seeker_id": pk,
                "isco_group": e.isco_group,
                "esco_uri": e.esco_uri,
                "years": e.years,
            }
            for pk, seeker in zip(ids, records, strict=True)
            for e in seeker.experience
            if e.isco_group or e.esco_uri
        ]
        destinations = [
            {"job_seeker_id": pk, "country": country}
            for pk, seeker in zip(ids, records, strict=True)
            for country in dict.fromkeys(seeker.destination_preferences)
        ]
        _bulk_insert(conn, _OCC, occupations)
        _bulk_insert(conn, _DEST, destinations)

    def job_seekers_born_on(
        self, days: Collection[date], *, scope: Scope = EVERYONE
    ) -> list[PersonFacts]:
        """Id, name, birth date and personal number of the people born on any of ``days``
        within ``scope`` (for likely-duplicate checks; no record is parsed)."""
        found: list[PersonFacts] = []
        unique = sorted(set(days))
        name = _JS.c.record["full_name"].as_string()
        columns = (_JS.c.external_id, name, _JS.c.birth_date, _JS.c.personal_number)
        # Birth dates are not indexed: each query reads the whole table. A few hundred
        # days are one query; more (an import of thousands of people) are one read of
        # the days' span, filtered here, rather than one whole-table read per 500 days.
        if len(unique) <= 500:
            queries = [sa.select(*columns).where(_JS.c.birth_date.in_(unique))] if unique else []
        else:
            queries = [sa.select(*columns).where(_JS.c.birth_date.between(unique[0], unique[-1]))]
        wanted = set(unique)
        with self.engine.connect() as conn:
            for query in queries:
                if not scope.everyone:  # an agency is told of its own people only
                    query = query.where(_JS.c.agency == scope.agency)
                found.extend(PersonFacts(*row) for row in conn.execute(query) if row[2] in wanted)
        return found

    def job_seekers_by_personal_number(
        self, personal_numbers: Collection[str], *, agency: str | None = None
    ) -> dict[str, tuple[str, str | None]]:
        """Who holds these personal numbers: ``{number: (external id, agency)}``.

        With ``agency``, that agency's own claims (see ``claimed_personal_number``) hold
        their numbers for it, as its unique numbers do.
        """
        found: dict[str, tuple[str, str | None]] = {}
        numbers = sorted(set(personal_numbers))
        with self.engine.connect() as conn:
            for start in range(0, len(numbers), 500):
                part = numbers[start : start + 500]
                query = sa.select(_JS.c.personal_number, _JS.c.external_id, _JS.c.agency).where(
                    _JS.c.personal_number.in_(part)
                )
                if agency is not None:
                    claims = sa.select(
                        _JS.c.claimed_personal_number, _JS.c.external_id, _JS.c.agency
                    ).where(_JS.c.claimed_personal_number.in_(part), _JS.c.agency == agency)
                    query = query.union_all(claims)
                for number, external_id, holder_agency in conn.execute(query):
                    if number not in found or holder_agency == agency:
                        found[number] = (external_id, holder_agency)
        return found

    def personal_number_claims(self) -> list[tuple[str, str | None, str | None, str | None]]:
        """Records an agency stored with a personal number another record holds (for
        coordinators only): ``(claimant id, its agency, holder id, its agency)``; the
        holder is ``None`` when it has since been erased."""
        claimant = _JS.alias("claimant")
        query = (
            sa.select(claimant.c.external_id, claimant.c.agency, _JS.c.external_id, _JS.c.agency)
            .select_from(claimant)
            .outerjoin(_JS, _JS.c.personal_number == claimant.c.claimed_personal_number)
            .where(claimant.c.claimed_personal_number.is_not(None))
            .order_by(claimant.c.id)
        )
        with self.engine.connect() as conn:
            return [tuple(row) for row in conn.execute(query)]  # type: ignore[misc]

    def get_job_seeker(self, external_id: str, *, scope: Scope = EVERYONE) -> JobSeeker:
        """The job seeker with this external id.

        Raises:
            NotFoundError: No such job seeker within ``scope`` (another agency's person is
                reported exactly as a missing one: existence must not leak).
        """
        query = sa.select(_JS.c.record).where(_JS.c.external_id == external_id)
        if not scope.everyone:
            query = query.where(_JS.c.agency == scope.agency)
        with self.reads.connect() as conn:
            data = conn.execute(query).scalar_one_or_none()
        if data is None:
            raise NotFoundError(f"no job seeker with external id {external_id!r}")
        return JobSeeker.model_validate(data)

    def _job_seeker_filters(
        self,
        *,
        scope: Scope = EVERYONE,
        agency: str | Collection[str] | None = None,
        region: str | Collection[str] | None = None,
        destination: str | None = None,
        isco_group: str | Collection[str] | None = None,
        esco_uri: str | Collection[str] | None = None,
        available_by: date | None = None,
        consent_active: bool | None = None,
        external_ids: Collection[str] | None = None,
        name_words: Sequence[str] | None = None,
        personal_number_digits: str | None = None,
    ) -> list[sa.ColumnElement[bool]]:
        where: list[sa.ColumnElement[bool]] = []
        for word in name_words or ():  # words of intake.people.name_key, in any order
            where.append(_JS.c.name_key.contains(word, autoescape=True))
        if personal_number_digits:
            where.append(
                sa.or_(
                    _JS.c.personal_number.contains(personal_number_digits, autoescape=True),
                    _JS.c.claimed_personal_number.contains(personal_number_digits, autoescape=True),
                )
            )
        if not scope.everyone:
            where.append(_JS.c.agency == scope.agency)
        if agency is not None:
            where.append(_matches(_JS.c.agency, agency))
        if region is not None:
            where.append(_matches(_JS.c.region, region))
        if destination is not None:
            where.append(
                sa.or_(
                    _JS.c.any_destination,
                    sa.exists().where(
                        _DEST.c.job_seeker_id == _JS.c.id, _DEST.c.country == destination
                    ),
                )
            )
        if isco_group is not None:
            where.append(
                sa.exists().where(
                    _OCC.c.job_seeker_id == _JS.c.id, _matches(_OCC.c.isco_group, isco_group)
                )
            )
        if esco_uri is not None:
            where.append(
                sa.exists().where(
                    _OCC.c.job_seeker_id == _JS.c.id, _matches(_OCC.c.esco_uri, esco_uri)
                )
            )
        if available_by is not None:
            where.append(
                sa.or_(_JS.c.available_from.is_(None), _JS.c.available_from <= available_by)
            )
        if consent_active is not None:
            where.append(_JS.c.consent_active.is_(consent_active))
        if external_ids is not None:
            where.append(_JS.c.external_id.in_(list(external_ids)))
        return where

    def iter_job_seekers(
        self,
        *,
        batch_size: int = 1000,
        scope: Scope = EVERYONE,
        agency: str | Collection[str] | None = None,
        region: str | Collection[str] | None = None,
        destination: str | None = None,
        isco_group: str | Collection[str] | None = None,
        esco_uri: str | Collection[str] | None = None,
        available_by: date | None = None,
        consent_active: bool | None = None,
        external_ids: Collection[str] | None = None,
        name_words: Sequence[str] | None = None,
        personal_number_digits: str | None = None,
    ) -> Iterator[JobSeeker]:
        """Job seekers in insertion order, read ``batch_size`` at a time (keyset paging).

        Every filter is optional; a string matches one value, a collection any of them.

        Args:
            batch_size: Rows fetched per query; memory stays bounded for any table size.
            scope: Whose people: everyone's, or one agency's.
            agency: Registering agency.
            region: Georgian region (``GeorgianRegion`` value, e.g. ``"Imereti"``).
            destination: A country code: people who asked for it or for no particular one.
            isco_group: ISCO-08 unit group of any normalised experience.
            esco_uri: ESCO occupation of any normalised experience.
            available_by: People available on or before this day (or with no date given).
            consent_active: ``True`` for people whose consent is given and not withdrawn.
                ``None`` (the default) does not filter: matching should pass ``True``.
            external_ids: Only these people.
            name_words: People whose folded name (:func:`matching.intake.people.name_key`,
                stored in ``name_key``) contains every one of these words.
            personal_number_digits: People whose personal number contains these digits.

        Yields:
            Validated :class:`~matching.records.JobSeeker` records.
        """
        where = self._job_seeker_filters(
            scope=scope,
            agency=agency,
            region=region,
            destination=destination,
            isco_group=isco_group,
            esco_uri=esco_uri,
            available_by=available_by,
            consent_active=consent_active,
            external_ids=external_ids,
            name_words=name_words,
            personal_number_digits=personal_number_digits,
        )
        last = 0
        while True:
            query = (
                sa.select(_JS.c.id, _JS.c.record)
                .where(_JS.c.id > last, *where)
                .order_by(_JS.c.id)
                .limit(batch_size)
            )
            with self.engine.connect() as conn:
                rows = conn.execute(query).all()
            for _, data in rows:
                yield JobSeeker.model_validate(data)
            if len(rows) < batch_size:
                return
            last = rows[-1][0]

    def count_job_seekers(self, **filters: Any) -> int:
        """How many job seekers match the filters of :meth:`iter_job_seekers`."""
        where = self._job_seeker_filters(**filters)
        with self.engine.connect() as conn:
            return conn.execute(
                sa.select(sa.func.count()).select_from(_JS).where(*where)
            ).scalar_one()

    def job_seekers_version(self) -> str:
        """A cheap stamp of the stored job seekers (count, newest row, latest update): it
        changes whenever a person is added, changed or erased, by this process or another.
        Use :meth:`job_seekers_fingerprint` where a full content check is worth a scan."""
        return self._version(_JS)

    def vacancies_version(self) -> str:
        """The same stamp for the stored vacancies."""
        return self._version(_VAC)

    def _version(self, table: sa.Table) -> str:
        with self.engine.connect() as conn:
            count, newest, updated = conn.execute(
                sa.select(sa.func.count(), sa.func.max(table.c.id), sa.func.max(table.c.updated_at))
            ).one()
        return f"{count}:{newest}:{updated}"

    def job_seekers_fingerprint(self) -> str:
        """``"<count>:<sha256>"`` of every stored job seeker's id and content hash: equal
        fingerprints mean the same people with the same records, whoever wrote them."""
        digest = hashlib.sha256()
        count = 0
        with self.engine.connect() as conn:
            result = conn.execute(
                sa.select(_JS.c.external_id, _JS.c.content_hash).order_by(_JS.c.id)
            )
            for external_id, content_hash in result:
                digest.update(f"{external_id}\t{content_hash}\n".encode())
                count += 1
        return f"{count}:{digest.hexdigest()}"

    def erase_job_seeker(self, external_id: str, *, scope: Scope = EVERYONE) -> ErasureReport:
        """Delete a person and every stored row that names them (right to erasure).

        Covers every table of :data:`Base.metadata` with a foreign key to
        ``job_seekers.id`` or a ``job_seeker_external_id`` column. An ``erasure`` audit
        event is kept without the person's id, so that the erasure itself is on record.

        Raises:
            NotFoundError: No such job seeker within ``scope`` (nothing is deleted).
        """
        if not scope.everyone:
            self.get_job_seeker(external_id, scope=scope)
        deleted: dict[str, int] = {}
        with self.engine.begin() as conn:
            pk = conn.execute(
                sa.select(_JS.c.id).where(_JS.c.external_id == external_id)
            ).scalar_one_or_none()
            if pk is None:
                raise NotFoundError(f"no job seeker with external id {external_id!r}")
            for table in reversed(Base.metadata.sorted_tables):
                if table is _JS:
                    continue
                conditions = [fk.parent == pk for fk in table.foreign_keys if fk.column is _JS.c.id]
                if "job_seeker_external_id" in table.c:
                    conditions.append(table.c.job_seeker_external_id == external_id)
                if conditions:
                    count = conn.execute(sa.delete(table).where(sa.or_(*conditions))).rowcount
                    if count:
                        deleted[table.name] = count
            deleted[_JS.name] = conn.execute(sa.delete(_JS).where(_JS.c.id == pk)).rowcount
            conn.execute(
                sa.insert(_AUDIT),
                {
                    "action": "erasure",
                    "at": _now(),
                    "detail": {"rows_deleted": sum(deleted.values())},
                },
            )
        return ErasureReport(external_id, deleted)

    # ------------------------------------------------------------------ match results, audit
    def save_match_results(self, results: Iterable[StoredMatch]) -> int:
        """Append ranked matches (one transaction); returns how many rows were written."""
        now = _now()
        written = 0
        with self.engine.begin() as conn:
            for chunk in chunks(results, self.batch_size):
                conn.execute(
                    sa.insert(_MATCH),
                    [
                        {
                            "run_id": m.run_id,
                            "vacancy_external_id": m.vacancy_external_id,
                            "job_seeker_external_id": m.job_seeker_external_id,
                            "rank": m.rank,
                            "score": m.score,
                            "detail": m.detail,
                            "created_at": now,
                        }
                        for m in chunk
                    ],
                )
                written += len(chunk)
        return written

    def list_match_results(
        self,
        *,
        run_id: str | None = None,
        vacancy_external_id: str | None = None,
        job_seeker_external_id: str | None = None,
    ) -> list[StoredMatch]:
        """Stored matches, by vacancy then rank."""
        query = sa.select(_MATCH).order_by(
            _MATCH.c.run_id, _MATCH.c.vacancy_external_id, _MATCH.c.rank
        )
        if run_id is not None:
            query = query.where(_MATCH.c.run_id == run_id)
        if vacancy_external_id is not None:
            query = query.where(_MATCH.c.vacancy_external_id == vacancy_external_id)
        if job_seeker_external_id is not None:
            query = query.where(_MATCH.c.job_seeker_external_id == job_seeker_external_id)
        with self.engine.connect() as conn:
            return [
                StoredMatch(
                    r.run_id,
                    r.vacancy_external_id,
                    r.job_seeker_external_id,
                    r.rank,
                    r.score,
                    r.detail,
                )
                for r in conn.execute(query)
            ]

    def record_audit_events(self, events: Iterable[AuditEvent]) -> int:
        """Append audit events in one transaction (one statement); returns how many.

        The events of one request share their detail (who, which route): it is
        serialised once, not once per person named."""
        texts: dict[int, tuple[object, JsonText]] = {}  # id(detail) -> (detail, its JSON)

        def text_of(detail: dict[str, Any] | None) -> JsonText | None:
            if detail is None:
                return None
            kept = texts.get(id(detail))
            if kept is None or kept[0] is not detail:
                kept = texts[id(detail)] = (detail, JsonText(_serialize_json(detail)))
            return kept[1]

        rows = [
            {
                "action": e.action,
                "at": e.at,
                "job_seeker_external_id": e.job_seeker_external_id,
                "vacancy_external_id": e.vacancy_external_id,
                "detail": text_of(e.detail),
            }
            for e in events
        ]
        if rows:
            with self.engine.begin() as conn:
                conn.execute(sa.insert(_AUDIT), rows)
        return len(rows)

    def list_audit_events(self, *, job_seeker_external_id: str | None = None) -> list[AuditEvent]:
        """Audit events, oldest first; all of them or those naming one job seeker."""
        query = sa.select(_AUDIT).order_by(_AUDIT.c.id)
        if job_seeker_external_id is not None:
            query = query.where(_AUDIT.c.job_seeker_external_id == job_seeker_external_id)
        with self.engine.connect() as conn:
            return [
                AuditEvent(
                    r.action, r.at, r.job_seeker_external_id, r.vacancy_external_id, r.detail
                )
                for r in conn.execute(query)
            ]

    # ------------------------------------------------------------------ counts
    def counts(self) -> StoreCounts:
        """Row counts of the main tables."""
        tables = (_JS, _VAC, _DL, _MATCH, _AUDIT)
        with self.engine.connect() as conn:
            values = [
                conn.execute(sa.select(sa.func.count()).select_from(t)).scalar_one() for t in tables
            ]
        return StoreCounts(*values)


def _claim_numbers_held_elsewhere(
    conn: Connection, rows: list[dict[str, Any]], scope: Scope
) -> None:
    """An agency's row whose personal number a record outside its scope holds becomes a
    claim: stored without the unique number (kept in ``claimed_personal_number`` and in
    the record) for a coordinator to resolve, and written as any other row, so that the
    agency learns nothing about the other record (see README, "One person, one record")."""
    numbers = {r["personal_number"]: r for r in rows if r["personal_number"]}
    if not numbers:
        return
    held = conn.execute(
        sa.select(_JS.c.personal_number, _JS.c.external_id, _JS.c.agency).where(
            _JS.c.personal_number.in_(list(numbers))
        )
    ).all()
    # The agency's own claims hold their number for it as a unique number would: a second
    # record with it is refused, naming the first, exactly as without the claim.
    own = conn.execute(
        sa.select(_JS.c.claimed_personal_number, _JS.c.external_id).where(
            _JS.c.claimed_personal_number.in_(list(numbers)), _JS.c.agency == scope.agency
        )
    ).all()
    for number, external_id in own:
        if external_id != numbers[number]["external_id"]:
            raise PersonalNumberTakenError(numbers[number]["external_id"], external_id)
    for number, external_id, agency in held:
        row = numbers[number]
        if external_id != row["external_id"] and not scope.sees(agency):
            row["claimed_personal_number"], row["personal_number"] = number, None


def _check_personal_numbers(conn: Connection, rows: list[dict[str, Any]]) -> None:
    """Refuse rows whose personal number another record holds (one person, one record)."""
    numbers: dict[str, str] = {}
    for row in rows:
        number = row["personal_number"]
        if number and numbers.setdefault(number, row["external_id"]) != row["external_id"]:
            raise PersonalNumberTakenError(row["external_id"], numbers[number])
    if not numbers:
        return
    held = conn.execute(
        sa.select(_JS.c.personal_number, _JS.c.external_id).where(
            _JS.c.personal_number.in_(list(numbers))
        )
    ).all()
    for number, external_id in held:
        if numbers[number] != external_id:
            raise PersonalNumberTakenError(numbers[number], external_id)
