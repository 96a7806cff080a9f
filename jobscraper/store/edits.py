"""User edits: the only code path that writes a job's user fields (favourite, notes, status,
applied date, follow-up date, hidden). Scrapes and imports never come here."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import Connection, update

from jobscraper.errors import NotFound
from jobscraper.models import JobStatus
from jobscraper.store.tables import JOB

__all__ = ["UserUpdate", "apply_user_update"]


class UserUpdate(BaseModel):
    """A partial edit: only the fields that were given are written (``applied_at: null`` and
    ``follow_up_at: null`` clear)."""

    model_config = ConfigDict(extra="forbid")

    favorite: bool | None = None
    status: JobStatus | None = None
    notes: str | None = Field(None, max_length=100_000)
    hidden: bool | None = None
    applied_at: datetime | None = None
    follow_up_at: date | None = None


def apply_user_update(conn: Connection, job_id: int, change: UserUpdate, now: datetime) -> dict[str, Any]:
    """Write ``change`` to job ``job_id`` inside the caller's transaction; returns the values set.

    Moving a job to *applied* without a date records ``now`` as its applied date.
    """
    given = change.model_fields_set
    values: dict[str, Any] = {}
    for name in ("favorite", "notes", "hidden"):
        if name in given and getattr(change, name) is not None:
            values[name] = getattr(change, name)
    if "status" in given and change.status is not None:
        values["status"] = change.status.value
    if "follow_up_at" in given:
        values["follow_up_at"] = change.follow_up_at
    if "applied_at" in given:
        values["applied_at"] = change.applied_at
    elif change.status is JobStatus.APPLIED:
        current = conn.execute(
            JOB.select().with_only_columns(JOB.c.applied_at).where(JOB.c.id == job_id)
        ).first()
        if current is not None and current.applied_at is None:
            values["applied_at"] = now
    if not values:
        exists = conn.execute(JOB.select().with_only_columns(JOB.c.id).where(JOB.c.id == job_id)).first()
        if exists is None:
            raise NotFound(f"no job with id {job_id}")
        return values
    result = conn.execute(update(JOB).where(JOB.c.id == job_id).values(values))
    if not result.rowcount:
        raise NotFound(f"no job with id {job_id}")
    return values
