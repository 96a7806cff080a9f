"""saved searches and watched companies

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28

Saved searches and the companies to scrape move from the config file into the database (the
config seeds them). A company is *watched* while its ``url`` is set; it gains ``render_js`` and
``updated_at``. Both carry the outcome of their last run (``last_*``). ``config_seed`` remembers
which config entries were copied in, so one the user deleted or renamed is not brought back.

Columns are added with plain ``ALTER TABLE``: a batch (copy-and-rename) migration of ``company``
would drop a table that ``job.company_id`` references while foreign keys are enforced.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _last_result_columns() -> list[sa.Column]:
    return [
        sa.Column("last_run_id", sa.Integer(), nullable=True),
        sa.Column("last_run_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("last_status", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("last_found", sa.Integer(), nullable=True),
        sa.Column("last_new", sa.Integer(), nullable=True),
        sa.Column("last_error", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    ]


_COMPANY_COLUMNS = ("render_js", "updated_at", "last_run_id", "last_run_at", "last_status",
                    "last_found", "last_new", "last_error")


def upgrade() -> None:
    op.add_column("company", sa.Column("render_js", sa.Boolean(), server_default="0", nullable=False))
    op.add_column("company", sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))
    for column in _last_result_columns():
        op.add_column("company", column)

    op.create_table(
        "saved_search",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("term", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("location", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("sites", sa.JSON(), nullable=False),
        sa.Column("distance_miles", sa.Integer(), nullable=True),
        sa.Column("is_remote", sa.Boolean(), nullable=False),
        sa.Column("job_type", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("hours_old", sa.Integer(), nullable=True),
        sa.Column("results_wanted", sa.Integer(), nullable=False),
        sa.Column("country", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        *_last_result_columns(),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name"),
    )
    op.create_table(
        "config_seed",
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("key", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("seeded_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("kind", "key"),
    )


def downgrade() -> None:
    op.drop_table("config_seed")
    op.drop_table("saved_search")
    for name in reversed(_COMPANY_COLUMNS):
        op.drop_column("company", name)  # SQLite ≥ 3.35: ALTER TABLE … DROP COLUMN, no table copy
