"""Placements and their history; the agency register.

A partial unique index allows one engaged placement (selected, visa, departed) per
person, on SQLite and PostgreSQL alike.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-05
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Spelled out, as in 0001: a migration must not change when the models do.
ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
RECORD = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")
STAMP = sa.DateTime(timezone=True)
ENGAGED_WHERE = "status IN ('departed', 'selected', 'visa')"


def _indexes(table: str, *columns: str) -> None:
    for column in columns:
        op.create_index(f"ix_{table}_{column}", table, [column])


def upgrade() -> None:
    op.create_table(
        "placements",
        sa.Column("id", ID, nullable=False),
        sa.Column("job_seeker_external_id", sa.String(64), nullable=False),
        sa.Column("vacancy_external_id", sa.String(64), nullable=False),
        sa.Column("agency", sa.String(120), nullable=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("status_date", sa.Date(), nullable=False),
        sa.Column("created_at", STAMP, nullable=False),
        sa.Column("updated_at", STAMP, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_placements"),
        sa.UniqueConstraint(
            "job_seeker_external_id",
            "vacancy_external_id",
            name="uq_placements_job_seeker_external_id_vacancy_external_id",
        ),
    )
    _indexes("placements", "job_seeker_external_id", "vacancy_external_id", "agency", "status")
    op.create_index(
        "uq_placements_engaged_job_seeker",
        "placements",
        ["job_seeker_external_id"],
        unique=True,
        sqlite_where=sa.text(ENGAGED_WHERE),
        postgresql_where=sa.text(ENGAGED_WHERE),
    )

    op.create_table(
        "placement_events",
        sa.Column("id", ID, nullable=False),
        sa.Column("placement_id", ID, nullable=False),
        sa.Column("job_seeker_external_id", sa.String(64), nullable=False),
        sa.Column("from_status", sa.String(16), nullable=True),
        sa.Column("to_status", sa.String(16), nullable=False),
        sa.Column("on", sa.Date(), nullable=False),
        sa.Column("by", sa.String(200), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("at", STAMP, nullable=False),
        sa.ForeignKeyConstraint(
            ["placement_id"],
            ["placements.id"],
            name="fk_placement_events_placement_id_placements",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_placement_events"),
    )
    _indexes("placement_events", "placement_id", "job_seeker_external_id")

    op.create_table(
        "agencies",
        sa.Column("id", ID, nullable=False),
        sa.Column("licence_number", sa.String(64), nullable=False),
        sa.Column("legal_name", sa.String(200), nullable=False),
        sa.Column("name_key", sa.String(200), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=True),
        sa.Column("valid_until", sa.Date(), nullable=True),
        sa.Column("record", RECORD, nullable=False),
        sa.Column("created_at", STAMP, nullable=False),
        sa.Column("updated_at", STAMP, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_agencies"),
        sa.UniqueConstraint("licence_number", name="uq_agencies_licence_number"),
    )
    _indexes("agencies", "name_key")


def downgrade() -> None:
    for table in ("agencies", "placement_events", "placements"):
        op.drop_table(table)
