"""ranked_ids is search_jobs's relevance order as ids, with its total, on both of search's paths
(one pass, and the path for very common words); text_matches tells matches from the rest."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from jobscraper.store import Database, JobQuery, SyncEngine, UserUpdate, search_jobs
from jobscraper.store import search as search_module
from jobscraper.store.search_ranked import ranked_ids, text_matches


@pytest.fixture
def many(db: Database, sync: SyncEngine, make_posting: Callable[..., dict[str, Any]]) -> Database:
    titles = ["Python Developer", "Data Engineer", "Go Engineer", "Nurse"]
    sync.upsert(
        [
            make_posting(
                title=titles[n % 4],
                description="python " * (n % 5 + 1) + "and more",
                location="Munich, Germany" if n % 3 else "Berlin, Germany",
                is_remote=n % 4 == 1,
            )
            for n in range(60)
        ]
    )
    sync.update_user_fields(3, UserUpdate(hidden=True))
    return db


QUERIES = [
    JobQuery(q="python"),
    JobQuery(q="python", location="Berlin"),
    JobQuery(q="python", remote=True),
    JobQuery(q="engineer python"),
    JobQuery(q="nothing-like-this"),
]


@pytest.mark.parametrize("large", [False, True])
@pytest.mark.parametrize("query", QUERIES, ids=lambda q: f"{q.q}-{q.location}-{q.remote}")
def test_ranked_ids_are_search_jobs_order_and_total(
    many: Database, query: JobQuery, large: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    if large:
        monkeypatch.setattr(search_module, "LARGE_MATCH", 5)
        monkeypatch.setattr(search_module, "RANK_WINDOW", 7)
    page = search_jobs(many, query.model_copy(update={"per_page": 100}))
    with many.reader() as conn:
        for limit in (1, 10, 100):
            got = ranked_ids(conn, query.model_copy(update={"page": 3, "sort": "title"}), limit)
            assert got.ids == [job.id for job in page.items][:limit]
            assert (got.total, got.capped) == (page.total, page.total_capped)


def test_ranked_ids_cap_the_total_as_search_jobs(many: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(search_module, "LARGE_MATCH", 5)
    monkeypatch.setattr(search_module, "COUNT_CAP", 10)
    page = search_jobs(many, JobQuery(q="python", per_page=20))
    with many.reader() as conn:
        got = ranked_ids(conn, JobQuery(q="python"), 20)
    assert page.total_capped and (got.total, got.capped) == (10, True)
    assert got.ids == [job.id for job in page.items]


def test_text_matches_keeps_the_matches_that_pass_the_filters(many: Database) -> None:
    every = {job.id for job in search_jobs(many, JobQuery(per_page=100, include_hidden=True)).items}
    berlin = {job.id for job in search_jobs(many, JobQuery(q="nurse", location="Berlin", per_page=100)).items}
    with many.reader() as conn:
        assert text_matches(conn, JobQuery(q="nurse", location="Berlin"), every) == berlin
        assert text_matches(conn, JobQuery(q="nurse"), []) == set()
        assert 3 not in text_matches(conn, JobQuery(), every)  # hidden
        assert 3 in text_matches(conn, JobQuery(include_hidden=True), every)
