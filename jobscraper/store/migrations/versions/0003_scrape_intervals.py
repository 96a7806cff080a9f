"""scrape intervals

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-21

Saved searches and watched companies may carry ``interval_s``: the scheduler starts a run of
them that often (None: only when asked). Plain ``ADD COLUMN`` / ``DROP COLUMN``, as in 0002.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_TABLES = ("saved_search", "company")


def upgrade() -> None:
    for table in _TABLES:
        op.add_column(table, sa.Column("interval_s", sa.Integer(), nullable=True))


def downgrade() -> None:
    for table in _TABLES:
        op.drop_column(table, "interval_s")
