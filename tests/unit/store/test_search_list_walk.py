"""A list without text whose filters keep a share of the jobs walks its sort's index
(:mod:`jobscraper.store.search_list_walk`): the pages and totals are the one-pass SQL order's
(ties, NULL salaries and dates, statuses, favourites, hidden, archived, a blocked company), the walk
is taken when the counts say it is cheaper, and the planner's way otherwise."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from test_search_facet import varied  # noqa: F401  (the fixture)
from test_search_relevance import one_pass

from jobscraper.models import JobStatus
from jobscraper.store import Database, JobQuery, search_jobs, search_list_walk
from jobscraper.store.blocklist_rows import add_block

LISTS = [
    JobQuery(favorites=True),
    JobQuery(favorites=True, sort="posted", per_page=4, page=2),
    JobQuery(favorites=True, sort="salary", remote=False),
    JobQuery(status=JobStatus.REJECTED, sort="salary"),
    JobQuery(status=JobStatus.REJECTED, sort="salary", per_page=3, page=3),
    JobQuery(status=JobStatus.REJECTED, sort="posted", include_hidden=True, archived="include"),
    JobQuery(status=JobStatus.REJECTED, sort="first_seen", descending=False, per_page=5),
    JobQuery(favorites=True, sort="last_seen", descending=False, closed="include"),
    JobQuery(favorites=True, status=JobStatus.NEW, sort="posted", per_page=6),
    JobQuery(source="google", sort="salary", per_page=5),
    JobQuery(source="careers.acme.test", sort="posted"),
    JobQuery(source="indeed", posted_since=date(2026, 10, 20), sort="first_seen"),
    JobQuery(favorites=True, first_seen_after=datetime(2020, 1, 1, tzinfo=UTC), sort="last_seen"),
]
WALKS_NOT = [  # orders no index walk gives: the planner's way whatever the counts
    JobQuery(favorites=True, sort="salary", descending=False),
    JobQuery(status=JobStatus.REJECTED, sort="posted", descending=False),
    JobQuery(status=JobStatus.REJECTED, sort="title"),
    JobQuery(favorites=True, sort="company", descending=False),
    JobQuery(status=JobStatus.REJECTED),  # ix_job_status_last_seen's own order
    JobQuery(status=JobStatus.REJECTED, sort="last_seen", descending=False, per_page=5),
]


def _walks(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """The walk's answers, recorded (None: the planner's way was taken)."""
    seen: list[Any] = []
    walk = search_list_walk.counted_walk

    def spy(*args: Any) -> Any:
        seen.append(walk(*args))
        return seen[-1]

    monkeypatch.setattr(search_list_walk, "counted_walk", spy)
    return seen


@pytest.mark.parametrize("blocked", [False, True])
@pytest.mark.parametrize("query", LISTS + WALKS_NOT, ids=lambda q: repr(q.model_dump(exclude_defaults=True)))
def test_a_walked_list_is_the_one_pass_order(
    varied: Database,  # noqa: F811
    query: JobQuery,
    blocked: bool,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    if blocked:
        add_block(varied, "Blocked Corp", "name", datetime.now(UTC) - timedelta(seconds=1))
    ids, total = one_pass(varied, query)
    assert total > 0
    monkeypatch.setattr(search_list_walk, "WALK_SHARE", 1_000_000)  # walk whenever it can
    walks = _walks(monkeypatch)
    page = search_jobs(varied, query)
    assert ([j.id for j in page.items], page.total, page.total_capped) == (ids, total, False)
    assert walks, "no walk was weighed"
    assert (walks[-1] is None) == (query in WALKS_NOT)


def test_the_walk_is_taken_only_when_the_counts_make_it_cheaper(
    varied: Database,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    query = JobQuery(favorites=True, per_page=2)
    ids, total = one_pass(varied, query)
    with varied.reader() as conn:
        jobs = int(conn.exec_driver_sql("SELECT count(*) FROM job").scalar_one())
    # the walk expects (offset + per_page) * jobs / total entries: against WALK_SHARE * total
    assert 2 * jobs <= search_list_walk.WALK_SHARE * total * total  # page 1 of 2: walk
    assert total * jobs > search_list_walk.WALK_SHARE * total * total  # all on one page: read them
    walks = _walks(monkeypatch)
    assert [j.id for j in search_jobs(varied, query).items] == ids
    assert walks == [ids]
    whole = query.model_copy(update={"per_page": total})
    assert len(search_jobs(varied, whole).items) == total
    assert walks[-1] is None
