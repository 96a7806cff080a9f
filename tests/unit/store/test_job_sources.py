"""A listed page's sources, read for the whole page at once (:mod:`jobscraper.store.job_sources`),
on SQLite and PostgreSQL: each job gets exactly the sources its own page shows, in the same order,
however the ids are split into ``IN (…)`` chunks (one statement, built once, for every page)."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from jobscraper.store import Database, SyncEngine, get_job
from jobscraper.store import job_sources as job_sources_module
from jobscraper.store.job_sources import sources_by_job, with_sources
from jobscraper.store.search_shapes import JobPublic
from jobscraper.store.tables import JOB
from tests.unit.conftest import FakeClock


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request: pytest.FixtureRequest) -> Database:
    found: Database = request.getfixturevalue("db" if request.param == "sqlite" else "pg_db")
    return found


def _jobs(database: Database, make_posting: Any) -> list[int]:
    """Five jobs; the first and the fourth also seen on a second board."""
    sync = SyncEngine(database, clock=FakeClock())
    postings = [make_posting(site="linkedin") for _ in range(5)]
    sync.upsert(postings)
    sync.upsert(
        [
            {**postings[0], "site": "indeed", "job_url": "https://www.indeed.com/viewjob?jk=a"},
            {**postings[3], "site": "glassdoor", "job_url": "https://www.glassdoor.com/job/b"},
        ]
    )
    with database.reader() as conn:
        return list(conn.execute(select(JOB.c.id).order_by(JOB.c.id)).scalars())


@pytest.mark.parametrize("chunk", [2, job_sources_module._CHUNK], ids=["chunks-of-2", "one-chunk"])
def test_each_job_gets_the_sources_its_own_page_shows(
    database: Database, make_posting: Any, monkeypatch: pytest.MonkeyPatch, chunk: int
) -> None:
    monkeypatch.setattr(job_sources_module, "_CHUNK", chunk)
    ids = _jobs(database, make_posting)
    missing = max(ids) + 100
    with database.reader() as conn:
        found = sources_by_job(conn, [*reversed(ids), ids[0], missing])
    assert set(found) == {*ids, missing} and found[missing] == []
    for job_id in ids:
        assert found[job_id] == get_job(database, job_id).sources
    assert [s.site for s in found[ids[0]]] == ["linkedin", "indeed"]
    assert [s.site for s in found[ids[3]]] == ["linkedin", "glassdoor"]


def test_a_page_gets_its_sources_in_place_and_an_empty_page_reads_nothing(
    database: Database, make_posting: Any
) -> None:
    ids = _jobs(database, make_posting)
    page = [JobPublic.model_validate(get_job(database, i).model_dump(exclude={"sources"})) for i in ids]
    assert all(job.sources == [] for job in page)
    assert with_sources(database, page) == page
    assert [len(job.sources) for job in page] == [2, 1, 1, 2, 1]
    assert with_sources(database, []) == []
