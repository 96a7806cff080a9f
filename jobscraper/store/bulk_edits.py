"""One user edit applied to many jobs at once (the Jobs page's bulk actions, issue 17, item 4).

Each job goes through :func:`~jobscraper.store.edits.apply_user_update`, the one path a user's edit
takes (so moving jobs to *applied* records their applied date, as one edit does), all of them in
one transaction: the bulk edit is all or nothing, and one writer call. Ids that name no job are
reported back, not an error — a job may have gone between the page showing it and the click.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import Connection, select

from jobscraper.store.edits import UserUpdate, apply_user_update
from jobscraper.store.tables import JOB

__all__ = ["MAX_BULK", "BulkEdit", "BulkOutcome", "apply_bulk_update"]

MAX_BULK = 500
"""The most jobs one bulk edit may name (a page of the list is at most 500)."""


class BulkEdit(BaseModel):
    """``POST /api/jobs/bulk``'s body: the jobs and the change (the fields of ``PATCH /api/jobs/{id}``)."""

    model_config = ConfigDict(extra="forbid")

    ids: list[int] = Field(min_length=1, max_length=MAX_BULK, description="the jobs to change")
    change: UserUpdate


class BulkOutcome(BaseModel):
    """Which jobs were changed, and which ids named no job."""

    updated: list[int]
    missing: list[int]


def apply_bulk_update(
    conn: Connection, job_ids: Sequence[int], change: UserUpdate, now: datetime
) -> BulkOutcome:
    """Apply ``change`` to each existing job of ``job_ids`` inside the caller's transaction."""
    wanted = list(dict.fromkeys(job_ids))
    found = set(conn.execute(select(JOB.c.id).where(JOB.c.id.in_(wanted))).scalars())
    updated = [i for i in wanted if i in found]
    for job_id in updated:
        apply_user_update(conn, job_id, change, now)
    return BulkOutcome(updated=updated, missing=[i for i in wanted if i not in found])
