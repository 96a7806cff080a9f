"""the company blocklist

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02

The company blocklist (:mod:`jobscraper.blocklist`): one row per rule — a company name, a domain or
a glob pattern — with the user's text and its normalised form, unique per kind. Jobs are not
touched: a blocked job stays in the database and the queries leave it out (unblocking brings it
back), so no column on ``job`` and nothing to undo there.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    text = sqlmodel.sql.sqltypes.AutoString
    op.create_table(
        "blocked_company",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", text(), nullable=False),
        sa.Column("value", text(), nullable=False),
        sa.Column("match", text(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("kind", "match", name="uq_blocked_company_kind_match"),
    )


def downgrade() -> None:
    op.drop_table("blocked_company")
