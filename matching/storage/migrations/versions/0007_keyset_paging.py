"""Keyset paging of vacancies, and the people written since a time: two indexes.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06

Vacancies are listed in demand-list order, unlisted ones first, then as stored:
``(coalesce(demand_list_id, 0), coalesce(position, -1), id)``. ``GET /vacancies?after=``
seeks to a key in this index instead of scanning the rows it skips. Vacancy visibility
(public on a ministry demand list or with no agency, private to an agency otherwise) is
derived from the existing ``agency`` and ``demand_list_id`` columns: no column is added.
Every other list pages on an existing index (primary keys; ``agencies.name_key``).

``job_seekers.updated_at`` is indexed for the engine's incremental matcher refit, which
reads the people written since it last looked (and for the stamp's ``max(updated_at)``).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(
        "ix_vacancies_page",
        "vacancies",
        [sa.text("coalesce(demand_list_id, 0)"), sa.text("coalesce(position, -1)"), "id"],
    )
    op.create_index("ix_job_seekers_updated_at", "job_seekers", ["updated_at"])


def downgrade() -> None:
    op.drop_index("ix_job_seekers_updated_at", table_name="job_seekers")
    op.drop_index("ix_vacancies_page", table_name="vacancies")
