"""``job_search`` (migration 0020, :mod:`jobscraper.store.search_pg_table`): the text search's
narrow copy of each job must stay exact after every write to ``job`` — an insert, a re-scrape
(``last_seen``), new words, the person's edits, an archive, a merge onto another site, a
delete — with the ``tsvector`` 0011's expression gives for the job's columns now; and 0020 fills
it on a database with jobs, and goes down and up without losing a job's words or the person's
fields.
"""

from __future__ import annotations

import importlib
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import text

from jobscraper.store import Database, JobQuery, SyncEngine, search_jobs
from jobscraper.store.edits import UserUpdate
from jobscraper.store.search_pg_table import MIRRORED
from jobscraper.vocabulary import JobStatus
from tests.alembic_steps import migrate as _migrate
from tests.postings import posting_dict

_0020: Any = importlib.import_module("jobscraper.store.migrations.versions.0020_pg_job_search")
pytestmark = pytest.mark.usefixtures("pg_db")


def _assert_exact(db: Database) -> None:
    """Every job has one ``job_search`` row, no other row is there, and each row holds the job's
    columns and the vector of its words as they are now."""
    columns = ("sites", *MIRRORED)
    differs = " OR ".join(f"s.{c} IS DISTINCT FROM j.{c}" for c in columns)
    with db.reader() as conn:
        jobs = conn.execute(text("SELECT count(*) FROM job")).scalar_one()
        rows = conn.execute(text("SELECT count(*) FROM job_search")).scalar_one()
        stale = conn.execute(
            text(
                f"SELECT j.id FROM job j LEFT JOIN job_search s ON s.id = j.id WHERE s.id IS NULL "
                f"OR {differs} OR s.search_vector IS DISTINCT FROM ({_0020.vector_sql('j.')})"
            )
        ).all()
        missing = conn.execute(
            text(
                "SELECT DISTINCT location FROM job WHERE location IS NOT NULL "
                "EXCEPT SELECT location FROM job_location"
            )
        ).all()
    assert (rows, stale) == (jobs, []), "job_search differs from job"
    assert missing == [], "every job's location is in job_location"


def _found(db: Database, words: str) -> set[int]:
    page = search_jobs(db, JobQuery(q=words, per_page=100, include_hidden=True, archived="include"))
    return {job.id for job in page.items}


def test_every_write_to_a_job_keeps_its_search_row_exact(pg_db: Database) -> None:
    sync = SyncEngine(pg_db)
    sync.upsert([posting_dict(n, title=f"Python Developer {n}", is_remote=n % 2 == 0) for n in range(1, 7)])
    _assert_exact(pg_db)
    sync.upsert([posting_dict(1, title="Python Developer 1", is_remote=False)])  # seen again
    _assert_exact(pg_db)
    sync.upsert([posting_dict(2, title="Kotlin Engineer", description="kotlin and spring")])  # new words
    _assert_exact(pg_db)
    assert 2 in _found(pg_db, "kotlin") and 2 not in _found(pg_db, "developer")
    sync.upsert([posting_dict(6, title="Python Developer 6", location="Lisbon, Portugal")])  # moved
    _assert_exact(pg_db)
    page = search_jobs(pg_db, JobQuery(q="python", location="lisbon", include_hidden=True))
    assert [job.id for job in page.items] == [6]
    sync.update_user_fields(3, UserUpdate(favorite=True, status=JobStatus.APPLIED, hidden=True, notes="n"))
    _assert_exact(pg_db)
    assert {
        j.id for j in search_jobs(pg_db, JobQuery(q="python", favorites=True, include_hidden=True)).items
    } == {3}
    sync.upsert([posting_dict(4, site="greenhouse", id="gh-4", job_url="https://boards.greenhouse.io/x/4")])
    _assert_exact(pg_db)  # a merge onto another site: the sites trigger's update reaches the copy
    assert sync.archive_stale(timedelta(days=-1)) > 0
    _assert_exact(pg_db)
    with pg_db.engine.begin() as conn:
        conn.execute(text("DELETE FROM job_source WHERE job_id = 5"))
        conn.execute(text("DELETE FROM job WHERE id = 5"))
    _assert_exact(pg_db)  # the row went with its job


def test_migration_0020_fills_the_search_table_and_goes_down_and_up(pg_db: Database) -> None:
    sync = SyncEngine(pg_db)
    sync.upsert(
        [posting_dict(n, title=f"Rust Engineer {n}", description="tokio, c++ and c#") for n in (1, 2, 3)]
    )
    sync.update_user_fields(2, UserUpdate(favorite=True, notes="keep me"))
    _migrate(pg_db, "0019", down=True)
    with pg_db.reader() as conn:
        tables = conn.execute(
            text("SELECT count(*) FROM pg_tables WHERE tablename = 'job_search'")
        ).scalar_one()
        assert tables == 0
        assert (
            conn.execute(text("SELECT count(*) FROM job WHERE search_vector IS NOT NULL")).scalar_one() == 3
        )
    sync.upsert([posting_dict(4, title="Rust Engineer 4")])  # written at 0019: 0020 must copy it
    _migrate(pg_db, "head")
    _assert_exact(pg_db)
    assert _found(pg_db, "rust") == {1, 2, 3, 4} and _found(pg_db, "c++") == {1, 2, 3}
    with pg_db.reader() as conn:
        kept = conn.execute(text("SELECT favorite, notes FROM job WHERE id = 2")).one()
        assert tuple(kept) == (True, "keep me")
        columns = conn.execute(
            text("SELECT column_name FROM information_schema.columns WHERE table_name = 'job'")
        ).scalars()
        assert "search_vector" not in set(columns), "the vector is kept once, in job_search"
