"""``job_facet`` (migration 0015) and the search's checks in it (:mod:`jobscraper.store.search_facet_table`):
the triggers keep each job's row equal to what its job and sources say through every kind of write;
the facet's conditions select exactly the jobs ``_conditions`` selects, for every filter and with a
blocklist; the pages of the paths that check there equal the one-pass SQL order (ties, NULL
salaries and dates, blocked companies, jobs seen on several sites); the migration fills the table
from the jobs there are and its downgrade removes it."""

from __future__ import annotations

import itertools
import random
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Connection, create_engine, select, text
from test_liveness_migration import insert_job, migrate
from test_search_relevance import assert_capped_page, one_pass

from jobscraper.models import JobStatus
from jobscraper.store import Database, JobQuery, SyncEngine, UserUpdate, search_relevance, search_walk
from jobscraper.store import search as search_module
from jobscraper.store.blocklist_rows import add_block
from jobscraper.store.search import _conditions
from jobscraper.store.search_facet_table import FACET, SITE_BITS, checked_join
from jobscraper.store.tables import JOB
from jobscraper.store.work_mode import work_mode

SITES = ["linkedin", "indeed", "google", "greenhouse", "careers.acme.test"]


def _expected(conn: Connection) -> dict[int, tuple[Any, ...]]:
    """Each job's facet row as its job and sources say it (the Python rules)."""
    sites: dict[int, int] = {}
    for job_id, site in conn.execute(text("SELECT job_id, site FROM job_source")):
        sites[job_id] = sites.get(job_id, 0) | SITE_BITS.get(site, 0)
    rows = conn.execute(
        text(
            "SELECT id, archived_at, closed_at, hidden, favorite, remote_policy, is_remote, status, "
            "date_posted, salary_annual FROM job"
        )
    )
    found = {}
    for r in rows:
        flags = (
            (r.archived_at is not None)
            | (r.closed_at is not None) << 1
            | (r.hidden != 0) << 2
            | (r.favorite == 1) << 3
            | (_remote(r.remote_policy, r.is_remote)) << 4
        )
        found[r.id] = (flags, r.status, r.date_posted, r.salary_annual, sites.get(r.id, 0))
    return found


def _remote(policy: str | None, flag: int | None) -> bool:
    return work_mode(policy, None if flag is None else bool(flag)) == "remote"


def _facets(conn: Connection) -> dict[int, tuple[Any, ...]]:
    rows = conn.execute(text("SELECT id, flags, status, date_posted, salary_annual, sites FROM job_facet"))
    return {r[0]: tuple(r[1:]) for r in rows}


def insert_job_in(db: Database) -> None:
    insert_job(db.engine)


def _assert_in_step(db: Database) -> None:
    with db.reader() as conn:
        assert _facets(conn) == _expected(conn)


@pytest.fixture
def varied(db: Database, sync: SyncEngine, make_posting: Callable[..., dict[str, Any]]) -> Database:
    """About 70 jobs matching "python" (postings of the same company, title and place merge):
    salaries and dates with ties and NULLs, remote flags and policies, statuses, favourites,
    hidden, archived and closed ones, a blocked company, and jobs
    seen on two or three sites (the same company, title and location from another board)."""
    rng = random.Random(11)
    counter = itertools.count(1)
    batch = []
    for n in range(90):
        salary = rng.choice([None, 50_000, 70_000, 70_000, 120_000])
        batch.append(
            make_posting(
                site=rng.choice(SITES[:4]),
                company="Blocked Corp" if n % 13 == 0 else f"Company {n % 30}",
                title=rng.choice(["Python Developer", "Python Engineer", "Data Engineer Python"]),
                description="python " * rng.randint(1, 4),
                min_amount=salary,
                max_amount=None,
                interval="yearly" if salary else None,
                date_posted=rng.choice([None, "2026-10-01", "2026-10-20", "2026-10-20", "2026-11-01"]),
                is_remote=rng.choice([None, True, False]),
            )
        )
    sync.upsert(batch)
    # the same jobs seen again on other sites: one job, several sources
    again = [
        {**p, "site": site, "job_url": f"https://{site}.test/{next(counter)}", "id": None}
        for p in batch[::4]
        for site in rng.sample(SITES, 2)
    ]
    sync.upsert(again)
    with db.reader() as conn:
        ids = list(conn.execute(select(JOB.c.id).order_by(JOB.c.id)).scalars())
    for job_id in ids[::5]:
        sync.update_user_fields(job_id, UserUpdate(status=JobStatus.REJECTED))
    for job_id in ids[1::7]:
        sync.update_user_fields(job_id, UserUpdate(favorite=True))
    for job_id in ids[3::17]:
        sync.update_user_fields(job_id, UserUpdate(hidden=True))
    with db.writer() as conn:
        conn.execute(text("UPDATE job SET remote_policy = 'remote' WHERE id % 9 = 0"))
        conn.execute(text("UPDATE job SET remote_policy = 'onsite' WHERE id % 11 = 0"))
        conn.execute(text("UPDATE job SET remote_policy = 'unknown' WHERE id % 23 = 0"))
        conn.execute(text("UPDATE job SET archived_at = '2026-11-02 00:00:00' WHERE id % 19 = 0"))
        conn.execute(text("UPDATE job SET closed_at = '2026-11-02 00:00:00' WHERE id % 29 = 0"))
        conn.execute(
            text(
                "UPDATE job SET archived_at = '2026-11-03 00:00:00', closed_at = '2026-11-03 00:00:00', "
                "hidden = 0 WHERE id = (SELECT max(id) FROM job)"
            )
        )
    return db


