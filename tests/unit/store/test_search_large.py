"""The path for common words (more than LARGE_MATCH text matches) must give the same pages as the
exact one-pass path; only the total is capped ("1,000+")."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest

from jobscraper.models import JobStatus
from jobscraper.store import Database, JobQuery, SyncEngine, UserUpdate, search_jobs
from jobscraper.store import search as search_module


@pytest.fixture
def many(db: Database, sync: SyncEngine, make_posting: Callable[..., dict[str, Any]]) -> Database:
    rng = random.Random(7)
    batch = []
    for _ in range(120):
        salary = rng.choice([None, 40_000, 55_000, 70_000, 90_000, 120_000])
        batch.append(
            make_posting(
                site=rng.choice(["linkedin", "indeed"]),
                title=rng.choice(["Python Developer", "Data Engineer", "Go Engineer"]),
                description="python " * rng.randint(1, 5) + "and more",
                min_amount=salary,
                max_amount=None,
                interval="yearly" if salary else None,
                date_posted=(date(2026, 11, 1) - timedelta(days=rng.randint(0, 40))).isoformat()
                if rng.random() > 0.1
                else None,
                is_remote=rng.random() < 0.3,
            )
        )
    for start in range(0, len(batch), 10):  # several batches: ids follow insertion order
        sync.upsert(batch[start : start + 10])
    for job_id in range(1, 121, 7):
        sync.update_user_fields(job_id, UserUpdate(status=JobStatus.APPLIED))
    return db


QUERIES = [
    JobQuery(q="python", sort="posted"),
    JobQuery(q="python", sort="salary"),
    JobQuery(q="python", sort="salary", descending=False),
    JobQuery(q="python", sort="last_seen", page=3, per_page=10),
    JobQuery(q="python", sort="first_seen", remote=True),
    JobQuery(q="python", sort="posted", status=JobStatus.APPLIED),
    JobQuery(q="python", sort="posted", source="indeed", min_salary=50_000),
    JobQuery(q="python", sort="title"),
    JobQuery(q="python", sort="relevance"),
    JobQuery(q="python", sort="relevance", page=2, per_page=20, remote=False),
    JobQuery(q="python", sort="relevance", page=50),
    JobQuery(q="python", location="berl", sort="relevance"),
    JobQuery(location="Berlin", sort="relevance"),
    JobQuery(location="Berlin", sort="posted"),
]


@pytest.mark.parametrize("query", QUERIES, ids=lambda q: f"{q.sort}-{q.page}-{q.descending}")
def test_large_path_pages_equal_the_exact_path(
    many: Database, query: JobQuery, monkeypatch: pytest.MonkeyPatch
) -> None:
    exact = search_jobs(many, query)
    monkeypatch.setattr(search_module, "LARGE_MATCH", 10)
    monkeypatch.setattr(search_module, "COUNT_CAP", 1_000_000)
    large = search_jobs(many, query)
    assert [j.id for j in large.items] == [j.id for j in exact.items]
    assert large.total == exact.total and not large.total_capped


def test_large_path_caps_the_total_and_says_so(many: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    exact = search_jobs(many, JobQuery(q="python"))
    monkeypatch.setattr(search_module, "LARGE_MATCH", 10)
    monkeypatch.setattr(search_module, "COUNT_CAP", 50)
    page = search_jobs(many, JobQuery(q="python"))
    assert exact.total > 50
    assert page.total == 50 and page.total_capped
    assert [j.id for j in page.items] == [j.id for j in exact.items]


@pytest.mark.parametrize("page", [1, 2, 3, 5])
def test_large_path_relevance_with_a_small_rank_window_equals_the_exact_path(
    many: Database, page: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(search_module, "RANK_WINDOW", 30)
    query = JobQuery(q="python", per_page=20, page=page, remote=False)
    exact = search_jobs(many, query)
    monkeypatch.setattr(search_module, "LARGE_MATCH", 10)
    large = search_jobs(many, query)
    assert [j.id for j in large.items] == [j.id for j in exact.items]
