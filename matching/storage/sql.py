"""SQL helpers shared by the store: bulk upserts and inserts, id look-ups, SQLite pragmas."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import lru_cache
from operator import itemgetter
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy import (
    JSON,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection

from matching.errors import DuplicateRecordError
from matching.scope import RecordT, Scope
from matching.storage.results import _serialize_json


def _upsert_rows(conn: Connection, table: sa.Table, rows: list[dict[str, Any]]) -> None:
    """INSERT ... ON CONFLICT (external_id) DO UPDATE, as one executemany."""
    if not rows:
        return
    insert = postgresql.insert if conn.dialect.name == "postgresql" else sqlite.insert
    stmt = insert(table)
    keep = {"id", "external_id", "created_at"}
    stmt = stmt.on_conflict_do_update(
        index_elements=[table.c.external_id],
        set_={c: stmt.excluded[c] for c in rows[0] if c not in keep},
    )
    conn.execute(stmt, rows)


def _bulk_insert(conn: Connection, table: sa.Table, rows: list[dict[str, Any]]) -> None:
    """Plain INSERT of new rows: COPY on PostgreSQL (several times faster), else executemany."""
    if not rows:
        return
    if conn.dialect.name != "postgresql":
        compiled = _compiled_insert(conn.dialect, table, tuple(rows[0]))
        if compiled is None:
            conn.execute(sa.insert(table), rows)
            return
        # The statement compiled once and each value converted by its column type's own
        # bind processor, as SQLAlchemy's executemany would, without its per-row
        # parameter handling (which took as long as SQLite's insert itself).
        sql, values, converted = compiled
        if not converted:
            conn.exec_driver_sql(sql, [values(row) for row in rows])
            return
        # A value met again as the same object (the batch's one timestamp) is converted
        # once: the bind processors are pure.
        last_in: list[Any] = [_UNSEEN] * len(converted)
        last_out: list[Any] = [None] * len(converted)
        params = []
        for row in rows:
            row_values = list(values(row))
            for k, (i, convert) in enumerate(converted):
                value = row_values[i]
                if value is not last_in[k]:
                    last_in[k], last_out[k] = value, convert(value)
                row_values[i] = last_out[k]
            params.append(tuple(row_values))
        conn.exec_driver_sql(sql, params)
        return
    from psycopg.types.json import Jsonb

    columns = list(rows[0])
    json_columns = {c for c in columns if isinstance(table.c[c].type, JSON)}
    names = ", ".join(f'"{c}"' for c in columns)
    cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
    try:
        with cursor.copy(f'COPY "{table.name}" ({names}) FROM STDIN') as copy:
            for row in rows:
                copy.write_row(
                    [
                        Jsonb(row[c], dumps=_serialize_json)
                        if c in json_columns and row[c] is not None
                        else row[c]
                        for c in columns
                    ]
                )
    finally:
        cursor.close()


@lru_cache(maxsize=64)
def _compiled_insert(
    dialect: sa.engine.Dialect, table: sa.Table, columns: tuple[str, ...]
) -> tuple[str, Callable[[dict[str, Any]], tuple[Any, ...]], list[tuple[int, Any]]] | None:
    """``INSERT INTO table (columns) VALUES (?, ...)`` for ``dialect``, a function giving
    a row's values in the parameters' order, and the position and bind processor of each
    value its column type converts; ``None`` when the statement would take other
    parameters (a column default to compute), for SQLAlchemy to handle."""
    compiled = sa.insert(table).compile(dialect=dialect, column_keys=list(columns))
    order = compiled.positiontup
    if not order or sorted(order) != sorted(columns):
        return None
    processors = compiled._bind_processors
    getter = itemgetter(*order)
    values = getter if len(order) > 1 else (lambda row: (getter(row),))
    converted = [(i, processors[c]) for i, c in enumerate(order) if processors.get(c)]
    return str(compiled), values, converted


def _ids_of(conn: Connection, table: sa.Table, external_ids: list[str]) -> dict[str, int]:
    """Surrogate ids by external id (a second query: a multi-row RETURNING statement is
    rendered as one huge VALUES list that psycopg parses slowly)."""
    return dict(_by_external_id(conn, table, ("external_id", "id"), external_ids))


_UNSEEN = object()
# Below SQLite's default limit of bound parameters (32,766 since 3.32).
_SQLITE_MAX_PARAMETERS = 30_000


def _by_external_id(
    conn: Connection, table: sa.Table, columns: tuple[str, ...], external_ids: list[str]
) -> list[tuple[Any, ...]]:
    """``columns`` of the rows whose external id is in ``external_ids``. On SQLite the
    statement goes to the driver as written (SQLAlchemy's expanding ``IN`` took a tenth of
    an import's store time); the columns read must be ones SQLite returns as they are
    (text, integers)."""
    if not external_ids:
        return []
    if conn.dialect.name == "sqlite" and len(external_ids) <= _SQLITE_MAX_PARAMETERS:
        quote = conn.dialect.identifier_preparer.quote
        names = ", ".join(quote(c) for c in columns)
        marks = ", ".join("?" * len(external_ids))
        sql = f"SELECT {names} FROM {quote(table.name)} WHERE external_id IN ({marks})"
        return [tuple(r) for r in conn.exec_driver_sql(sql, tuple(external_ids))]
    select = sa.select(*(table.c[c] for c in columns))
    return [tuple(r) for r in conn.execute(select.where(table.c.external_id.in_(external_ids)))]


def _check_unique(rows: list[dict[str, Any]], seen: set[str]) -> None:
    for row in rows:
        external_id = row["external_id"]
        if external_id in seen:
            raise DuplicateRecordError(f"external id {external_id!r} appears twice in one write")
        seen.add(external_id)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()


def _within(
    conn: Connection, table: sa.Table, records: list[RecordT], scope: Scope
) -> tuple[list[RecordT], tuple[str, ...]]:
    """``records`` as ``scope`` may write them: stamped with its agency, less those whose
    id another agency's record already holds (returned apart, as refused)."""
    if scope.everyone:
        return records, ()
    taken = {
        external_id
        for external_id, agency in conn.execute(
            sa.select(table.c.external_id, table.c.agency).where(
                table.c.external_id.in_([r.external_id for r in records])  # type: ignore[attr-defined]
            )
        )
        if agency != scope.agency
    }
    kept = [scope.stamp(r) for r in records if r.external_id not in taken]  # type: ignore[attr-defined]
    refused = tuple(r.external_id for r in records if r.external_id in taken)  # type: ignore[attr-defined]
    return kept, refused


@contextmanager
def _file_lock(database: str | None) -> Iterator[None]:
    """An exclusive lock on ``<database>.lock`` (nothing for ``None`` or in-memory)."""
    if not database or database == ":memory:":
        yield
        return
    path = Path(database).with_name(Path(database).name + ".lock")
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a+b") as handle:
        if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
            import msvcrt

            handle.seek(0)
            while True:
                try:
                    msvcrt.locking(handle.fileno(), msvcrt.LK_LOCK, 1)
                    break
                except OSError:
                    continue
            try:
                yield
            finally:
                handle.seek(0)
                msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)
        else:
            import fcntl

            fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
