"""A PostgreSQL text search's source filter as a test of ``job.sites`` (migration 0019,
:mod:`jobscraper.store.search_pg_sites`).

``job.sites`` must be the OR of the job's sources' bits after every write that adds, moves or
removes a source (the triggers), and after 0019 fills it on a database with jobs; the search's
pages and totals with a source filter are those of the rows filtered in Python (a job passes when
one of its ``job_source`` rows is from that source), on the GIN plans and on the walk.
"""

from __future__ import annotations

import random
from typing import Any

import pytest
from sqlalchemy.dialects import postgresql

from jobscraper.store import Database, JobQuery, SyncEngine, search_jobs, search_pg_page
from jobscraper.store import search as search_module
from jobscraper.store import search_pg_walk as walk
from jobscraper.store.search_facet_table import SITE_BITS
from jobscraper.store.search_pg_sites import OTHER
from jobscraper.vocabulary import SITES
from tests.alembic_steps import migrate as _migrate
from tests.postings import posting_dict

N = 48
HOST = "careers.acme.test"
SITE_CHOICES = ["linkedin", "indeed", "greenhouse", "lever", HOST]


def _bit(site: str) -> int:
    return SITE_BITS.get(site, OTHER)


@pytest.fixture
def jobs(pg_db: Database) -> Database:
    """``N`` jobs on random sites (a career page's host among them); a third re-posted on another
    site (merged into the same job: two sources)."""
    rng = random.Random(19)
    postings, reposts = [], []
    for n in range(1, N + 1):
        fields: dict[str, Any] = {
            "title": rng.choice(["Python Developer", "Data Engineer", "Python Engineer"]),
            "description": "python " * rng.randint(1, 3) + "and more",
            "skills": None,
            "is_remote": rng.random() < 0.3,
        }
        postings.append(posting_dict(n, site=rng.choice(SITE_CHOICES), **fields))
        if n % 3 == 0:
            site = rng.choice(SITE_CHOICES)
            reposts.append(
                posting_dict(n, site=site, id=f"re-{n}", job_url=f"https://{site}.test/{n}", **fields)
            )
    sync = SyncEngine(pg_db)
    for start in range(0, N, 12):  # ids follow insertion order
        sync.upsert(postings[start : start + 12])
    sync.upsert(reposts)
    with pg_db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.exec_driver_sql("ANALYZE")
    return pg_db


def _sources(db: Database) -> dict[int, set[str]]:
    """Each job's sources' sites, from ``job_source``."""
    with db.reader() as conn:
        rows = conn.exec_driver_sql(
            "SELECT j.id, s.site FROM job j LEFT JOIN job_source s ON s.job_id = j.id"
        ).all()
    sites: dict[int, set[str]] = {}
    for job_id, site in rows:
        sites.setdefault(job_id, set()).update([site] if site else [])
    return sites


def _assert_sites_exact(db: Database) -> None:
    expected = {job_id: sum(_bit(s) for s in sites) for job_id, sites in _sources(db).items()}
    with db.reader() as conn:
        stored = dict(conn.exec_driver_sql("SELECT id, sites FROM job").all())
    assert stored == expected


def test_the_migrations_bits_are_the_searchs(pg_db: Database) -> None:
    names = [*SITE_BITS, HOST, "unknown"]
    with pg_db.reader() as conn:
        bits = [conn.exec_driver_sql("SELECT job_site_bit(%s)", (name,)).scalar_one() for name in names]
    assert bits == [_bit(name) for name in names]
    assert set(SITES) <= set(SITE_BITS)  # so "company" is a test of bits alone


