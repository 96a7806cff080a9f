"""A common word's newest matches read by walking the newest ids on PostgreSQL
(:mod:`jobscraper.store.search_pg_walk`): the walk is taken when the planner's estimates make it
the cheaper plan, gives up at its bound when they were wrong, and every page and total is the one
the GIN plans give.

The costs are scaled here so a few dozen jobs choose the walk; the oracle is the same search with
the walk out of the question.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

import pytest

from jobscraper.models import JobStatus
from jobscraper.store import Database, JobQuery, SyncEngine, UserUpdate, search_jobs, search_pg_page
from jobscraper.store import search as search_module
from jobscraper.store import search_pg_walk as walk
from jobscraper.store.search_pg_estimates import Estimates, estimates
from tests.postings import posting_dict

N = 60


@pytest.fixture
def jobs(pg_db: Database) -> Database:
    rng = random.Random(5)
    postings = []
    for n in range(1, N + 1):
        salary = rng.choice([None, 40_000, 70_000, 90_000])
        postings.append(
            posting_dict(
                n,
                site=rng.choice(["linkedin", "indeed"]),
                title=rng.choice(["Python Developer", "Data Engineer", "Go Engineer"]),
                description="python " * rng.randint(1, 4) + ("rust" if n % 7 == 0 else "and more"),
                location=rng.choice(["Berlin, Germany", "Paris, France"]),
                min_amount=salary,
                max_amount=None,
                interval="yearly" if salary else None,
                date_posted=None
                if n % 5 == 0
                else (date(2026, 11, 1) - timedelta(days=rng.randint(0, 9))).isoformat(),
                is_remote=rng.random() < 0.3,
                skills=None,
            )
        )
    sync = SyncEngine(pg_db)
    for start in range(0, N, 10):  # ids follow insertion order
        sync.upsert(postings[start : start + 10])
    for job_id in range(1, N + 1, 4):
        sync.update_user_fields(job_id, UserUpdate(status=JobStatus.INTERESTED))
    with pg_db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.exec_driver_sql("ANALYZE")  # the planner's estimates the choice reads
    return pg_db


QUERIES: list[dict[str, Any]] = [
    {"q": "python"},
    {"q": "pyth", "remote": False},
    {"q": "python", "source": "indeed"},
    {"q": "python", "location": "paris", "min_salary": 50_000},
    {"q": "engineer python", "status": "interested"},
    {"q": "python", "sort": "posted"},
    {"q": "python", "sort": "salary", "descending": False, "remote": True},
    {"q": "engineer", "sort": "title", "source": "linkedin"},
    {"q": "rust", "sort": "posted"},
]


SORTED: list[dict[str, Any]] = [
    {"q": "python", "sort": "posted"},
    {"q": "python", "sort": "posted", "descending": False},
    {"q": "python", "sort": "salary"},
    {"q": "pyth", "sort": "salary", "descending": False, "remote": False},
    {"q": "python", "sort": "posted", "posted_since": "2026-10-27", "source": "indeed"},
    {"q": "python", "sort": "salary", "min_salary": 60_000, "location": "berlin"},
]


def _pages(db: Database, query: dict[str, Any]) -> list[tuple[list[int], int, bool]]:
    pages = [search_jobs(db, JobQuery(**query, per_page=6, page=n)) for n in range(1, 12)]
    return [([j.id for j in p.items], p.total, p.total_capped) for p in pages]


@pytest.mark.parametrize("query", QUERIES, ids=lambda q: ",".join(f"{k}={v}" for k, v in q.items()))
def test_the_walk_gives_every_page_and_total_the_gin_plans_give(
    jobs: Database, monkeypatch: pytest.MonkeyPatch, query: dict[str, Any]
) -> None:
    monkeypatch.setattr(search_module, "COUNT_CAP", 9)
    monkeypatch.setattr(search_pg_page, "PG_RANK_WINDOW", 5)
    monkeypatch.setattr(walk, "GIN_MATCH_US", 0.0)  # never the walk
    expected = _pages(jobs, query)
    assert any(ids for ids, _, _ in expected)
    taken: list[bool] = []
    real = walk.walk_newest

    def recorded(*args: Any) -> list[int] | None:
        found = real(*args)
        taken.append(found is not None)
        return found

    monkeypatch.setattr(search_pg_page, "walk_newest", recorded)
    monkeypatch.setattr(walk, "GIN_MATCH_US", 1e6)  # always the walk, when it finds enough in its bound
    monkeypatch.setattr(walk, "BOUND", 1000)
    assert _pages(jobs, query) == expected
    assert taken and all(taken), "the walk read the pages"


@pytest.mark.parametrize("query", SORTED, ids=lambda q: ",".join(f"{k}={v}" for k, v in q.items()))
def test_a_common_words_sorted_page_is_a_walk_of_the_sorts_index(
    jobs: Database, monkeypatch: pytest.MonkeyPatch, query: dict[str, Any]
) -> None:
    monkeypatch.setattr(search_module, "COUNT_CAP", 4)
    monkeypatch.setattr(search_pg_page, "SORT_ALL_UP_TO", -1)  # not every match sorted in one statement
    monkeypatch.setattr(walk, "GIN_MATCH_US", 0.0)  # never the walk
    expected = _pages(jobs, query)
    assert expected[0][2], "capped: the page comes from the jobs first in the sort's order"
    taken: list[bool] = []
    real = walk.walk_sorted

    def recorded(*args: Any) -> list[int] | None:
        found = real(*args)
        taken.append(found is not None)
        return found

    monkeypatch.setattr(search_pg_page, "walk_sorted", recorded)
    monkeypatch.setattr(walk, "GIN_MATCH_US", 1e6)
    monkeypatch.setattr(walk, "BOUND", 1000)
    assert _pages(jobs, query) == expected
    assert any(taken), "a page read by the walk of (column, id)"


def test_the_sorts_indexes_hold_the_id(jobs: Database) -> None:
    with jobs.reader() as conn:
        found = conn.exec_driver_sql(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'job'"
        ).all()
    defs = {name: definition for name, definition in found}
    assert "(date_posted, id)" in defs["ix_job_posted_id"]
    assert "(salary_annual, id)" in defs["ix_job_salary_id"]


def test_the_walk_is_taken_only_where_the_estimates_make_it_cheaper(
    jobs: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    with jobs.reader() as conn:
        matches, passing, read, _, _ = estimates(conn, JobQuery(q="python"), True)
        assert 0 < passing <= matches
        assert read == passing, "no date posted or salary filter: every row read passes"
        _, interested, *_ = estimates(conn, JobQuery(q="python", status=JobStatus.INTERESTED), True)
        assert interested / passing == pytest.approx(15 / N), "the status filter's exact share (job_count)"
        monkeypatch.setattr(walk, "GIN_MATCH_US", walk.WALK_ROW_US * 2)
        # python is in every job: 5 of them take ~5 rows of the walk (30 us) against 60 matches (720)
        monkeypatch.setattr(walk, "estimates", lambda *args: Estimates(float(N), float(N)))
        assert walk.walk_newest(conn, JobQuery(q="python"), True, N, 5) == list(range(N, N - 5, -1))
        # rust: one job in seven, so 5 of them take ~35 rows of the walk (210 us) against 8.6 (103)
        monkeypatch.setattr(walk, "estimates", lambda *args: Estimates(N / 7, N / 7))
        assert walk.walk_newest(conn, JobQuery(q="rust"), True, N, 5) is None


def test_the_walk_gives_up_at_its_bound_when_the_estimate_was_wrong(
    jobs: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(walk, "estimates", lambda *args: Estimates(1e9, float(N)))  # all pass, it says
    q = JobQuery(q="rust")  # one job in seven does
    with jobs.reader() as conn:
        assert walk.walk_newest(conn, q, True, N, 5) is None, "5 rows expected, 5 * BOUND + 5 read"
        monkeypatch.setattr(walk, "BOUND", 100)  # a bound past the table: all of it read
        assert walk.walk_newest(conn, q, True, N, 5) == [56, 49, 42, 35, 28]
    page = search_jobs(jobs, JobQuery(q="rust", sort="posted"))
    assert page.total == N // 7


def test_the_walk_leaves_the_planner_settings_as_they_were(
    jobs: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(walk, "GIN_MATCH_US", 1e6)
    names = ("enable_bitmapscan", "enable_seqscan", "enable_sort", "jit")
    with jobs.reader() as conn:
        conn.exec_driver_sql("SELECT set_config('enable_sort', 'off', true)")
        before = [conn.exec_driver_sql(f"SELECT current_setting('{n}')").scalar_one() for n in names]
        assert walk.walk_newest(conn, JobQuery(q="python"), True, N, 3) == [60, 59, 58]
        after = [conn.exec_driver_sql(f"SELECT current_setting('{n}')").scalar_one() for n in names]
    assert after == before


def test_the_gin_plans_keep_a_common_words_bitmap_exact(jobs: Database) -> None:
    # work_mem bounds the bitmap: past it the bitmap goes lossy and every row of its pages is tested
    with jobs.reader() as conn:
        before = conn.exec_driver_sql("SELECT current_setting('work_mem')").scalar_one()
        with search_pg_page._planner(conn):
            assert conn.exec_driver_sql("SELECT current_setting('work_mem')").scalar_one() == "64MB"
        assert conn.exec_driver_sql("SELECT current_setting('work_mem')").scalar_one() == before
