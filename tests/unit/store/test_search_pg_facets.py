"""The remote and source filters inside the PostgreSQL text search's GIN index (migration 0024,
:mod:`jobscraper.store.search_pg_facets`), and a page sorted by a column read in one statement
(:func:`jobscraper.store.search_pg_page._sorted_all`).

The facets only narrow what a search reads, so each must hold for every job that passes its
filter: the pages and totals are compared with the filters tested in Python on every row
(``store.work_mode``'s rule, the job's sources), with the facets and without them, and the
index function with the rule on every combination of a job's work-mode columns.
"""

from __future__ import annotations

import importlib
import random
from typing import Any

import pytest
from sqlalchemy import text

from jobscraper.store import Database, JobQuery, SyncEngine, search_jobs, search_pg_page
from jobscraper.store import search as search_module
from jobscraper.store.db import SCHEMA_REVISION
from jobscraper.store.search_facet_table import SITE_BITS
from jobscraper.store.search_facets import COMPANY
from jobscraper.store.search_pg_facets import SITE_FACET, WORK_MODE_FACETS, facet_conditions, site_facets
from jobscraper.store.search_pg_sites import COMPANY_BITS, OTHER
from jobscraper.store.work_mode import work_mode
from jobscraper.vocabulary import SITES
from tests.alembic_steps import migrate
from tests.postings import posting_dict
from tests.query_plans import plan, recorded

_0024: Any = importlib.import_module("jobscraper.store.migrations.versions.0024_pg_search_facets")
pytestmark = pytest.mark.usefixtures("pg_db")

_INDEXES = text("SELECT indexname FROM pg_indexes WHERE tablename = 'job_search'")
POLICIES = ("remote", "hybrid", "onsite", "unknown", None)
FLAGS = (True, False, None)
SOURCES = [("linkedin", "li"), ("indeed", "in"), ("greenhouse", "gh"), ("jobs.acme.example", "ca")]


def test_the_migrations_constants_are_the_modules() -> None:
    assert len(SITE_BITS) + 1 == _0024.SITE_BIT_COUNT and 1 << len(SITE_BITS) == OTHER
    assert (_0024.WORK_MODE_FACETS, _0024.SITE_FACET) == (WORK_MODE_FACETS, SITE_FACET)


def test_the_index_function_holds_each_work_mode_and_site_bit(pg_db: Database) -> None:
    bit_sets = [0, 1, OTHER, COMPANY_BITS, sum(SITE_BITS.values()) | OTHER, SITE_BITS["workday"] | 2]
    with pg_db.reader() as conn:
        for policy in (*POLICIES, "somewhere else"):
            for flag in FLAGS:
                for bits in bit_sets:
                    got = conn.execute(
                        text("SELECT job_search_facets(:p, :r, :s)"), {"p": policy, "r": flag, "s": bits}
                    ).scalar_one()
                    expected = [WORK_MODE_FACETS[work_mode(policy, flag)], *site_facets(bits)]
                    assert got == expected, (policy, flag, bits)


def test_each_filter_has_the_facets_of_every_job_that_passes_it() -> None:
    assert facet_conditions(True, None) == [("contains", [WORK_MODE_FACETS["remote"]])]
    assert facet_conditions(False, None) == [("overlap", [2, 3, 4])]
    assert facet_conditions(None, "indeed") == [("contains", [SITE_FACET + 1])]
    assert facet_conditions(None, "jobs.acme.example") == [("contains", site_facets(OTHER))]
    company = facet_conditions(None, COMPANY)[0][1]
    assert SITE_FACET + len(SITE_BITS) in company and SITE_FACET + 14 in company  # OTHER, greenhouse
    assert not set(company) & set(site_facets(sum(SITE_BITS[s] for s in SITES if s in SITE_BITS)))
    assert facet_conditions(None, None) == []


@pytest.fixture
def jobs(pg_db: Database) -> Database:
    rng = random.Random(24)
    sync = SyncEngine(pg_db)
    for n in range(1, 49):
        site, prefix = rng.choice(SOURCES)
        posting = posting_dict(
            n,
            id=f"{prefix}-{n}",
            site=site,
            job_url=f"https://{site}.example/{n}",
            title=rng.choice(["Python Developer", "Python Engineer", "Go Engineer"]),
            is_remote=rng.choice(FLAGS),
            min_amount=rng.choice([50_000.0, 90_000.0]),
            date_posted=f"2026-11-{rng.randint(1, 28):02d}",
            skills=None,
        )
        sync.upsert([posting])
        if n % 3 == 0:  # seen on a second site too: its sites hold two bits
            other, other_prefix = rng.choice(SOURCES)
            sync.upsert([posting | {"site": other, "id": f"{other_prefix}-x{n}"}])
    with pg_db.engine.begin() as conn:  # the extraction's policy, where it read one
        for job_id in range(1, 49, 2):
            policy = rng.choice(POLICIES)
            conn.execute(text("UPDATE job SET remote_policy = :p WHERE id = :i"), {"p": policy, "i": job_id})
    return pg_db


