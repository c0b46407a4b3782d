"""Initial schema: job seekers, vacancies, demand lists, match results, audit events.

Revision ID: 0001
Revises:
Create Date: 2026-11-23
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The same types as matching.storage, spelled out: a migration must not change when the
# models do.
ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
RECORD = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")
STAMP = sa.DateTime(timezone=True)


def _timestamps() -> list[sa.Column]:
    return [
        sa.Column("created_at", STAMP, nullable=False),
        sa.Column("updated_at", STAMP, nullable=False),
    ]


def _indexes(table: str, *columns: str) -> None:
    for column in columns:
        op.create_index(f"ix_{table}_{column}", table, [column])


def upgrade() -> None:
    op.create_table(
        "demand_lists",
        sa.Column("id", ID, nullable=False),
        sa.Column("external_id", sa.String(64), nullable=False),
        sa.Column("destination_country", sa.String(2), nullable=False),
        sa.Column("source_file", sa.String(500), nullable=True),
        sa.Column("received", sa.Date(), nullable=True),
        sa.Column("record", RECORD, nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        *_timestamps(),
        sa.PrimaryKeyConstraint("id", name="pk_demand_lists"),
        sa.UniqueConstraint("external_id", name="uq_demand_lists_external_id"),
    )
    _indexes("demand_lists", "destination_country")

    op.create_table(
        "vacancies",
        sa.Column("id", ID, nullable=False),
        sa.Column("external_id", sa.String(64), nullable=False),
        sa.Column("demand_list_id", ID, nullable=True),
        sa.Column("position", sa.Integer(), nullable=True),
        sa.Column("destination_country", sa.String(2), nullable=False),
        sa.Column("employer", sa.String(200), nullable=True),
        sa.Column("agency", sa.String(120), nullable=True),
        sa.Column("agency_licensed", sa.Boolean(), nullable=True),
        sa.Column("charges_worker_fee", sa.Boolean(), nullable=False),
        sa.Column("title", sa.String(300), nullable=False),
        sa.Column("isco_group", sa.String(4), nullable=True),
        sa.Column("esco_uri", sa.String(200), nullable=True),
        sa.Column("positions", sa.Integer(), nullable=False),
        sa.Column("season_start", sa.Date(), nullable=True),
        sa.Column("season_end", sa.Date(), nullable=True),
        sa.Column("record", RECORD, nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        *_timestamps(),
        sa.ForeignKeyConstraint(
            ["demand_list_id"],
            ["demand_lists.id"],
            name="fk_vacancies_demand_list_id_demand_lists",
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_vacancies"),
        sa.UniqueConstraint("external_id", name="uq_vacancies_external_id"),
    )
    _indexes(
        "vacancies",
        "demand_list_id",
        "destination_country",
        "agency",
        "charges_worker_fee",
        "isco_group",
        "esco_uri",
    )

    op.create_table(
        "job_seekers",
        sa.Column("id", ID, nullable=False),
        sa.Column("external_id", sa.String(64), nullable=False),
        sa.Column("personal_number", sa.String(11), nullable=True),
        sa.Column("agency", sa.String(120), nullable=True),
        sa.Column("region", sa.String(64), nullable=True),
        sa.Column("gender", sa.String(16), nullable=False),
        sa.Column("birth_date", sa.Date(), nullable=True),
        sa.Column("available_from", sa.Date(), nullable=True),
        sa.Column("consent_active", sa.Boolean(), nullable=False),
        sa.Column("any_destination", sa.Boolean(), nullable=False),
        sa.Column("primary_isco_group", sa.String(4), nullable=True),
        sa.Column("primary_esco_uri", sa.String(200), nullable=True),
        sa.Column("record", RECORD, nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        *_timestamps(),
        sa.PrimaryKeyConstraint("id", name="pk_job_seekers"),
        sa.UniqueConstraint("external_id", name="uq_job_seekers_external_id"),
    )
    _indexes(
        "job_seekers",
        "personal_number",
        "agency",
        "region",
        "available_from",
        "consent_active",
        "primary_isco_group",
    )

    op.create_table(
        "job_seeker_occupations",
        sa.Column("id", ID, nullable=False),
        sa.Column("job_seeker_id", ID, nullable=False),
        sa.Column("isco_group", sa.String(4), nullable=True),
        sa.Column("esco_uri", sa.String(200), nullable=True),
        sa.Column("years", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(
            ["job_seeker_id"],
            ["job_seekers.id"],
            name="fk_job_seeker_occupations_job_seeker_id_job_seekers",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_job_seeker_occupations"),
    )
    _indexes("job_seeker_occupations", "job_seeker_id")
    op.create_index(
        "ix_job_seeker_occupations_isco_group_job_seeker_id",
        "job_seeker_occupations",
        ["isco_group", "job_seeker_id"],
    )
    op.create_index(
        "ix_job_seeker_occupations_esco_uri_job_seeker_id",
        "job_seeker_occupations",
        ["esco_uri", "job_seeker_id"],
    )

    op.create_table(
        "job_seeker_destinations",
        sa.Column("job_seeker_id", ID, nullable=False),
        sa.Column("country", sa.String(2), nullable=False),
        sa.ForeignKeyConstraint(
            ["job_seeker_id"],
            ["job_seekers.id"],
            name="fk_job_seeker_destinations_job_seeker_id_job_seekers",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("job_seeker_id", "country", name="pk_job_seeker_destinations"),
    )
    op.create_index(
        "ix_job_seeker_destinations_country_job_seeker_id",
        "job_seeker_destinations",
        ["country", "job_seeker_id"],
    )

    op.create_table(
        "match_results",
        sa.Column("id", ID, nullable=False),
        sa.Column("run_id", sa.String(64), nullable=False),
        sa.Column("vacancy_external_id", sa.String(64), nullable=False),
        sa.Column("job_seeker_external_id", sa.String(64), nullable=False),
        sa.Column("rank", sa.Integer(), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("detail", RECORD, nullable=True),
        sa.Column("created_at", STAMP, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_match_results"),
    )
    _indexes("match_results", "run_id", "vacancy_external_id", "job_seeker_external_id")

    op.create_table(
        "audit_events",
        sa.Column("id", ID, nullable=False),
        sa.Column("at", STAMP, nullable=False),
        sa.Column("action", sa.String(64), nullable=False),
        sa.Column("job_seeker_external_id", sa.String(64), nullable=True),
        sa.Column("vacancy_external_id", sa.String(64), nullable=True),
        sa.Column("detail", RECORD, nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_audit_events"),
    )
    _indexes("audit_events", "at", "job_seeker_external_id", "vacancy_external_id")


def downgrade() -> None:
    for table in (
        "audit_events",
        "match_results",
        "job_seeker_destinations",
        "job_seeker_occupations",
        "job_seekers",
        "vacancies",
        "demand_lists",
    ):
        op.drop_table(table)