def test_the_triggers_keep_each_jobs_facet_through_every_write(
    varied: Database, sync: SyncEngine, make_posting: Callable[..., dict[str, Any]]
) -> None:
    _assert_in_step(varied)
    with varied.reader() as conn:
        facets = _facets(conn)
    assert any(bin(sites).count("1") >= 2 for *_, sites in facets.values())  # several sites per job
    assert any(salary is None for *_, salary, _ in facets.values())
    # a re-scrape that changes the salary, the date and the remote flag (the upsert's update)
    first = make_posting(site="indeed", min_amount=40_000.0, max_amount=None, is_remote=True)
    sync.upsert([first])
    sync.upsert([{**first, "min_amount": 90_000.0, "date_posted": "2026-11-30", "is_remote": False}])
    sync.update_user_fields(1, UserUpdate(status=JobStatus.OFFER, favorite=False, hidden=False))
    with varied.writer() as conn:
        conn.execute(text("UPDATE job SET archived_at = NULL, closed_at = NULL WHERE id = 19"))
        conn.execute(text("UPDATE job SET remote_policy = NULL WHERE id = 9"))
        conn.execute(text("UPDATE job_source SET site = 'glassdoor' WHERE id = 3"))
        conn.execute(text("UPDATE job_source SET job_id = 2 WHERE id = 5"))
        conn.execute(text("DELETE FROM job_source WHERE id = 7"))
        conn.execute(text("DELETE FROM job_source WHERE job_id = 10"))
        conn.execute(text("DELETE FROM job WHERE id = 10"))
    insert_job_in(varied)  # no source: its id may change
    with varied.writer() as conn:
        conn.execute(text("UPDATE job SET id = 100000, status = 'offer' WHERE dedup_key = 'k'"))
        conn.execute(text("UPDATE job SET hidden = 0, date_posted = date_posted WHERE id % 3 = 0"))
    _assert_in_step(varied)
    with varied.reader() as conn:
        assert _facets(conn)[100000][1] == "offer"


QUERIES = [
    JobQuery(),
    JobQuery(archived="include", closed="include", include_hidden=True),
    JobQuery(archived="only", closed="only"),
    JobQuery(archived="only"),
    JobQuery(closed="only", include_hidden=True),
    JobQuery(remote=True),
    JobQuery(remote=False, favorites=True),
    JobQuery(status=JobStatus.REJECTED, min_salary=60_000),
    JobQuery(min_salary=70_000),
    JobQuery(posted_since=date(2026, 10, 20)),
    JobQuery(posted_since=date(2026, 10, 20), source="indeed", remote=True),
    JobQuery(source="google"),
    JobQuery(source="greenhouse"),
    JobQuery(source="company"),
    JobQuery(source="careers.acme.test"),
    JobQuery(source="nowhere"),
    JobQuery(location="berl", min_salary=50_000),
    JobQuery(first_seen_after=datetime(2020, 1, 1, tzinfo=UTC), status=JobStatus.NEW),
]


@pytest.mark.parametrize("blocked", [False, True])
@pytest.mark.parametrize("query", QUERIES, ids=lambda q: repr(q.model_dump(exclude_defaults=True)))
def test_the_facets_conditions_select_what_the_jobs_conditions_select(
    varied: Database, query: JobQuery, blocked: bool
) -> None:
    if blocked:
        add_block(varied, "Blocked Corp", "name", datetime.now(UTC))
    with varied.reader() as conn:
        plain = set(conn.execute(select(JOB.c.id).where(*_conditions(query))).scalars())
        every = select(JOB.c.id.label("id")).subquery()
        joined, where = checked_join(every, query, include_blocked=False)
        checked = set(conn.execute(select(every.c.id).select_from(joined).where(*where)).scalars())
    assert checked == plain
    assert plain or query.source == "nowhere"


