"""Flags raised against agencies (fees charged to workers, unlicensed or inactive agencies).

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-06
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Spelled out, as in 0001: a migration must not change when the models do.
ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
STAMP = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "agency_flags",
        sa.Column("id", ID, nullable=False),
        sa.Column("agency", sa.String(200), nullable=False),
        sa.Column("vacancy_external_id", sa.String(64), nullable=False),
        sa.Column("code", sa.String(40), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("raised_on", sa.Date(), nullable=False),
        sa.Column("run_id", sa.String(64), nullable=False),
        sa.Column("created_at", STAMP, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_agency_flags"),
        sa.UniqueConstraint(
            "run_id",
            "vacancy_external_id",
            "code",
            name="uq_agency_flags_run_id_vacancy_external_id_code",
        ),
    )
    for column in ("agency", "vacancy_external_id", "raised_on"):
        op.create_index(f"ix_agency_flags_{column}", "agency_flags", [column])


def downgrade() -> None:
    op.drop_table("agency_flags")
