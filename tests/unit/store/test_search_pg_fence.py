"""A PostgreSQL text search's indexed filters inside the GIN plans' fenced subquery, migration
0018's trigram index and statistics, and the planner settings' helper
(:mod:`jobscraper.store.search_pg_page`, :mod:`jobscraper.store.search_pg_settings`).

For a common word the status and the location's substring are conditions of the fenced subquery,
so the planner can AND their indexes' bitmaps with the words' (at a million jobs a common word
with a status read ~200,000 rows for a few thousand); the pages and totals are those of the same
filters tested row by row (the oracle here: the rows filtered in Python), fenced or not.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy.dialects import postgresql

from jobscraper.models import JobStatus
from jobscraper.store import Database, JobQuery, SyncEngine, UserUpdate, search_jobs, search_pg_page
from jobscraper.store import search as search_module
from jobscraper.store.search_pg_estimates import Estimates
from jobscraper.store.search_pg_settings import PlannerSettings
from tests.postings import posting_dict

N = 60
CITIES = ["Berlin, Germany", "Paris, France", "Munich, Bavaria", "Remote, Germany"]


@pytest.fixture
def jobs(pg_db: Database) -> Database:
    rng = random.Random(23)
    postings = []
    for n in range(1, N + 1):
        salary = rng.choice([None, 40_000, 70_000, 90_000])
        postings.append(
            posting_dict(
                n,
                title=rng.choice(["Python Developer", "Data Engineer", "Go Engineer"]),
                description="python " * rng.randint(1, 3) + "and more",
                location=rng.choice(CITIES),
                min_amount=salary,
                max_amount=None,
                interval="yearly" if salary else None,
                date_posted=None
                if n % 6 == 0
                else (date(2026, 11, 1) - timedelta(days=rng.randint(0, 9))).isoformat(),
                skills=None,
            )
        )
    sync = SyncEngine(pg_db)
    sync.upsert(postings)
    for job_id in range(1, N + 1, 3):
        sync.update_user_fields(job_id, UserUpdate(status=JobStatus.INTERESTED))
    return pg_db


def _oracle(db: Database, query: dict[str, Any]) -> set[int]:
    """The ids of the jobs whose words hold ``python`` and that pass ``query``'s filters, tested
    in Python on every row."""
    with db.reader() as conn:
        rows = conn.exec_driver_sql(
            "SELECT id, title, description, status, date_posted, salary_annual, location FROM job"
        ).all()
    passing = set()
    for id_, title, description, status, posted, salary, location in rows:
        if "python" not in f"{title} {description}".lower():
            continue
        if "status" in query and status != query["status"]:
            continue
        if "posted_since" in query and (posted is None or posted < query["posted_since"]):
            continue
        if "min_salary" in query and (salary is None or salary < query["min_salary"]):
            continue
        if "location" in query and query["location"].lower() not in (location or "").lower():
            continue
        passing.add(id_)
    return passing


FILTERED: list[dict[str, Any]] = [
    {"status": "interested"},
    {"location": "germany"},
    {"location": "GERMANY", "posted_since": date(2026, 10, 27)},
    {"min_salary": 60_000.0, "status": "interested"},
    {"location": "berlin", "min_salary": 40_000.0, "posted_since": date(2026, 10, 25)},
    {"location": "50%_off"},  # LIKE's wildcards are the user's text
]


@pytest.mark.parametrize("query", FILTERED, ids=lambda q: ",".join(f"{k}={v}" for k, v in q.items()))
@pytest.mark.parametrize("sort", ["relevance", "posted", "salary"])
@pytest.mark.parametrize("fenced", ["locations", "trigrams", "ranges", "rows"])
def test_indexed_filters_in_the_fence_give_the_exact_pages_and_totals(
    jobs: Database, monkeypatch: pytest.MonkeyPatch, query: dict[str, Any], sort: str, fenced: str
) -> None:
    """``locations``: a location filter fenced as the locations it matches (``job_location``);
    ``trigrams``: past ``MAX_LOCATIONS`` of them, as its substring (the trigram index);
    ``ranges``: the date posted and salary filters fenced too (:mod:`.search_pg_estimates`);
    ``rows``: a rarer word's filters tested on its rows."""
    expected = _oracle(jobs, query)
    if fenced != "rows":  # the word counts as common: its filters are fenced with it
        monkeypatch.setattr(search_pg_page, "FENCED_FILTERS_FROM", 0)
    if fenced == "trigrams":
        monkeypatch.setattr(search_pg_page, "MAX_LOCATIONS", 0)
    if fenced == "ranges":  # every range a bound, and every page read in one statement or not
        every = lambda e: ([(column, value) for column, value, _ in e.ranges], e.passing)  # noqa: E731
        monkeypatch.setattr(search_pg_page, "fenced_ranges", every)
    monkeypatch.setattr(search_module, "COUNT_CAP", 5)  # the capped plans: ranges, the count, the pages
    monkeypatch.setattr(search_pg_page, "PG_RANK_WINDOW", 4)
    pages = [
        search_jobs(jobs, JobQuery(q="python", sort=sort, per_page=4, page=n, **query)) for n in range(1, 17)
    ]
    got = [j.id for p in pages for j in p.items]
    assert sorted(got) == sorted(expected) and len(got) == len(set(got)), "every passing match, once"
    total = (min(len(expected), 5), len(expected) > 5)
    assert all((p.total, p.total_capped) == total for p in pages)


