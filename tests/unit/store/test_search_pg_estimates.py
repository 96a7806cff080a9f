"""The PostgreSQL search's estimates and which range filters become bounds of its GIN plans
(:mod:`jobscraper.store.search_pg_estimates`), and the page sorted in one statement only where
that statement reads few rows (:func:`jobscraper.store.search_pg_page._rows_read`)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import event

from jobscraper.store import Database, JobQuery, SyncEngine, search_jobs, search_pg_page
from jobscraper.store.search_pg_estimates import Estimates, estimates, fenced_ranges
from tests.postings import posting_dict

MILLION = 1_000_000.0
SINCE = date(2026, 11, 1)


def test_a_selective_range_is_chosen_and_cuts_the_rows_read() -> None:
    estimated = Estimates(95_000.0, 3_000.0, 95_000.0, MILLION, (("date_posted", SINCE, 85_000.0),))
    chosen, read = fenced_ranges(estimated)
    assert chosen == [("date_posted", SINCE)]
    assert read == pytest.approx(95_000 * 0.085)


def test_a_range_over_most_of_the_table_is_not_chosen() -> None:
    # posted in the last two months: 711,000 of a million jobs; its bitmap costs ~28 ms, saves ~8
    estimated = Estimates(60_000.0, 40_000.0, 60_000.0, MILLION, (("date_posted", SINCE, 711_000.0),))
    assert fenced_ranges(estimated) == ([], 60_000.0)


def test_the_most_selective_range_comes_first_and_the_next_one_must_still_pay() -> None:
    ranges = (("salary_annual", 140_000.0, 330_000.0), ("date_posted", SINCE, 85_000.0))
    chosen, read = fenced_ranges(Estimates(95_000.0, 3_000.0, 95_000.0, MILLION, ranges))
    assert chosen == [("date_posted", SINCE)], "after the date, the salary's bitmap costs more than it saves"
    assert read == pytest.approx(8_075.0)
    both, read = fenced_ranges(Estimates(900_000.0, 3_000.0, 900_000.0, MILLION, ranges))
    assert both == [("date_posted", SINCE), ("salary_annual", 140_000.0)]
    assert read >= 3_000.0, "never fewer rows than pass every filter"


def test_no_range_no_bound() -> None:
    assert fenced_ranges(Estimates(95_000.0, 3_000.0, 3_000.0, MILLION)) == ([], 3_000.0)


@pytest.fixture
def jobs(pg_db: Database) -> Database:
    postings = [
        posting_dict(
            n,
            title="Python Developer" if n % 2 else "Go Engineer",
            min_amount=40_000.0 + 1_000 * n,
            max_amount=None,
            date_posted=(SINCE - timedelta(days=n)).isoformat(),
            skills=None,
        )
        for n in range(1, 81)
    ]
    SyncEngine(pg_db).upsert(postings)
    with pg_db.engine.begin() as conn:
        conn.exec_driver_sql("ANALYZE job_search")
    return pg_db


def test_the_estimates_hold_each_range_and_the_rows_read_without_them(jobs: Database) -> None:
    q = JobQuery(q="python", posted_since=SINCE - timedelta(days=10), min_salary=100_000)
    with jobs.reader() as conn:
        found = estimates(conn, q, True)
        plain = estimates(conn, JobQuery(q="python"), True)
    assert found.jobs == pytest.approx(80, rel=0.2)
    assert [column for column, _, _ in found.ranges] == ["date_posted", "salary_annual"]
    posted, salary = (rows for _, _, rows in found.ranges)
    assert posted == pytest.approx(10, abs=4) and salary == pytest.approx(21, abs=6)  # the real counts
    assert found.read == pytest.approx(plain.passing) and found.read >= found.passing
    assert plain.ranges == () and plain.read == plain.passing


@pytest.mark.parametrize(("read", "one_statement"), [(100.0, True), (50_000.0, False)])
def test_a_sorted_page_is_one_statement_only_where_it_reads_few_rows(
    jobs: Database, monkeypatch: pytest.MonkeyPatch, read: float, one_statement: bool
) -> None:
    calls: list[Any] = []
    real = search_pg_page._sorted_all

    def spy(*args: Any) -> Any:
        calls.append(args)
        return real(*args)

    monkeypatch.setattr(search_pg_page, "_sorted_all", spy)
    monkeypatch.setattr(search_pg_page, "estimates", lambda *_: Estimates(100.0, 100.0, read, 80.0))
    q = JobQuery(q="python", sort="salary", min_salary=50_000)
    page = search_jobs(jobs, q)
    assert bool(calls) is one_statement
    assert [j.id for j in page.items] == list(range(79, 10, -2))[:25] and page.total == 35


def test_the_estimates_statement_is_compiled_once_per_shape_and_reads_each_querys_values(
    jobs: Database,
) -> None:
    hits: list[Any] = []

    def record(_conn: Any, _cursor: Any, statement: str, _params: Any, context: Any, _many: Any) -> None:
        if statement.startswith("EXPLAIN (FORMAT JSON)"):
            hits.append(context.cache_hit)

    event.listen(jobs.read_engine, "before_cursor_execute", record)
    try:
        with jobs.reader() as conn:
            near = estimates(conn, JobQuery(q="python", posted_since=SINCE - timedelta(days=5)), True)
            far = estimates(conn, JobQuery(q="python", posted_since=SINCE - timedelta(days=60)), True)
            again = estimates(conn, JobQuery(q="python", posted_since=SINCE - timedelta(days=5)), True)
    finally:
        event.remove(jobs.read_engine, "before_cursor_execute", record)
    assert near.ranges[0][2] < far.ranges[0][2] and again == near
    dialect = jobs.read_engine.dialect
    assert hits[1:] == [dialect.CACHE_HIT, dialect.CACHE_HIT], "the same shape: the compiled form reused"
