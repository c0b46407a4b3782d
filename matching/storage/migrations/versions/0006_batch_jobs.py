"""Batch jobs: demand-list runs queued in the database for any worker to take.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-06
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Spelled out, as in 0001: a migration must not change when the models do.
RECORD = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")
STAMP = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "batch_jobs",
        sa.Column("id", sa.String(64), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("source_name", sa.String(255), nullable=False),
        sa.Column("input", sa.LargeBinary(), nullable=False),
        sa.Column("input_sha256", sa.String(64), nullable=False),
        sa.Column("demand_list_id", sa.String(64), nullable=True),
        sa.Column("destination_country", sa.String(2), nullable=True),
        sa.Column("submitted_by", sa.String(120), nullable=False),
        sa.Column("agency", sa.String(120), nullable=True),
        sa.Column("submitted_at", STAMP, nullable=False),
        sa.Column("started_at", STAMP, nullable=True),
        sa.Column("finished_at", STAMP, nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("claim", sa.String(64), nullable=True),
        sa.Column("worker", sa.String(200), nullable=True),
        sa.Column("heartbeat_at", STAMP, nullable=True),
        sa.Column("lease_expires", STAMP, nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("summary", RECORD, nullable=True),
        sa.Column("mapping", RECORD, nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_batch_jobs"),
    )
    op.create_index("ix_batch_jobs_state_lease_expires", "batch_jobs", ["state", "lease_expires"])
    op.create_index("ix_batch_jobs_submitted_at_id", "batch_jobs", ["submitted_at", "id"])
    op.create_index("ix_batch_jobs_demand_list_id", "batch_jobs", ["demand_list_id"])
    op.create_index("ix_batch_jobs_destination_country", "batch_jobs", ["destination_country"])
    op.create_index("ix_batch_jobs_agency", "batch_jobs", ["agency"])


def downgrade() -> None:
    op.drop_table("batch_jobs")
