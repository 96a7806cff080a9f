"""``GET /api/jobs`` without a résumé to score against reads the active profile, the page and its
sources in one read transaction (issue 18: each transaction costs about as much as a small query),
and lists exactly what the search and the sources give."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import Connection

from jobscraper.config import Settings
from jobscraper.matching.profile import ProfileInput
from jobscraper.store import Database, JobQuery, SyncEngine, search_jobs
from jobscraper.store.job_sources import with_sources
from jobscraper.store.profiles import put_profile
from serve.job_fit import FitCache, ListQuery, listed_page
from serve.profile_match import MeaningLoader
from tests.unit.serve.test_api_job_fit import Loads


class CountedReads:
    """``db`` whose read transactions are counted."""

    def __init__(self, db: Database) -> None:
        self._db = db
        self.reads = 0

    @contextmanager
    def reader(self) -> Iterator[Connection]:
        self.reads += 1
        with self._db.reader() as conn:
            yield conn

    def __getattr__(self, name: str) -> Any:
        return getattr(self._db, name)


@pytest.fixture
def jobs(db: Database, sync: SyncEngine, make_posting: Any) -> None:
    same = {"title": "Data Engineer", "company": "Hooli", "location": "Berlin"}
    sync.upsert(
        [
            make_posting(site="linkedin", job_url="https://linkedin.example/jobs/1", **same),
            make_posting(site="indeed", job_url="https://indeed.example/viewjob?jk=1", **same),
            make_posting(site="indeed", title="Python Developer", company="Initech"),
            make_posting(site="indeed", title="Nurse", company="Ward", location="Boston"),
        ]
    )


def _listed(db: Database, query: JobQuery) -> tuple[dict[str, Any], int]:
    counted = CountedReads(db)
    loads = Loads(fail=True)  # matching unavailable: searches by words
    fits = FitCache(MeaningLoader(load_embedder=loads.load_embedder, load_index=loads.load_index))
    settings = Settings.model_validate({"database": {"path": str(db.location)}})
    page = listed_page(counted, settings, fits, query)  # type: ignore[arg-type]
    return page.model_dump(mode="json"), counted.reads


def _expected(db: Database, query: JobQuery) -> list[dict[str, Any]]:
    page = search_jobs(db, query)
    return [job.model_dump(mode="json") for job in with_sources(db, page.items)]


@pytest.mark.usefixtures("jobs")
@pytest.mark.parametrize(
    "query",
    [
        JobQuery(),
        JobQuery(q="engineer"),
        ListQuery(q="python developer", meaning=False),
        JobQuery(sort="title", descending=False, per_page=2, page=2),
    ],
)
@pytest.mark.parametrize("profile", [False, True])
def test_a_page_without_a_resume_is_read_in_one_transaction(
    db: Database, query: JobQuery, profile: bool
) -> None:
    if profile:  # a profile without a résumé scores nothing
        put_profile(db, ProfileInput(locations=["Berlin"]), datetime(2026, 1, 1, tzinfo=UTC))
    page, reads = _listed(db, query)
    assert reads == 1
    assert page["fit_profile"] is None
    expected = _expected(db, query)
    assert [{k: v for k, v in job.items() if k in expected[0]} for job in page["items"]] == expected
    assert all(job["sources"] for job in page["items"])
