"""``job_count`` (migration 0012) stays equal to counting the jobs through everything that writes them
— new jobs, a re-post on another board, user edits, archiving and coming back, a liveness close,
an extracted work mode, a delete — on SQLite and on PostgreSQL; and the job list's totals read
from it are the jobs the list shows."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import delete, select, update

from jobscraper.store import Database, JobQuery, SyncEngine, UserUpdate, search_jobs
from jobscraper.store.tables import JOB, JOB_COUNT, SOURCE
from jobscraper.store.work_mode import work_mode
from tests.unit.conftest import FakeClock

Key = tuple[bool, bool, bool, bool, str, bool]


def _jobs(db: Database) -> Counter[Key]:
    cols = (JOB.c.archived_at, JOB.c.closed_at, JOB.c.hidden, JOB.c.favorite, JOB.c.status)
    with db.reader() as conn:
        rows = conn.execute(select(*cols, JOB.c.remote_policy, JOB.c.is_remote)).all()
    return Counter(
        (a is not None, c is not None, bool(h), bool(f), s, work_mode(policy, remote) == "remote")
        for a, c, h, f, s, policy, remote in rows
    )


def _counted(db: Database) -> Counter[Key]:
    with db.reader() as conn:
        rows = conn.execute(select(JOB_COUNT)).all()
    return Counter({(bool(a), bool(c), bool(h), bool(f), s, bool(r)): n for a, c, h, f, s, r, n in rows if n})


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request: pytest.FixtureRequest) -> Database:
    found: Database = request.getfixturevalue("db" if request.param == "sqlite" else "pg_db")
    return found


def test_the_counts_follow_every_kind_of_write(database: Database, make_posting: Any) -> None:
    clock = FakeClock()
    sync = SyncEngine(database, clock=clock)
    first = [make_posting(is_remote=n % 2 == 0) for n in range(6)]
    sync.upsert(first)
    sync.upsert([{**first[0], "site": "indeed", "job_url": "https://www.indeed.com/viewjob?jk=abc"}])
    assert _counted(database) == _jobs(database) and sum(_jobs(database).values()) == 6
    with database.reader() as conn:
        ids = list(conn.execute(select(JOB.c.id).order_by(JOB.c.id)).scalars())
    sync.update_user_fields(ids[0], UserUpdate(status="applied", favorite=True))
    sync.update_user_fields(ids[1], UserUpdate(hidden=True))
    sync.update_user_fields(ids[1], UserUpdate(notes="only the notes: no count moves"))
    assert _counted(database) == _jobs(database)
    clock.advance(days=40)
    sync.upsert(first[:3])  # seen again; the other three go stale
    assert sync.archive_stale(timedelta(days=30)) == 3
    assert _counted(database) == _jobs(database)
    sync.upsert(first[3:4])  # an archived job seen again comes back
    with database.writer() as conn:
        conn.execute(
            update(JOB).where(JOB.c.id == ids[2]).values(closed_at=clock(), closed_reason="HTTP 410")
        )
        conn.execute(update(JOB).where(JOB.c.id == ids[1]).values(remote_policy="remote"))
        conn.execute(update(JOB).where(JOB.c.id == ids[0]).values(remote_policy="onsite"))
        conn.execute(delete(SOURCE).where(SOURCE.c.job_id == ids[5]))
        conn.execute(delete(JOB).where(JOB.c.id == ids[5]))
    assert _counted(database) == _jobs(database)
    assert sum(_jobs(database).values()) == 5


def test_list_totals_from_the_counts_are_the_jobs_listed(
    db: Database, sync: SyncEngine, make_posting: Any
) -> None:
    sync.upsert([make_posting(is_remote=n % 3 == 0) for n in range(9)])
    with db.reader() as conn:
        ids = list(conn.execute(select(JOB.c.id).order_by(JOB.c.id)).scalars())
    sync.update_user_fields(ids[0], UserUpdate(status="interested", favorite=True))
    sync.update_user_fields(ids[3], UserUpdate(status="interested", hidden=True))
    for query in (
        JobQuery(),
        JobQuery(status="interested"),
        JobQuery(favorites=True),
        JobQuery(remote=True),
        JobQuery(remote=False, include_hidden=True),
        JobQuery(archived="only"),
        JobQuery(per_page=2, page=5),  # past the end: still the total
    ):
        page = search_jobs(db, query)
        everything = search_jobs(db, query.model_copy(update={"page": 1, "per_page": 500}))
        assert page.total == len(everything.items), query
