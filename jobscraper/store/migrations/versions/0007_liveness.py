"""job liveness

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02

Whether a job is still open (``jobscraper.store.liveness``): its page is re-checked in the
background; two failed checks in a row close it. The job keeps when it closed and why
(``closed_at``, ``closed_reason``), when it was last checked and how many checks in a row failed.
Closed jobs leave the default views (an index serves ``closed_at IS NULL``); nothing is deleted.
Columns on the job rather than a side table: the default views filter on ``closed_at`` as they do
on ``archived_at``, with no join.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_COLUMNS = ("closed_at", "closed_reason", "last_checked_at", "failed_checks")


def upgrade() -> None:
    moment = sqlmodel.sql.sqltypes.UTCDateTime
    op.add_column("job", sa.Column("closed_at", moment(), nullable=True))
    op.add_column("job", sa.Column("closed_reason", sqlmodel.sql.sqltypes.AutoString(), nullable=True))
    op.add_column("job", sa.Column("last_checked_at", moment(), nullable=True))
    op.add_column("job", sa.Column("failed_checks", sa.Integer(), server_default="0", nullable=False))
    op.create_index(op.f("ix_job_closed_at"), "job", ["closed_at"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_job_closed_at"), table_name="job")
    for name in reversed(_COLUMNS):
        op.drop_column("job", name)  # SQLite ≥ 3.35: ALTER TABLE … DROP COLUMN, no table copy
