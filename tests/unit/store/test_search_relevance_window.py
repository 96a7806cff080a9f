"""A large match sorted by relevance whose ranked window alone holds more passing jobs than the cap
and the whole page (:func:`jobscraper.store.search_relevance.relevance_page`) checks the filters on
the window's jobs only; its page and capped total are the one-pass order's all the same, and a
page past the window, or a window with too few passing, checks the other newest matches too."""

from __future__ import annotations

from typing import Any

import pytest
from test_search_large import many  # noqa: F401  (the fixture: 120 jobs, most matching "python")
from test_search_relevance import assert_capped_page, one_pass

from jobscraper.models import JobStatus
from jobscraper.store import Database, JobQuery, search_relevance
from jobscraper.store import search as search_module

WINDOW, LARGE, CAP = 30, 40, 10


@pytest.mark.parametrize(
    ("query", "window_only"),
    [
        (JobQuery(q="python", per_page=5), True),
        (JobQuery(q="python", per_page=5, page=4), True),
        (JobQuery(q="python", remote=False, per_page=3, page=2), True),
        (JobQuery(q="python", per_page=5, page=20), False),  # past the window
        (JobQuery(q="python", status=JobStatus.APPLIED), False),  # few pass in the window
    ],
    ids=lambda v: repr(v.model_dump(exclude_defaults=True)) if isinstance(v, JobQuery) else str(v),
)
def test_the_ranked_window_settles_a_large_matchs_page(
    many: Database,  # noqa: F811
    query: JobQuery,
    window_only: bool,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(search_module, "RANK_WINDOW", WINDOW)
    ids, total = one_pass(many, query)
    monkeypatch.setattr(search_module, "LARGE_MATCH", LARGE)
    monkeypatch.setattr(search_module, "COUNT_CAP", CAP)
    checked: list[int] = []
    passing = search_relevance._passing

    def spy(conn: Any, q: JobQuery, job_ids: list[int], unblocked: bool) -> set[int]:
        checked.extend(job_ids)
        return passing(conn, q, job_ids, unblocked)

    monkeypatch.setattr(search_relevance, "_passing", spy)
    assert_capped_page(many, query, ids, total, LARGE, CAP)
    assert len(checked) == len(set(checked))  # no job checked twice
    assert len(checked) == (WINDOW if window_only else LARGE + 1)
