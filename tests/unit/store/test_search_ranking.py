"""Relevance ranking over many matches: only the newest RANK_WINDOW matches are ranked by bm25,
older ones follow newest-first; totals stay exact."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from jobscraper.store import Database, JobQuery, SyncEngine, search_jobs
from jobscraper.store import search as search_module


@pytest.fixture
def corpus(sync: SyncEngine, make_posting: Callable[..., dict[str, Any]]) -> list[int]:
    # 12 jobs mention "kafka"; a strong match (kafka everywhere) is inserted early (old)
    # and another late (new); the rest mention it once.
    postings = [
        make_posting(title="Kafka Kafka Engineer", description="kafka kafka kafka kafka", skills=["kafka"])
    ]
    postings += [make_posting(title="Engineer", description="we use kafka") for _ in range(10)]
    postings.append(
        make_posting(title="Kafka Kafka Engineer", description="kafka kafka kafka kafka", skills=["kafka"])
    )
    for p in postings:  # one by one: ids grow with insertion order
        sync.upsert([p])
    return list(range(1, len(postings) + 1))


def test_without_a_window_limit_the_strongest_matches_come_first(db: Database, corpus: list[int]) -> None:
    page = search_jobs(db, JobQuery(q="kafka", per_page=2))
    assert page.total == 12
    assert {job.id for job in page.items} == {1, 12}


def test_only_the_newest_matches_are_ranked_and_older_ones_follow_newest_first(
    db: Database, corpus: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(search_module, "RANK_WINDOW", 4)
    page = search_jobs(db, JobQuery(q="kafka", per_page=12))
    ids = [job.id for job in page.items]
    assert page.total == 12
    assert ids[0] == 12  # the strong match inside the window of the 4 newest
    assert sorted(ids[:4]) == [9, 10, 11, 12]
    assert ids[4:] == [8, 7, 6, 5, 4, 3, 2, 1]  # outside the window: newest first, nothing lost
    # filters and pages still see every match
    second = search_jobs(db, JobQuery(q="kafka", per_page=5, page=3))
    assert second.total == 12 and [job.id for job in second.items] == [2, 1]
