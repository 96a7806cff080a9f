"""The alert tables (:mod:`jobscraper.store.alerts`): where alerts go, and what was sent where.

``alert_channel`` holds an Apprise URL per channel (ntfy, Slack, Discord, Telegram, email, Matrix, a
plain webhook); the URL carries the channel's secret, so only the store and the sender read it —
every answer shows it masked (:func:`jobscraper.alerts.mask_url`). ``alert_sent`` is one row per job
per channel, unique, so a job is sent at most once to a channel however many runs see it; deleting a
job or a channel deletes its rows. Kept apart from :mod:`jobscraper.models` so the alerts work has a
file of its own; :mod:`jobscraper.store.tables` imports it, which registers the tables.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, ForeignKey, Integer
from sqlmodel import Field, SQLModel

__all__ = ["AlertChannel", "AlertSent"]


class AlertChannel(SQLModel, table=True):
    """One place alerts are sent: a unique name and its Apprise URL."""

    __tablename__ = "alert_channel"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True)
    url: str = Field(description="the Apprise URL, with its secret: never shown whole")
    enabled: bool = Field(default=True, sa_column_kwargs={"server_default": "1"})
    created_at: datetime


class AlertSent(SQLModel, table=True):
    """A job sent to a channel (in a message of its own or in a digest): never sent there again."""

    __tablename__ = "alert_sent"

    job_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("job.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
        )
    )
    channel_id: int = Field(
        sa_column=Column(
            Integer,
            ForeignKey("alert_channel.id", ondelete="CASCADE"),
            primary_key=True,
            autoincrement=False,
            index=True,
        )
    )
    sent_at: datetime
