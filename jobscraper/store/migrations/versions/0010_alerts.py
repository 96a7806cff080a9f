"""alert channels and what was sent

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02

Alerts for new jobs that fit (``jobscraper.store.alerts``): ``alert_channel`` holds each channel's
Apprise URL (its secret inside: never shown whole); ``alert_sent`` one row per job per channel, its
primary key the pair, so a job is sent at most once to a channel. Deleting a job or a channel
deletes its rows (foreign keys); ``ix_alert_sent_channel_id`` serves "what did this channel get".
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    string = sqlmodel.sql.sqltypes.AutoString
    moment = sqlmodel.sql.sqltypes.UTCDateTime
    op.create_table(
        "alert_channel",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", string(), nullable=False),
        sa.Column("url", string(), nullable=False),
        sa.Column("enabled", sa.Boolean(), server_default="1", nullable=False),
        sa.Column("created_at", moment(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name"),
    )
    op.create_table(
        "alert_sent",
        sa.Column("job_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("channel_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("sent_at", moment(), nullable=False),
        sa.ForeignKeyConstraint(["job_id"], ["job.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["channel_id"], ["alert_channel.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("job_id", "channel_id"),
    )
    op.create_index("ix_alert_sent_channel_id", "alert_sent", ["channel_id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_alert_sent_channel_id", table_name="alert_sent")
    op.drop_table("alert_sent")
    op.drop_table("alert_channel")
