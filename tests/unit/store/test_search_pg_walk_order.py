"""The walk of the newest ids on PostgreSQL (:mod:`jobscraper.store.search_pg_walk`) tests a row's
text match only once the row has passed the filters on ``job_search``'s own columns: the match
reads the row's ``tsvector`` from TOAST, the filters read the row alone. Counted here as the TOAST
blocks of ``job_search`` the server's statistics saw read (``pg_statio_user_tables``).
"""

from __future__ import annotations

import random
from typing import Any

import pytest
from sqlalchemy import Connection, text

from jobscraper.store import Database, JobQuery, SyncEngine, search_jobs, search_pg_page
from jobscraper.store import search_pg_walk as walk
from jobscraper.store.search_pg_estimates import Estimates, estimates
from tests.postings import posting_dict

N = 30
_TOAST = text(
    "SELECT coalesce(toast_blks_hit, 0) + coalesce(toast_blks_read, 0) FROM pg_statio_user_tables "
    "WHERE relname = 'job_search'"
)


@pytest.fixture
def toasted(pg_db: Database) -> Database:
    """N jobs, none remote, all seen on LinkedIn alone, whose descriptions of 600 distinct words
    each make a ``tsvector`` that PostgreSQL keeps in TOAST (over ~2 KB); every third job has a
    salary of 90,000."""
    rng = random.Random(3)
    words = [f"w{n}x{rng.randrange(10**6)}" for n in range(N * 600)]
    postings = [
        posting_dict(
            n,
            description="python " + " ".join(words[(n - 1) * 600 : n * 600]),
            is_remote=False,
            min_amount=90_000 if n % 3 == 0 else None,
            max_amount=None,
            interval="yearly" if n % 3 == 0 else None,
        )
        for n in range(1, N + 1)
    ]
    SyncEngine(pg_db).upsert(postings)
    with pg_db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.exec_driver_sql("ANALYZE")
    return pg_db


def _toast_blocks(db: Database, query: JobQuery, limit: int) -> tuple[list[int] | None, int]:
    """The walk's ids for ``query`` and the TOAST blocks of ``job_search`` it read. The walk runs
    in a transaction of its own, as in a search: its planner settings last to the transaction's
    end (with each statement its own transaction, the walk's statement ran without them)."""
    with db.engine.connect() as conn:
        before = _read(conn)
        conn.commit()
        found = walk.walk_newest(conn, query, True, N, limit, estimates(conn, query, True))
        conn.commit()
        conn.execute(text("SELECT pg_stat_force_next_flush()"))  # this backend's counts, sent when idle
        conn.commit()
    with db.engine.connect() as conn:
        return found, _read(conn) - before


def _read(conn: Connection) -> int:
    conn.execute(text("SELECT pg_stat_clear_snapshot()"))
    return int(conn.execute(_TOAST).scalar_one())


def test_the_walk_reads_no_vector_of_a_row_the_column_filters_reject(
    toasted: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(walk, "GIN_MATCH_US", 1e9)  # always the walk
    monkeypatch.setattr(walk, "BOUND", 1000)
    found, blocks = _toast_blocks(toasted, JobQuery(q="python"), N)
    assert found == list(range(N, 0, -1))
    assert blocks >= N, "each job's vector is read from TOAST (the fixture's premise)"
    found, blocks = _toast_blocks(toasted, JobQuery(q="python", remote=True), N)
    assert (found, blocks) == ([], 0), "no job is remote: no vector read"
    found, blocks = _toast_blocks(toasted, JobQuery(q="python", source="indeed"), N)
    assert (found, blocks) == ([], 0), "every job is linkedin's: the source's bit is tested first"
    found, blocks = _toast_blocks(toasted, JobQuery(q="python", min_salary=50_000), N)
    assert found == list(range(N - N % 3, 0, -3))
    assert 0 < blocks < N * 2 // 3 + 1, "only the vectors of the jobs with a salary"


def test_a_common_word_with_a_selective_filter_is_walked_not_read_from_its_gin_bitmap() -> None:
    """The walk's cost counts the match tested only on the rows the filters pass, against the
    words' GIN bitmap alone (which a word in 400,000 of 900,000 jobs makes ~40 ms)."""
    rows = 1001 * 900_000 / 12_000  # to count past COUNT_CAP: 75,000 rows read, 2,200 tested
    assert walk.filtered_walk_cheaper(rows, Estimates(400_000.0, 12_000.0))
    rare = (
        1001 * 900_000 / 12_800
    )  # a word in 60,000 jobs, a fifth of them remote: 70,000 rows, 15,000 tested
    assert not walk.filtered_walk_cheaper(rare, Estimates(60_000.0, 12_800.0))
    assert not walk.filtered_walk_cheaper(1001 * 900_000 / 300, Estimates(400_000.0, 300.0))


def test_a_page_by_salary_walked_where_the_bitmap_costs_more_is_the_same_page(
    toasted: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    query = JobQuery(q="python", min_salary=50_000, sort="salary", per_page=4)
    expected = search_jobs(toasted, query)  # the real estimates: every job matches, few rows read
    sorted_all: list[JobQuery] = []
    real = search_pg_page._sorted_all

    def recorded(conn: Connection, q: JobQuery, *args: Any) -> Any:
        sorted_all.append(q)
        return real(conn, q, *args)

    monkeypatch.setattr(search_pg_page, "_sorted_all", recorded)
    assert search_jobs(toasted, query).items == expected.items and sorted_all, "sorted whole"
    sorted_all.clear()
    common = Estimates(400_000.0, 12_000.0, 12_000.0, 900_000.0)  # as at a million jobs
    monkeypatch.setattr(search_pg_page, "_estimates", lambda *args: common)
    walked = search_jobs(toasted, query)
    assert not sorted_all, "walked"
    assert [j.id for j in walked.items] == [j.id for j in expected.items]
    assert (walked.total, walked.total_capped) == (expected.total, expected.total_capped) == (N // 3, False)
