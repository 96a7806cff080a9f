"""A common word's page by date posted starts from the matches already known to pass
(:func:`jobscraper.store.search_walk.merged_walk`) and walks the date index only among older jobs
posted later than the page's last: its pages and totals equal the one-pass SQL order (ties on a
day go by id, NULL dates last), whether the index walk probes or collects the matches and whether
the older matches were counted newest first (then they extend what is known to pass) or not."""

from __future__ import annotations

from typing import Any

import pytest
from test_search_large import many  # noqa: F401  (the fixture: 120 jobs, most matching "python")
from test_search_relevance import assert_capped_page, one_pass

from jobscraper.models import JobStatus
from jobscraper.store import Database, JobQuery, search_sorted, search_walk
from jobscraper.store import search as search_module

QUERIES = [
    JobQuery(q="python", sort="posted"),
    JobQuery(q="python", sort="posted", per_page=5, page=3),
    JobQuery(q="python", sort="posted", per_page=7, page=2, remote=False),
    JobQuery(q="python", sort="posted", source="indeed", min_salary=50_000, per_page=4),
    JobQuery(q="python", sort="posted", status=JobStatus.APPLIED, per_page=3),
    JobQuery(q="python", sort="posted", per_page=10, page=20),  # past the end
    JobQuery(q="python", sort="posted", descending=False, per_page=6),  # the plain walk
    JobQuery(q="python", sort="salary", per_page=6, page=2),  # the plain walk
]


def _small_windows(monkeypatch: pytest.MonkeyPatch, large: int, cap: int) -> None:
    """The large-match path on 120 jobs: ``large`` + 1 newest matches, totals capped at ``cap``."""
    monkeypatch.setattr(search_module, "RANK_WINDOW", 3)
    monkeypatch.setattr(search_module, "LARGE_MATCH", large)
    monkeypatch.setattr(search_module, "COUNT_CAP", cap)


@pytest.mark.parametrize("newest_first", [False, True])
@pytest.mark.parametrize("collect_us", [0.0, 1e9])  # the walk collects (0) or probes (1e9) the matches
@pytest.mark.parametrize(("large", "cap"), [(10, 5), (20, 12), (8, 30)])
@pytest.mark.parametrize("query", QUERIES, ids=lambda q: f"{q.sort}-{q.descending}-{q.page}-{q.per_page}")
def test_pages_by_date_from_the_known_matches_are_the_one_pass_order(
    many: Database,  # noqa: F811
    query: JobQuery,
    large: int,
    cap: int,
    collect_us: float,
    newest_first: bool,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ids, total = one_pass(many, query)
    _small_windows(monkeypatch, large, cap)
    monkeypatch.setattr(search_walk, "COLLECT_US", collect_us)
    monkeypatch.setattr(search_sorted, "_stops_early", lambda *_: newest_first)
    assert_capped_page(many, query, ids, total, large, cap)


def test_the_page_merges_known_and_older_matches(
    many: Database,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The shortcut is taken (a page from it, not None) and merges both kinds: jobs known to pass
    (from rowid ``oldest`` up) and older ones the walk found posted later."""
    _small_windows(monkeypatch, 10, 5)
    seen: list[tuple[int, list[int] | None]] = []
    merged_walk = search_walk.merged_walk

    def spy(*args: Any) -> list[int] | None:
        page = merged_walk(*args)
        seen.append((args[5], page))
        return page

    monkeypatch.setattr(search_walk, "merged_walk", spy)
    for per_page in (3, 4, 6):
        query = JobQuery(q="python", sort="posted", per_page=per_page)
        ids, total = one_pass(many, query)
        assert_capped_page(many, query, ids, total, 10, 5)
    pages = [(oldest, page) for oldest, page in seen if page is not None]
    assert pages, "the shortcut never settled a page"
    assert any(i >= oldest for oldest, page in pages for i in page)
    assert any(i < oldest for oldest, page in pages for i in page)


def test_a_count_newest_first_only_for_a_page_by_date_that_stops_early() -> None:
    newest = list(range(1000, 900, -1))  # 100 matches among 100 rowids: every job matches
    by_date = JobQuery(q="python", sort="posted")
    assert search_sorted._stops_early(by_date, newest, 50, 10)  # ~450 older pass, 10 wanted
    assert not search_sorted._stops_early(by_date, newest, 1, 10)  # ~9 older pass: it reads them all
    ascending = JobQuery(q="python", sort="posted", descending=False)
    assert not search_sorted._stops_early(JobQuery(q="python", sort="salary"), newest, 50, 10)
    assert not search_sorted._stops_early(ascending, newest, 50, 10)
