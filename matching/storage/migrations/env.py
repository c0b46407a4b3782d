"""Alembic environment: migrates the connection that :meth:`matching.storage.Store.migrate` passes.

Run from the command line (``alembic -c matching/storage/migrations/alembic.ini revision
--autogenerate -m "..."``), it opens ``sqlalchemy.url`` from the ini file or, when that is
empty, the configured ``Settings().resolved_database_url``.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import context

from matching.storage import placement_tables  # noqa: F401  (its tables join Base)
from matching.storage.tables import Base

config = context.config
target_metadata = Base.metadata


def _run(connection: sa.Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        # SQLite cannot ALTER most things: batch mode rebuilds the table instead.
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    from matching.config import Settings

    url = config.get_main_option("sqlalchemy.url") or Settings().resolved_database_url
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        _run(conn)
    engine.dispose()


if context.is_offline_mode():
    raise RuntimeError("offline (SQL script) migrations are not supported; pass a connection")
run_migrations_online()
