"""profiles

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02

A person's profile for matching: the résumé as text, the preferences they set (hard), the
preferences found only in the résumé's text (``suggestions``, soft) and the ``active`` flag. Several
profiles may exist; a partial unique index lets at most one row be active (the store keeps exactly
one active while any exists). Fields: :mod:`jobscraper.matching.profile`.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    string = sqlmodel.sql.sqltypes.AutoString
    op.create_table(
        "profile",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", string(), nullable=False),
        sa.Column("locations", sa.JSON(), nullable=False),
        sa.Column("remote_ok", sa.Boolean(), nullable=True),
        sa.Column("remote_regions", sa.JSON(), nullable=False),
        sa.Column("open_to_relocation", sa.Boolean(), nullable=True),
        sa.Column("min_salary", sa.Float(), nullable=True),
        sa.Column("currency", string(), nullable=True),
        sa.Column("salary_period", string(), nullable=True),
        sa.Column("seniority", string(), nullable=True),
        sa.Column("job_types", sa.JSON(), nullable=False),
        sa.Column("needs_visa_sponsorship", sa.Boolean(), nullable=True),
        sa.Column("preferred_skills", sa.JSON(), nullable=False),
        sa.Column("excluded_skills", sa.JSON(), nullable=False),
        sa.Column("resume_text", sa.Text(), nullable=False),
        sa.Column("resume_file", string(), nullable=True),
        sa.Column("resume_format", string(), nullable=True),
        sa.Column("suggestions", sa.JSON(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name"),
    )
    op.create_index(
        "ix_profile_one_active",
        "profile",
        ["active"],
        unique=True,
        sqlite_where=sa.text("active"),
        postgresql_where=sa.text("active"),
    )


def downgrade() -> None:
    op.drop_index("ix_profile_one_active", table_name="profile")
    op.drop_table("profile")
