"""The pipeline board and the follow-ups due: the jobs the person acts on, read by status (the
shapes are in :mod:`jobscraper.store.pipeline_shapes`, which the UI imports too).

- :func:`pipeline_board`: one column per :class:`~jobscraper.vocabulary.JobStatus`, in funnel order,
  each with its cards (a compact job: title, company, applied and follow-up dates). The *new*
  column holds only the jobs the person starred (favourites still at *new*): every job scraped
  starts at *new*, so without that rule the first column would be the whole database.
  Hidden jobs are left out everywhere; a job archived or closed stays in the column the person
  moved it to (an application to a posting that has since closed is still an application) and its
  card says it is closed — only the *new* column drops those, as there is nothing to act on.
- :func:`due_follow_ups`: the jobs whose follow-up date is today or earlier, oldest first, that
  are still worth following up (not hidden, archived or closed).

"Today" is passed in by the caller (the person's local date), so tests need no clock.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, and_, func, select

from jobscraper.store.blocklist import not_blocked
from jobscraper.store.db import Database
from jobscraper.store.pipeline_shapes import PipelineBoard, PipelineCard, PipelineColumn
from jobscraper.store.tables import JOB
from jobscraper.vocabulary import JobStatus

__all__ = [
    "CARDS_PER_COLUMN",
    "PipelineBoard",
    "PipelineCard",
    "PipelineColumn",
    "due_follow_ups",
    "pipeline_board",
]

CARDS_PER_COLUMN = 200  # a column shows this many cards at most; ``total`` counts them all
DUE_LIMIT = 500

_CARD_COLUMNS = (
    JOB.c.id,
    JOB.c.title,
    JOB.c.company,
    JOB.c.status,
    JOB.c.favorite,
    JOB.c.applied_at,
    JOB.c.follow_up_at,
    JOB.c.archived_at,
    JOB.c.closed_at,
)


def _card(row: Any, today: date) -> PipelineCard:
    follow_up = row.follow_up_at
    return PipelineCard(
        id=row.id,
        title=row.title,
        company=row.company,
        status=JobStatus(row.status),
        favorite=bool(row.favorite),
        applied_at=row.applied_at,
        follow_up_at=follow_up,
        closed=row.archived_at is not None or row.closed_at is not None,
        overdue=follow_up is not None and follow_up < today,
    )


def _open() -> ColumnElement[bool]:
    return and_(JOB.c.archived_at.is_(None), JOB.c.closed_at.is_(None))


def _on_board(status: JobStatus) -> ColumnElement[bool]:
    shown = and_(JOB.c.hidden.is_(False), not_blocked(JOB))  # the company blocklist hides a job here too
    if status is JobStatus.NEW:
        return and_(JOB.c.status == status.value, JOB.c.favorite.is_(True), _open(), shown)
    return and_(JOB.c.status == status.value, shown)


def pipeline_board(db: Database, today: date, per_column: int = CARDS_PER_COLUMN) -> PipelineBoard:
    """The board: per status, the jobs with the nearest follow-up first, then the latest applied,
    then the newest job."""
    columns: list[PipelineColumn] = []
    with db.reader() as conn:
        for status in JobStatus:
            where = _on_board(status)
            total = conn.execute(select(func.count()).select_from(JOB).where(where)).scalar_one()
            rows = conn.execute(
                select(*_CARD_COLUMNS)
                .where(where)
                .order_by(
                    JOB.c.follow_up_at.is_(None),
                    JOB.c.follow_up_at,
                    JOB.c.applied_at.is_(None),
                    JOB.c.applied_at.desc(),
                    JOB.c.id.desc(),
                )
                .limit(per_column)
            ).all()
            columns.append(PipelineColumn(status=status, total=total, cards=[_card(r, today) for r in rows]))
    return PipelineBoard(today=today, columns=columns)


def due_follow_ups(db: Database, today: date, limit: int = DUE_LIMIT) -> list[PipelineCard]:
    """The jobs to follow up: follow-up date on or before ``today``, oldest first; not hidden,
    archived or closed."""
    stmt = (
        select(*_CARD_COLUMNS)
        .where(
            JOB.c.follow_up_at.is_not(None),
            JOB.c.follow_up_at <= today,
            JOB.c.hidden.is_(False),
            not_blocked(JOB),
            _open(),
        )
        .order_by(JOB.c.follow_up_at, JOB.c.id)
        .limit(limit)
    )
    with db.reader() as conn:
        return [_card(r, today) for r in conn.execute(stmt)]
