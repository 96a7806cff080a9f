"""Relevance pages (:mod:`jobscraper.store.search_relevance`) equal the one-pass SQL ordering
(:func:`~jobscraper.store.search.hits_select`: bm25 over the ``RANK_WINDOW`` newest matches, then the
older ones newest first, every filter applied) — with a rank window smaller than the matches, with
the large-match branches (newest matches enough to cap the count; counting on among older ones; a
page beyond the newest matches), so a shortcut that returned other jobs or another order fails."""

from __future__ import annotations

import pytest
from test_search_large import many  # noqa: F401  (the fixture: 120 jobs, most matching "python")

from jobscraper.models import JobStatus
from jobscraper.store import Database, JobQuery, search_jobs
from jobscraper.store import search as search_module
from jobscraper.store.search import hits_select

QUERIES = [
    JobQuery(q="python"),
    JobQuery(q="python", per_page=7, page=3),
    JobQuery(q="python", per_page=20, page=5),
    JobQuery(q="python", per_page=10, page=40),  # past the end
    JobQuery(q="python", remote=False, per_page=15, page=2),
    JobQuery(q="python", status=JobStatus.APPLIED),
    JobQuery(q="python", source="indeed", min_salary=50_000, per_page=5, page=2),
    JobQuery(q="engineer pyth"),
    JobQuery(q="python", location="berl"),
]


def one_pass(db: Database, query: JobQuery) -> tuple[list[int], int]:
    """The page's ids and the exact total in the one-pass SQL order (the oracle)."""
    with db.reader() as conn:
        offset = (query.page - 1) * query.per_page
        rows = conn.execute(hits_select(conn, query, limit=query.per_page, offset=offset)).all()
        every = conn.execute(hits_select(conn, query, limit=100_000, offset=0)).all()
    return [int(r.hit_id) for r in rows], len(every)


def assert_capped_page(
    db: Database, query: JobQuery, ids: list[int], total: int, large: int, cap: int
) -> None:
    """search_jobs gives the oracle's page; its total is exact, or COUNT_CAP for a large match."""
    page = search_jobs(db, query)
    assert [j.id for j in page.items] == ids
    with db.reader() as conn:
        matches = search_module.fts_match_count(conn, search_module.match_expression(query) or "")
    if matches > large and total > cap:
        assert page.total == cap and page.total_capped
    else:
        assert page.total == total and not page.total_capped


@pytest.mark.parametrize("window", [2000, 30, 7])
@pytest.mark.parametrize("query", QUERIES, ids=lambda q: f"{q.q}-{q.page}-{q.per_page}")
def test_relevance_pages_are_the_one_pass_order(
    many: Database,  # noqa: F811
    query: JobQuery,
    window: int,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(search_module, "RANK_WINDOW", window)
    ids, total = one_pass(many, query)
    page = search_jobs(many, query)
    assert [j.id for j in page.items] == ids
    assert page.total == total and not page.total_capped


@pytest.mark.parametrize(("large", "cap"), [(10, 1_000_000), (10, 5), (40, 30), (3, 20)])
@pytest.mark.parametrize("query", QUERIES, ids=lambda q: f"{q.q}-{q.page}-{q.per_page}")
def test_large_matches_keep_the_order_and_cap_the_total(
    many: Database,  # noqa: F811
    query: JobQuery,
    large: int,
    cap: int,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(search_module, "RANK_WINDOW", 7)
    ids, total = one_pass(many, query)
    monkeypatch.setattr(search_module, "LARGE_MATCH", large)
    monkeypatch.setattr(search_module, "COUNT_CAP", cap)
    assert_capped_page(many, query, ids, total, large, cap)
