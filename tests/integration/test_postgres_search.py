"""The search box on PostgreSQL (``database.url``), as its user would notice it: it finds what the
same search finds on SQLite (whole words, the last a prefix, every word required, accents folded,
"c++" and "c#" as words, the user's quotes and operators just punctuation), ranks a title hit
above a description hit, finds a re-scraped job by its new words, pages with exact totals, uses
the GIN index, and survives migration 0011 going down and up with jobs in place.

A throwaway server per module (tests/pg_server.py; skipped where the PostgreSQL server binaries are
missing, outside CI).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import inspect, text

from jobscraper.store import Database, JobQuery, SyncEngine, UserUpdate, get_job, open_database, search_jobs
from jobscraper.store.search_pg import query_words, tsquery_text
from jobscraper.store.search_ranked import ranked_ids
from tests.alembic_steps import migrate as _migrate
from tests.postings import posting_dict

POSTINGS: list[dict[str, Any]] = [
    posting_dict(1, title="Senior Python Developer", location="Berlin, Germany", description="Django APIs."),
    posting_dict(
        2,
        title="Java Engineer",
        location="München, Bayern",
        description="JavaScript and some python, 100% remote.",
        skills=["Rust", "C++"],
    ),
    posting_dict(
        3, title="Data Analyst", location="Munich, Germany", skills=["C#"], description="Über uns: node.js"
    ),
    posting_dict(
        4, title="Softwareentwickler (m/w/d)", company="Ärzte ohne Grenzen", description="Entwicklung"
    ),
    posting_dict(
        5, title="ICU Nurse–Critical Care", skills=None, description="Pflege auf der Intensivstation."
    ),
]

# the same jobs on both databases must match these the same way
QUERIES = [
    "python",
    "PYTHON",
    "pyth",
    "python berlin",
    "python munich",
    "c++",
    "c#",
    "c",
    "munchen",
    "MÜNCHEN",
    "uber",
    "node.js",
    "js",
    "arzte",
    "ärzte ohne",
    "entwick",
    "wickler",
    "icu",
    "critical care",
    "100%",
    '"python" OR java',
    "python & !java | (x",
    "':* \\ ''",
    "script",
    "rust_python",
]


@pytest.fixture
def both(pg_db: Database, tmp_path: Path) -> Iterator[tuple[Database, Database]]:
    sqlite = open_database(tmp_path / "jobs.db")
    for db in (sqlite, pg_db):
        SyncEngine(db).upsert([dict(p) for p in POSTINGS])
    try:
        yield sqlite, pg_db
    finally:
        sqlite.dispose()


def _ids(db: Database, **query: Any) -> tuple[int, set[int]]:
    page = search_jobs(db, JobQuery(per_page=50, **query))
    return page.total, {job.id for job in page.items}


def test_the_same_queries_find_the_same_jobs_as_on_sqlite(both: tuple[Database, Database]) -> None:
    sqlite, pg = both
    for q in QUERIES:
        assert _ids(pg, q=q) == _ids(sqlite, q=q), q
        assert _ids(pg, q=q, location="germany") == _ids(sqlite, q=q, location="germany"), q
    assert _ids(pg, q="munchen")[1] == {2} and _ids(pg, q="c++")[1] == {2} and _ids(pg, q="c#")[1] == {3}
    assert _ids(pg, q="entwick")[1] == {4} and _ids(pg, q="wickler")[1] == set(), "prefixes, not infixes"
    assert _ids(pg, q="python munich")[1] == set(), "every word is required"


def test_the_query_text_holds_only_quoted_words() -> None:
    assert tsquery_text("Python  C++ c# München") == "'Python' & 'Cplusplus' & 'csharp' & 'München':*"
    assert tsquery_text("x'); DROP TABLE job; --") == "'x' & 'DROP' & 'TABLE' & 'job':*"
    assert tsquery_text(" ?! _ ") is None and tsquery_text(None) is None
    assert len(query_words(" ".join(f"w{n}" for n in range(100)))) == 32


def test_a_title_hit_outranks_a_company_hit_and_a_description_hit(pg_db: Database) -> None:
    SyncEngine(pg_db).upsert(
        [
            posting_dict(
                1, title="Gardener", description="Our office has a kotlin team next door.", skills=None
            ),
            posting_dict(2, title="Kotlin Developer", description="Android apps.", skills=None),
            posting_dict(3, title="Accountant", company="Kotlin Consulting", skills=None),
        ]
    )
    titles = [j.title for j in search_jobs(pg_db, JobQuery(q="kotlin")).items]
    assert titles == ["Kotlin Developer", "Accountant", "Gardener"]
    with pg_db.reader() as conn:
        assert ranked_ids(conn, JobQuery(q="kotlin"), 2).ids == [2, 3], "the hybrid search's words agree"
    by_title = [
        j.title for j in search_jobs(pg_db, JobQuery(q="kotlin", sort="title", descending=False)).items
    ]
    assert by_title == ["Accountant", "Gardener", "Kotlin Developer"], "another sort ignores the rank"


def test_a_rescraped_job_is_found_by_its_new_words_and_keeps_the_users_fields(pg_db: Database) -> None:
    sync = SyncEngine(pg_db)
    posting = posting_dict(1, description="Build data pipelines in Scala.")
    sync.upsert([posting])
    sync.update_user_fields(1, UserUpdate(favorite=True, notes="call back"))
    assert _ids(pg_db, q="scala")[1] == {1}
    assert sync.upsert([posting | {"description": "Build data pipelines in Kotlin."}]).updated == 1
    assert _ids(pg_db, q="kotlin")[1] == {1} and _ids(pg_db, q="scala")[1] == set()
    job = get_job(pg_db, 1)
    assert (job.favorite, job.notes) == (True, "call back")


def test_pages_partition_the_matches_and_keep_the_exact_total(pg_db: Database) -> None:
    SyncEngine(pg_db).upsert([posting_dict(n, title=f"Python Developer {n}") for n in range(1, 8)])
    pages = [search_jobs(pg_db, JobQuery(q="python dev", per_page=3, page=n)) for n in (1, 2, 3, 4)]
    assert [p.total for p in pages] == [7, 7, 7, 7] and not any(p.total_capped for p in pages)
    ids = [job.id for p in pages for job in p.items]
    assert sorted(ids) == list(range(1, 8)) and pages[3].items == []


def test_the_text_match_uses_the_gin_index(pg_db: Database) -> None:
    from sqlalchemy import select

    from jobscraper.store.search_pg import text_conditions
    from jobscraper.store.tables import JOB

    SyncEngine(pg_db).upsert([posting_dict(n, title=f"Role {n}") for n in range(1, 200)])
    statement = select(JOB.c.id).where(*text_conditions("python dev", None))
    compiled = statement.compile(pg_db.engine, compile_kwargs={"literal_binds": True})
    with pg_db.engine.begin() as conn:
        conn.execute(text("ANALYZE job_search"))
        conn.execute(text("SET LOCAL enable_seqscan = off"))  # small tables: no scan of them
        conn.execute(text("SET LOCAL enable_indexscan = off"))  # nor of the primary key in order
        plan = "\n".join(conn.execute(text(f"EXPLAIN {compiled}")).scalars())
    assert "ix_job_search_words" in plan, plan  # job_search's GIN index (migration 0020)


def test_migration_0011_goes_down_and_up_with_jobs_in_place(pg_db: Database) -> None:
    sync = SyncEngine(pg_db)
    sync.upsert([posting_dict(1, title="Kotlin Developer"), posting_dict(2)])
    sync.update_user_fields(1, UserUpdate(favorite=True, notes="keep me"))
    _migrate(pg_db, "0010", down=True)
    assert "search_vector" not in {c["name"] for c in inspect(pg_db.engine).get_columns("job")}
    with pg_db.reader() as conn:
        configs = conn.execute(text("SELECT count(*) FROM pg_ts_config WHERE cfgname = 'jobscraper_search'"))
        assert configs.scalar_one() == 0
    _migrate(pg_db, "head")
    assert _ids(pg_db, q="kotlin")[1] == {1}, "the jobs already there are indexed"
    job = get_job(pg_db, 1)
    assert (job.favorite, job.notes) == (True, "keep me")