def _oracle(db: Database, remote: bool | None, source: str | None) -> set[int]:
    """The jobs whose words hold ``python`` and that pass the filters, tested in Python."""
    with db.reader() as conn:
        rows = conn.execute(text("SELECT id, title, remote_policy, is_remote FROM job")).all()
        sites: dict[int, set[str]] = {}
        for job_id, site in conn.execute(text("SELECT job_id, site FROM job_source")):
            sites.setdefault(job_id, set()).add(site)
    passing = set()
    for job_id, title, policy, flag in rows:
        if "python" not in title.lower():
            continue
        if remote is not None and (work_mode(policy, flag) == "remote") != remote:
            continue
        if source == COMPANY and not sites[job_id] - set(SITES):
            continue
        if source not in (None, COMPANY) and source not in sites[job_id]:
            continue
        passing.add(job_id)
    return passing


CASES = [(True, None), (False, None), (None, "linkedin"), (None, COMPANY), (None, "jobs.acme.example")]
CASES += [(True, "indeed"), (False, COMPANY)]


@pytest.mark.parametrize(("remote", "source"), CASES, ids=str)
@pytest.mark.parametrize("sort", ["relevance", "posted", "salary"])
@pytest.mark.parametrize("path", ["facets", "no facets", "sorted in two steps"])
def test_remote_and_source_filters_give_the_exact_pages_and_totals(
    jobs: Database,
    monkeypatch: pytest.MonkeyPatch,
    remote: bool | None,
    source: str | None,
    sort: str,
    path: str,
) -> None:
    expected = _oracle(jobs, remote, source)
    assert expected, "the case has jobs to find"
    if path == "no facets":
        monkeypatch.setattr(search_pg_page, "facet_conditions", lambda remote, source: [])
    if path == "sorted in two steps":
        monkeypatch.setattr(search_pg_page, "SORT_ALL_UP_TO", -1)
    monkeypatch.setattr(search_module, "COUNT_CAP", 5)  # the capped plans: ranges, the count, the pages
    monkeypatch.setattr(search_pg_page, "PG_RANK_WINDOW", 4)
    query = JobQuery(q="python", remote=remote, source=source, sort=sort, per_page=4, include_hidden=True)
    pages = [search_jobs(jobs, query.model_copy(update={"page": n})) for n in range(1, 15)]
    got = [j.id for p in pages for j in p.items]
    assert sorted(got) == sorted(expected) and len(got) == len(set(got)), "every passing match, once"
    total = (min(len(expected), 5), len(expected) > 5)
    assert all((p.total, p.total_capped) == total for p in pages if p.items), "the same total on each page"


def test_a_sorted_page_is_the_same_in_one_statement_as_in_two(
    jobs: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    queries = [
        JobQuery(q="python", sort="salary", per_page=7),
        JobQuery(q="python", sort="posted", descending=False, per_page=5, page=2),
        JobQuery(q="engineer", sort="salary", remote=True, per_page=3, page=2),
        JobQuery(q="python", sort="posted", per_page=50, page=9),  # past the last page
    ]
    one = [search_jobs(jobs, q) for q in queries]
    monkeypatch.setattr(search_pg_page, "SORT_ALL_UP_TO", -1)
    assert [search_jobs(jobs, q) for q in queries] == one
    assert [len(p.items) for p in one[:3]] == [7, 5, 3] and one[3].items == [] and one[3].total > 0


def test_the_filters_are_read_from_the_words_index(jobs: Database) -> None:
    with jobs.engine.begin() as conn:
        conn.exec_driver_sql("ANALYZE job_search")
    with recorded(jobs, "job_search_facets") as seen:
        search_jobs(jobs, JobQuery(q="python", remote=True, source="linkedin", sort="salary"))
    assert seen, "the search put the facets in its statement"
    statement, params = seen[0]
    explained = plan(jobs, statement, params)
    assert "ix_job_search_words_facets" in explained
    index_cond = explained.split("ix_job_search_words_facets", 1)[1].split("|")[1]
    assert "search_vector @@" in index_cond and "job_search_facets(" in index_cond, explained


def test_0024_goes_down_and_up_keeping_the_search(jobs: Database) -> None:
    query = JobQuery(q="python", remote=True, source="linkedin")
    before = search_jobs(jobs, query)
    migrate(jobs, "0023", down=True)
    with jobs.reader() as conn:
        indexes = set(conn.execute(_INDEXES).scalars())
        function = conn.execute(text("SELECT to_regproc('job_search_facets')")).scalar()
    assert "ix_job_search_words" in indexes and _0024.INDEX not in indexes and function is None
    migrate(jobs, "0024")
    with jobs.reader() as conn:
        indexes = set(conn.execute(_INDEXES).scalars())
    assert _0024.INDEX in indexes and "ix_job_search_words" not in indexes
    migrate(jobs, SCHEMA_REVISION)  # the schema the search reads (0026's words table)
    assert search_jobs(jobs, query) == before
