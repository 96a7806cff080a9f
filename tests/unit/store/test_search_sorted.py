"""Sorted pages from the match's rowids in hand (:mod:`jobscraper.store.search_sorted`) and the
status/favourites narrowing of a common word's older matches (``search_relevance._narrowing``)
equal the one-pass SQL order (:func:`~jobscraper.store.search.hits_select`) — with the narrowing
forced on and off, under small ``LARGE_MATCH``/``COUNT_CAP``/``RANK_WINDOW``, so a shortcut that
lost or added a job, or changed the order, fails."""

from __future__ import annotations

from datetime import date

import pytest
from test_search_large import many  # noqa: F401  (the fixture: 120 jobs, most matching "python")
from test_search_relevance import assert_capped_page, one_pass

from jobscraper.models import JobStatus
from jobscraper.store import Database, JobQuery, SyncEngine, UserUpdate, search_relevance
from jobscraper.store import search as search_module

QUERIES = [
    JobQuery(q="python", sort="posted", status=JobStatus.APPLIED),
    JobQuery(q="python", sort="salary", status=JobStatus.APPLIED, per_page=4, page=2),
    JobQuery(q="python", sort="title", status=JobStatus.APPLIED),
    JobQuery(q="python", sort="posted", favorites=True),
    JobQuery(q="python", sort="salary", descending=False, favorites=True, per_page=3, page=2),
    JobQuery(q="python", sort="relevance", status=JobStatus.APPLIED, per_page=5, page=2),
    JobQuery(q="python", sort="relevance", favorites=True),
    JobQuery(q="python", sort="first_seen", remote=True, per_page=5, page=3),
    JobQuery(q="python", sort="posted", per_page=10, page=30),  # past the end
    JobQuery(q="python", sort="salary", posted_since=date(2026, 10, 20), per_page=4, page=2),
    JobQuery(q="python", sort="relevance", posted_since=date(2026, 10, 28), remote=False),
    JobQuery(q="python", sort="posted", status=JobStatus.APPLIED, posted_since=date(2026, 10, 10)),
]


@pytest.mark.parametrize("share", [0, 1_000_000])  # narrow always / never
@pytest.mark.parametrize(("large", "cap"), [(5000, 1000), (10, 1_000_000), (10, 5), (3, 2)])
@pytest.mark.parametrize("query", QUERIES, ids=lambda q: f"{q.sort}-{q.status}-{q.favorites}-{q.page}")
def test_sorted_and_narrowed_pages_are_the_one_pass_order(
    many: Database,  # noqa: F811
    sync: SyncEngine,
    query: JobQuery,
    large: int,
    cap: int,
    share: int,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for job_id in range(3, 121, 9):
        sync.update_user_fields(job_id, UserUpdate(favorite=True))
    monkeypatch.setattr(search_module, "RANK_WINDOW", 7)
    ids, total = one_pass(many, query)
    monkeypatch.setattr(search_module, "LARGE_MATCH", large)
    monkeypatch.setattr(search_module, "COUNT_CAP", cap)
    monkeypatch.setattr(search_relevance, "NARROW_SHARE", share)
    assert_capped_page(many, query, ids, total, large, cap)