def test_every_write_of_a_source_keeps_the_jobs_sites_exact(jobs: Database) -> None:
    _assert_sites_exact(jobs)
    with jobs.writer() as conn:
        two = conn.exec_driver_sql(
            "SELECT job_id FROM job_source GROUP BY job_id HAVING count(DISTINCT site) = 2 ORDER BY job_id"
        ).scalars()
        first, second = list(two)[:2]
        # a source deleted; one moved to another job; one changed site; a job left without a source
        conn.exec_driver_sql(
            "DELETE FROM job_source WHERE id = (SELECT min(id) FROM job_source WHERE job_id = %s)", (first,)
        )
        conn.exec_driver_sql(
            "UPDATE job_source SET job_id = 1 WHERE id = (SELECT max(id) FROM job_source WHERE job_id = %s)",
            (second,),
        )
        conn.exec_driver_sql("UPDATE job_source SET site = 'workday' WHERE job_id = 2")
        conn.exec_driver_sql("UPDATE job_source SET last_seen = last_seen WHERE job_id = 3")
        conn.exec_driver_sql("DELETE FROM job_source WHERE job_id = 4")
    _assert_sites_exact(jobs)
    SyncEngine(jobs).upsert([posting_dict(N + 1, site="bamboohr"), posting_dict(N + 2, site=None)])
    _assert_sites_exact(jobs)
    with jobs.writer() as conn:  # a job written without its site's source holds no bit of it
        conn.exec_driver_sql(
            "INSERT INTO job (dedup_key, content_hash, job_url, title, site, first_seen, last_seen, "
            "updated_at, favorite, notes, status, hidden) VALUES ('k', 'h', 'https://x.test/1', 'Dev', "
            "'linkedin', now(), now(), now(), false, '', 'new', false)"
        )
    _assert_sites_exact(jobs)


def test_migration_0019_fills_the_sites_of_the_jobs_there_are(jobs: Database) -> None:
    _migrate(jobs, "0018", down=True)
    with jobs.reader() as conn:
        columns = conn.exec_driver_sql(
            "SELECT column_name FROM information_schema.columns WHERE table_name = 'job'"
        )
        assert "sites" not in set(columns.scalars())
    _migrate(jobs, "0019")
    _assert_sites_exact(jobs)
    with jobs.reader() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM job WHERE sites = 0").scalar_one() == 0


def _oracle(db: Database, source: str) -> set[int]:
    """The ids of the jobs whose words hold ``python`` and that were seen on ``source``, in Python."""
    with db.reader() as conn:
        words = dict(conn.exec_driver_sql("SELECT id, title || ' ' || description FROM job").all())
    boards = set(SITES)
    passing = set()
    for job_id, sites in _sources(db).items():
        seen = any(s not in boards for s in sites) if source == "company" else source in sites
        if seen and "python" in words[job_id].lower():
            passing.add(job_id)
    return passing


QUERIES = [
    {"source": s, **extra}
    for s in ("linkedin", "greenhouse", "company", HOST, "glassdoor")
    for extra in ({}, {"sort": "posted"}, {"sort": "salary", "descending": False})
]


@pytest.mark.parametrize("plan", ["gin", "walk"])
@pytest.mark.parametrize("query", QUERIES, ids=lambda q: ",".join(f"{k}={v}" for k, v in q.items()))
def test_a_source_filter_gives_the_jobs_seen_there(
    jobs: Database, monkeypatch: pytest.MonkeyPatch, query: dict[str, Any], plan: str
) -> None:
    monkeypatch.setattr(search_module, "COUNT_CAP", 1000)
    monkeypatch.setattr(search_pg_page, "PG_RANK_WINDOW", 5)
    monkeypatch.setattr(search_pg_page, "FENCED_FILTERS_FROM", 0)
    if plan == "walk":  # the walk whenever it finds enough within its bound
        monkeypatch.setattr(walk, "GIN_MATCH_US", 1e6)
        monkeypatch.setattr(walk, "BOUND", 1000)
    else:
        monkeypatch.setattr(walk, "GIN_MATCH_US", 0.0)
    pages = [search_jobs(jobs, JobQuery(q="python", **query, per_page=7, page=n)) for n in range(1, 9)]
    found = [j.id for p in pages for j in p.items]
    expected = _oracle(jobs, query["source"])
    assert sorted(found) == sorted(expected) and len(found) == len(set(found))
    assert {p.total for p in pages} == {len(expected)}


def test_a_board_or_ats_source_is_a_test_of_the_fenced_rows_sites() -> None:
    for source in ("linkedin", "company"):
        stmt, _ = search_pg_page._matches(JobQuery(q="python", source=source), True)
        sql = str(stmt.compile(dialect=postgresql.dialect()))
        assert "job_source" not in sql and "m.sites &" in sql
    stmt, _ = search_pg_page._matches(JobQuery(q="python", source=HOST), True)
    assert "job_source" in str(stmt.compile(dialect=postgresql.dialect()))  # a host: the bit, then the probe
