"""What's new: the list's filters for jobs first seen after a moment, or found new by one run
(issue 17, item 5).

A run records when it started and ended (``scrape_run.started_at``/``finished_at``) and the writer
stamps a new job's ``first_seen`` with the same clock, so the jobs a run found new are those first
seen while it ran (a run still running: since it started). Two runs that overlap share the jobs
either found new in that time; the writer cannot tell them apart, and neither can this filter.
An unknown run id matches no job.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import and_, or_, select
from sqlalchemy.sql.elements import ColumnElement

from jobscraper.store.tables import RUN

__all__ = ["as_stored", "new_conditions"]


def as_stored(moment: datetime) -> datetime:
    """``moment`` in UTC, as the database holds times (a moment without a zone is taken as UTC)."""
    return moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)


def new_conditions(first_seen_after: datetime | None, run: int | None, job: Any) -> list[ColumnElement[bool]]:
    """The conditions on ``job`` for "first seen after ``first_seen_after``" and "found new by
    run ``run``" (none when both are None)."""
    cond: list[ColumnElement[bool]] = []
    if first_seen_after is not None:
        cond.append(job.c.first_seen > as_stored(first_seen_after))
    if run is not None:
        started = select(RUN.c.started_at).where(RUN.c.id == run).scalar_subquery()
        finished = select(RUN.c.finished_at).where(RUN.c.id == run).scalar_subquery()
        cond.append(and_(job.c.first_seen >= started, or_(finished.is_(None), job.c.first_seen <= finished)))
    return cond
