"""job vectors

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02

Each job's embedding for matching, kept in the job database next to the job (so backups, archive
and sync cover it): the model that made it, the job's content hash it was made from, and the
vector as int8 bytes with its scale (``jobscraper.store.vectors``). Deleting a job deletes its vector.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    string = sqlmodel.sql.sqltypes.AutoString
    op.create_table(
        "job_vector",
        sa.Column("job_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("model_id", string(), nullable=False),
        sa.Column("content_hash", string(), nullable=False),
        sa.Column("dim", sa.Integer(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("scale", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(["job_id"], ["job.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("job_id"),
    )
    op.create_index(op.f("ix_job_vector_model_id"), "job_vector", ["model_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_job_vector_model_id"), table_name="job_vector")
    op.drop_table("job_vector")