PAGED = [
    JobQuery(q="python", sort="salary"),
    JobQuery(q="python", sort="salary", descending=False, per_page=7, page=2),
    JobQuery(q="python", sort="posted", descending=False, per_page=100),  # NULLs last, ties by id
    JobQuery(q="python", sort="posted", source="indeed"),
    JobQuery(q="python", sort="posted", descending=False, min_salary=60_000, per_page=5, page=3),
    JobQuery(q="python", sort="salary", status=JobStatus.REJECTED, remote=False),
    JobQuery(q="python", sort="relevance", source="google", per_page=4, page=2),
    JobQuery(q="python", sort="relevance", favorites=True, posted_since=date(2026, 10, 20)),
    JobQuery(q="python", sort="first_seen", source="company", per_page=6),
    JobQuery(q="python", sort="title", remote=True),
    JobQuery(q="python", location="berl", sort="posted", source="linkedin"),
    JobQuery(q="python", sort="last_seen", archived="include", closed="only"),
]


# a sorted page collects (0) or probes (1e9) the matches; with and without a blocked company
@pytest.mark.parametrize(("blocked", "collect_us"), [(False, 0.0), (True, 1e9)])
@pytest.mark.parametrize(("large", "cap", "share"), [(5000, 1000, 8), (10, 1_000_000, 0), (5, 4, 1_000_000)])
@pytest.mark.parametrize("query", PAGED, ids=lambda q: f"{q.sort}-{q.descending}-{q.page}-{q.source}")
def test_pages_checked_in_the_facet_are_the_one_pass_order(
    varied: Database,
    query: JobQuery,
    large: int,
    cap: int,
    share: int,
    collect_us: float,
    blocked: bool,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    if blocked:
        add_block(varied, "Blocked Corp", "name", datetime.now(UTC) - timedelta(seconds=1))
    monkeypatch.setattr(search_module, "RANK_WINDOW", 6)
    ids, total = one_pass(varied, query)
    monkeypatch.setattr(search_module, "LARGE_MATCH", large)
    monkeypatch.setattr(search_module, "COUNT_CAP", cap)
    monkeypatch.setattr(search_relevance, "NARROW_SHARE", share)
    monkeypatch.setattr(search_walk, "COLLECT_US", collect_us)
    assert_capped_page(varied, query, ids, total, large, cap)


def test_the_facet_sites_are_the_migrations() -> None:
    from importlib import import_module

    migration = import_module("jobscraper.store.migrations.versions.0015_job_facet")
    assert {name: 1 << i for i, name in enumerate(migration.SITE_NAMES)} == SITE_BITS
    assert len(SITE_BITS) < 63  # one SQLite integer


def test_the_migration_fills_the_facets_of_existing_jobs_and_its_downgrade_removes_them(
    tmp_path: Path,
) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'jobs.db'}")
    try:
        migrate(engine, "0014")
        insert_job(engine)  # a favourite, status new, no date, no salary
        with engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO job_source "
                    "(job_id, url, job_url, site, content_hash, first_seen, last_seen) VALUES "
                    "(1, 'u1', 'u1', 'google', 'h', '2026-01-01', '2026-01-01'), "
                    "(1, 'u2', 'u2', 'careers.x.test', 'h', '2026-01-01', '2026-01-01'), "
                    "(1, 'u3', 'u3', 'lever', 'h', '2026-01-01', '2026-01-01')"
                )
            )
            conn.execute(text("UPDATE job SET is_remote = 1, salary_annual_min = 5.0 WHERE id = 1"))
        migrate(engine, "0015")
        with engine.connect() as conn:
            assert _facets(conn) == {1: (8 | 16, "new", None, 5.0, SITE_BITS["google"] | SITE_BITS["lever"])}
            assert _facets(conn) == _expected(conn)
        migrate(engine, "0014", down=True)
        with engine.connect() as conn:
            names = set(conn.execute(text("SELECT name FROM sqlite_master")).scalars())
        assert not {n for n in names if n.startswith("job_facet")}
    finally:
        engine.dispose()


def test_a_new_database_keeps_facets_from_its_first_job(db: Database, sync: SyncEngine) -> None:
    with db.reader() as conn:
        assert conn.execute(select(FACET.c.id)).first() is None
    sync.upsert([{"site": "google", "job_url": "https://g.test/1", "title": "T", "company": "C"}])
    _assert_in_step(db)
    with db.reader() as conn:
        assert conn.execute(select(FACET.c.sites)).scalar_one() == SITE_BITS["google"]
