"""A person's municipality, their name's search key, and personal-number claims.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-06

``municipality``: the gazetteer id read with the region from a town or municipality's
name (``ქუთაისი`` -> Imereti, ``kutaisi``). ``name_key``: the name in one script and
order-free form (:func:`matching.intake.people.name_key`), indexed, so that a name search
is a query. ``claimed_personal_number``: an agency registered a personal number that a
record outside its scope holds; the record is stored without the unique number and the
claim waits for a coordinator (``matching duplicates``), so the agency learns nothing
about the other record. Existing rows get their municipality and name key from their
stored record.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("job_seekers") as batch:
        batch.add_column(sa.Column("municipality", sa.String(64), nullable=True))
        batch.add_column(sa.Column("name_key", sa.String(200), nullable=True))
        batch.add_column(sa.Column("claimed_personal_number", sa.String(11), nullable=True))
    op.create_index("ix_job_seekers_municipality", "job_seekers", ["municipality"])
    op.create_index("ix_job_seekers_name_key", "job_seekers", ["name_key"])
    op.create_index(
        "ix_job_seekers_claimed_personal_number", "job_seekers", ["claimed_personal_number"]
    )
    _fill_name_keys()


def _fill_name_keys() -> None:
    from matching.intake.people import name_key

    bind = op.get_bind()
    table = sa.table(
        "job_seekers",
        sa.column("id", sa.Integer),
        sa.column("record", sa.JSON),
        sa.column("name_key", sa.String),
        sa.column("municipality", sa.String),
    )
    rows = bind.execute(sa.select(table.c.id, table.c.record)).all()
    updates = []
    for pk, record in rows:
        data = json.loads(record) if isinstance(record, str) else (record or {})
        updates.append(
            {
                "pk": pk,
                "key": name_key(data.get("full_name") or "")[:200] or None,
                "municipality": data.get("municipality"),
            }
        )
    if updates:
        bind.execute(
            table.update()
            .where(table.c.id == sa.bindparam("pk"))
            .values(name_key=sa.bindparam("key"), municipality=sa.bindparam("municipality")),
            updates,
        )


def downgrade() -> None:
    op.drop_index("ix_job_seekers_claimed_personal_number", table_name="job_seekers")
    op.drop_index("ix_job_seekers_name_key", table_name="job_seekers")
    op.drop_index("ix_job_seekers_municipality", table_name="job_seekers")
    with op.batch_alter_table("job_seekers") as batch:
        batch.drop_column("claimed_personal_number")
        batch.drop_column("name_key")
        batch.drop_column("municipality")
