"""One person, one record: a personal number is registered once.

Revision ID: 0003
Revises: 0001 (to be set to the placements branch's 0002 at merge)
Create Date: 2026-12-05

Refuses to run, naming how many numbers repeat, when the database already holds one
personal number under two records: those must be merged first (``matching duplicates``
lists them), never silently dropped.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    repeated = (
        op.get_bind()
        .execute(
            sa.text(
                "SELECT COUNT(*) FROM (SELECT personal_number FROM job_seekers "
                "WHERE personal_number IS NOT NULL GROUP BY personal_number "
                "HAVING COUNT(*) > 1) AS repeated"
            )
        )
        .scalar_one()
    )
    if repeated:
        raise RuntimeError(
            f"{repeated} personal numbers are registered under more than one record: "
            "merge them (`matching duplicates` lists them), then migrate again"
        )
    op.drop_index("ix_job_seekers_personal_number", table_name="job_seekers")
    op.create_index(
        "uq_job_seekers_personal_number", "job_seekers", ["personal_number"], unique=True
    )


def downgrade() -> None:
    op.drop_index("uq_job_seekers_personal_number", table_name="job_seekers")
    op.create_index("ix_job_seekers_personal_number", "job_seekers", ["personal_number"])