def test_a_common_words_indexed_filters_are_conditions_of_the_fenced_subquery() -> None:
    q = JobQuery(
        q="python",
        status=JobStatus.APPLIED,
        posted_since=date(2026, 11, 1),
        min_salary=50_000,
        location="Berlin",
        remote=True,
        source="indeed",
    )
    rare = str(search_pg_page._matches(q, True, ("id", "ge", 5))[0].get_final_froms()[0].element.compile())
    assert "job_search.status" not in rare.split("WHERE", 1)[1], "a rare word's filters apply to its rows"
    with search_pg_page._fence_filters(None, q, Estimates(float(search_pg_page.FENCED_FILTERS_FROM), 0.0)):
        stmt, params = search_pg_page._matches(q, True, ("id", "ge", 5))
    fenced = str(stmt.get_final_froms()[0].element.compile(dialect=postgresql.dialect()))
    inner = fenced.split("WHERE", 1)[1]
    for condition in ("job_search.status =", "job_search.location ILIKE", "job_search.id >="):
        assert condition in inner, condition
    for rest in ("job_source", "date_posted", "salary_annual >="):
        assert rest not in inner, f"{rest}: the other filters apply to the fenced rows"
    assert "job_search_facets(" in inner, "the remote and source filters: the index's facets (0024)"
    assert [v for k, v in params.items() if k != "tsq"] == [5, [1], [101], "applied", "%Berlin%"]
    outer = str(stmt.compile(dialect=postgresql.dialect())).rsplit(") AS m", 1)[1]
    assert "m.date_posted >=" in outer and "m.salary_annual >=" in outer


def test_a_selective_range_is_a_bound_of_the_fenced_subquery_and_a_wide_one_is_not() -> None:
    """At a million jobs: "docker" (95,000 matches) posted in the last two days (85,000 jobs) paid
    140,000 or more (330,000): the date's bitmap saves reading ~86,000 rows, the salary's then
    costs more than the ~5,000 rows it would save."""
    since = date(2026, 11, 1)
    q = JobQuery(q="docker", posted_since=since, min_salary=140_000)
    ranges = (("date_posted", since, 85_000.0), ("salary_annual", 140_000.0, 330_000.0))
    estimated = Estimates(95_000.0, 3_300.0, 95_000.0, 1_000_000.0, ranges)
    with search_pg_page._fence_filters(None, q, estimated):
        stmt, params = search_pg_page._matches(q, True)
    inner = str(stmt.get_final_froms()[0].element.compile(dialect=postgresql.dialect())).split("WHERE", 1)[1]
    assert "job_search.date_posted >=" in inner and "salary_annual" not in inner
    assert since in params.values()
    outer = str(stmt.compile(dialect=postgresql.dialect())).rsplit(") AS m", 1)[1]
    assert "m.date_posted >=" in outer and "m.salary_annual >=" in outer, "both still tested on the rows"
    assert search_pg_page._rows_read(estimated) == pytest.approx(95_000 * 0.085)
    rare = estimated._replace(matches=search_pg_page.FENCED_FILTERS_FROM - 1.0)
    assert search_pg_page._rows_read(rare) == 95_000, "a rarer word's filters are not fenced"


def test_the_search_table_indexes_the_locations_trigrams_and_keeps_finer_word_statistics(
    pg_db: Database,
) -> None:
    """Migration 0018's trigram index and statistics target, moved to ``job_search`` by 0020."""
    with pg_db.reader() as conn:
        indexed = conn.exec_driver_sql(
            "SELECT indexdef FROM pg_indexes "
            "WHERE tablename = 'job_search' AND indexname = 'ix_job_search_location_trgm'"
        ).scalar_one()
        assert "gin_trgm_ops" in indexed
        target = conn.exec_driver_sql(
            "SELECT attstattarget FROM pg_attribute "
            "WHERE attrelid = 'job_search'::regclass AND attname = 'search_vector'"
        ).scalar_one()
        assert target == 1000
        on_job = conn.exec_driver_sql(
            "SELECT count(*) FROM pg_indexes WHERE tablename = 'job' "
            "AND indexname IN ('ix_job_location_trgm', 'ix_job_search_vector')"
        ).scalar_one()
        assert on_job == 0, "the search's indexes live on job_search only"
        status = conn.exec_driver_sql(
            "SELECT indexdef FROM pg_indexes WHERE indexname = 'ix_job_search_status'"
        ).scalar_one()
        assert "job_search USING btree (status)" in status, "a status filter's bitmap"
        values = conn.exec_driver_sql(
            "SELECT indexdef FROM pg_indexes WHERE indexname = 'ix_job_location_values_trgm'"
        ).scalar_one()
        assert "job_location USING gin (location gin_trgm_ops)" in values, "a location filter's locations"


def test_planner_settings_are_set_and_put_back(pg_db: Database) -> None:
    settings = PlannerSettings(("enable_seqscan", "work_mem"), {"work_mem": "64MB"})
    with pg_db.reader() as conn:

        def current() -> list[str]:
            return [
                conn.exec_driver_sql(f"SELECT current_setting('{n}')").scalar_one() for n in settings.names
            ]

        conn.exec_driver_sql("SELECT set_config('work_mem', '5MB', true)")
        before = current()
        assert before == ["on", "5MB"]
        previous = settings.set(conn)
        assert current() == ["off", "64MB"] and list(previous) == before
        settings.restore(conn, previous)
        assert current() == before
