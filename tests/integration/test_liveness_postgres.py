"""Liveness on PostgreSQL (``database.url``): migration 0007 goes down and up again on a database with
jobs (down through the later migrations first, up again to the head: their PostgreSQL branches
too), and the writer's checks close a job after two failures and leave it out of the default list,
as on SQLite. A throwaway server per module (the fixtures of test_postgres.py; skipped where the
PostgreSQL server binaries are missing, outside CI)."""

from __future__ import annotations

from sqlalchemy import inspect

from jobscraper.store import Database, JobQuery, SyncEngine, search_jobs
from jobscraper.store.liveness import CheckResult, LivenessCounts
from jobscraper.store.writer import Writer
from tests.alembic_steps import migrate as _migrate
from tests.postings import posting_dict

LIVENESS_COLUMNS = {"closed_at", "closed_reason", "last_checked_at", "failed_checks"}


def _columns(db: Database) -> set[str]:
    return {c["name"] for c in inspect(db.engine).get_columns("job")}


def test_migration_0007_goes_down_and_up_with_jobs_in_place(pg_db: Database) -> None:
    SyncEngine(pg_db).upsert([posting_dict(1), posting_dict(2)])
    assert _columns(pg_db) >= LIVENESS_COLUMNS
    _migrate(pg_db, "0006", down=True)
    assert not LIVENESS_COLUMNS & _columns(pg_db)
    _migrate(pg_db, "head")  # through 0007 and the later ones (their PostgreSQL branches too)
    assert _columns(pg_db) >= LIVENESS_COLUMNS
    jobs = search_jobs(pg_db, JobQuery()).items
    assert len(jobs) == 2 and all(j.failed_checks == 0 and j.closed_at is None for j in jobs)


def test_two_failed_checks_close_a_job_on_postgresql(pg_db: Database) -> None:
    writer = Writer(pg_db)
    writer.upsert([posting_dict(1), posting_dict(2)])
    due = writer.due_checks(0, 10)
    assert len(due) == 2
    gone = CheckResult(job_id=due[0].job_id, verdict="closed", reason="HTTP 410")
    still = CheckResult(job_id=due[1].job_id, verdict="open")
    assert writer.record_checks([gone, still]) == LivenessCounts(checked=2, open=1, failed=1)
    assert writer.record_checks([gone]) == LivenessCounts(checked=1, closed=1)
    assert [j.id for j in search_jobs(pg_db, JobQuery()).items] == [due[1].job_id]
    (closed,) = search_jobs(pg_db, JobQuery(closed="only")).items
    assert closed.closed_reason == "HTTP 410" and closed.closed_at is not None
