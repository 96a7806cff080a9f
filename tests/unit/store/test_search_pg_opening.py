"""What a PostgreSQL search by words reads first, in one statement
(:func:`jobscraper.store.search_pg_page.opening`): the largest id, whether the blocklist is empty,
the jobs ``job_count`` counts with the query's flags and the words its last word is a prefix of —
each what its own statement gave."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import event, func, select

from jobscraper.models import JobStatus
from jobscraper.store import Database, JobQuery, SyncEngine, UserUpdate, search_jobs
from jobscraper.store.search_list import blocklist_empty
from jobscraper.store.search_pg import last_word, prefix_words, spelled_tsquery
from jobscraper.store.search_pg_estimates import flagged_select
from jobscraper.store.search_pg_page import Opening, opening
from jobscraper.store.tables import JOB
from tests.postings import posting_dict

QUERIES = [
    JobQuery(q="python"),
    JobQuery(q="python", favorites=True),
    JobQuery(q="python", status=JobStatus.APPLIED, remote=True),
    JobQuery(q="python", include_hidden=True, archived="include", closed="only"),
    JobQuery(q="python", min_salary=50_000, location="Berlin", source="indeed"),  # not counted by flags
]


def _separately(db: Database, q: JobQuery) -> Opening:
    with db.reader() as conn:
        top = conn.execute(select(func.max(JOB.c.id))).scalar()
        flagged = int(conn.execute(flagged_select(q)).scalar_one())
        words = conn.execute(select(prefix_words()), {"last": last_word(q.q)}).scalar()
        matched = spelled_tsquery(q.q, words)
        return Opening(top, blocklist_empty(conn), flagged, matched)


def _opened(db: Database, q: JobQuery) -> Opening:
    with db.reader() as conn:
        return opening(conn, q)


def test_an_empty_database_opens_with_no_top_and_nothing_counted(pg_db: Database) -> None:
    assert _opened(pg_db, JobQuery(q="python")) == Opening(None, True, 0, "'python':*")
    assert search_jobs(pg_db, JobQuery(q="python")).total == 0


@pytest.fixture
def jobs(pg_db: Database) -> Database:
    sync = SyncEngine(pg_db)
    sync.upsert([posting_dict(n, title="Python Developer", is_remote=n % 3 == 0) for n in range(1, 31)])
    sync.update_user_fields(2, UserUpdate(favorite=True))
    sync.update_user_fields(3, UserUpdate(status=JobStatus.APPLIED))
    sync.update_user_fields(4, UserUpdate(hidden=True))
    return pg_db


@pytest.mark.parametrize("q", QUERIES)
def test_the_opening_is_what_each_statement_gives(jobs: Database, q: JobQuery) -> None:
    from jobscraper.store.writer import Writer

    assert _opened(jobs, q) == _separately(jobs, q)
    assert _opened(jobs, q).top == 30
    Writer(jobs).add_block("Company 3 GmbH")
    assert _opened(jobs, q) == _separately(jobs, q)
    assert not _opened(jobs, q).unblocked


def test_a_search_by_words_reads_the_three_in_one_statement(jobs: Database) -> None:
    statements: list[str] = []

    def seen(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        statements.append(statement)

    event.listen(jobs.read_engine, "before_cursor_execute", seen)
    try:
        for sort in ("relevance", "posted", "salary"):
            statements.clear()
            assert search_jobs(jobs, JobQuery(q="python", sort=sort)).total == 29  # one hidden
            blocklist = [s for s in statements if "blocked_company" in s]
            top = [s for s in statements if "max(job.id)" in s]
            assert len(blocklist) == 1, statements
            assert blocklist == top, "the blocklist and the largest id are read by the same statement"
            assert sum("job_count" in s for s in statements) == 1, statements
    finally:
        event.remove(jobs.read_engine, "before_cursor_execute", seen)
