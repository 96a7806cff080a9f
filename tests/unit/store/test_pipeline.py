"""The pipeline board and the follow-ups due (:mod:`jobscraper.store.pipeline`) on a real SQLite
file: the *new* column holds only starred jobs, a move to *applied* records the date, the due list
is oldest first and leaves out what is hidden, archived or closed, and a scrape never touches the
follow-up date."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest
from pydantic import ValidationError
from sqlalchemy import update

from jobscraper.models import USER_FIELDS
from jobscraper.store import Database, SyncEngine, UserUpdate
from jobscraper.store.pipeline import due_follow_ups, pipeline_board
from jobscraper.store.tables import JOB
from jobscraper.store.writer import Writer
from jobscraper.vocabulary import JOB_STATUSES, JobStatus

TODAY = date(2026, 12, 2)


@pytest.fixture
def ids(sync: SyncEngine, make_posting: Any) -> list[int]:
    sync.upsert([make_posting() for _ in range(5)])
    with sync.db.reader() as conn:
        return [r.id for r in conn.execute(JOB.select().order_by(JOB.c.id))]


def edit(db: Database, job_id: int, **fields: Any) -> dict[str, Any]:
    return Writer(db).update_user_fields(job_id, UserUpdate.model_validate(fields))


def columns(db: Database) -> dict[str, list[int]]:
    return {c.status.value: [card.id for card in c.cards] for c in pipeline_board(db, TODAY).columns}


def test_withdrawn_is_a_status_and_the_table_accepts_it(db: Database, ids: list[int]) -> None:
    assert JOB_STATUSES[-1] == "withdrawn"
    edit(db, ids[0], status="withdrawn")
    assert columns(db)["withdrawn"] == [ids[0]]
    assert "follow_up_at" in USER_FIELDS


def test_the_new_column_holds_only_starred_jobs(db: Database, ids: list[int]) -> None:
    board = columns(db)
    assert list(board) == list(JOB_STATUSES) and all(cards == [] for cards in board.values())
    edit(db, ids[1], favorite=True)
    edit(db, ids[2], status="interested")
    board = columns(db)
    assert board["new"] == [ids[1]] and board["interested"] == [ids[2]]


def test_moving_to_applied_records_the_date_and_the_card_shows_it(db: Database, ids: list[int]) -> None:
    written = edit(db, ids[0], status="applied")
    assert isinstance(written["applied_at"], datetime)
    (card,) = next(c for c in pipeline_board(db, TODAY).columns if c.status is JobStatus.APPLIED).cards
    assert card.id == ids[0] and card.applied_at is not None
    edit(db, ids[0], status="interested")  # moving back keeps the date the person applied
    (back,) = next(c for c in pipeline_board(db, TODAY).columns if c.status is JobStatus.INTERESTED).cards
    assert back.applied_at == card.applied_at


def test_the_due_list_is_oldest_first_and_leaves_out_hidden_archived_and_closed(
    db: Database, ids: list[int]
) -> None:
    edit(db, ids[0], status="applied", follow_up_at="2026-12-01")
    edit(db, ids[1], follow_up_at="2026-11-20")
    edit(db, ids[2], follow_up_at="2026-12-02")  # today: due, not overdue
    edit(db, ids[3], follow_up_at="2026-12-03")  # tomorrow: not yet
    edit(db, ids[4], follow_up_at="2026-11-01", hidden=True)
    due = due_follow_ups(db, TODAY)
    assert [c.id for c in due] == [ids[1], ids[0], ids[2]]
    assert [c.overdue for c in due] == [True, True, False]
    with db.writer() as conn:
        gone = datetime(2026, 12, 1, tzinfo=UTC)
        conn.execute(update(JOB).where(JOB.c.id == ids[1]).values(archived_at=gone))
        conn.execute(update(JOB).where(JOB.c.id == ids[0]).values(closed_at=gone))
    assert [c.id for c in due_follow_ups(db, TODAY)] == [ids[2]]
    applied = next(c for c in pipeline_board(db, TODAY).columns if c.status is JobStatus.APPLIED)
    assert applied.cards[0].closed, "an application stays on the board after its posting closed, marked"
    edit(db, ids[2], follow_up_at=None)
    assert due_follow_ups(db, TODAY) == []


def test_a_scrape_keeps_the_follow_up_date(
    db: Database, sync: SyncEngine, ids: list[int], make_posting: Any
) -> None:
    edit(db, ids[0], follow_up_at="2026-12-01")
    with db.reader() as conn:
        url = conn.execute(JOB.select().where(JOB.c.id == ids[0])).one().job_url
    sync.upsert([make_posting(job_url=url, title="Software Engineer 1 (changed)", company="Company 1 GmbH")])
    with db.reader() as conn:
        assert conn.execute(JOB.select().where(JOB.c.id == ids[0])).one().follow_up_at == date(2026, 12, 1)


def test_a_follow_up_must_be_a_date() -> None:
    with pytest.raises(ValidationError):
        UserUpdate.model_validate({"follow_up_at": "next week"})
    assert UserUpdate.model_validate({"follow_up_at": None}).model_fields_set == {"follow_up_at"}
