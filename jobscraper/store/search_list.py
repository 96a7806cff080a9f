"""What keeps a job list fast on a large database (SQLite), for :mod:`jobscraper.store.search`.

- :func:`blocklist_empty`: the blocklist's condition is three subqueries per job and, as SQL, a
  few hundred nodes that SQLAlchemy builds and hashes on every query (about 8 ms of Python per
  query); with no rule it is true for every job, so a query may leave it out. Asked inside the
  query's own read transaction, so the answer and the query see the same rules.
- :func:`counted_total`: the exact total of a list filtered only by archived, closed, hidden,
  favourite, status and remote (the Jobs page's default list, its status tabs, favourites, remote), summed
  from ``job_count`` (migration 0012 keeps it by triggers) instead of counting every job.
- :func:`walk_index`: the index a page sorted by one column can walk, stopping once the page is
  full, instead of the planner's guess (without ``ANALYZE`` statistics SQLite takes the
  ``closed_at IS NULL`` index, reads every job and sorts them all).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Select, func, select
from sqlalchemy.sql.elements import ColumnElement

from jobscraper.store.tables import BLOCKED, JOB_COUNT

__all__ = ["FILTER_INDEX", "SORT_INDEX", "blocklist_empty", "counted_select", "counted_total", "walk_index"]

FILTER_INDEX = "ix_job_filter"
"""Every column the list's filters and sorts read, after the id (migration 0012): the full-text
joins look jobs up by id there, so a text query's matches are filtered without reading each job's
wide row (a page of its own with the description): 4x faster on a million jobs."""

SORT_INDEX = {
    "posted": ("ix_job_date_posted", "date_posted"),
    "salary": ("ix_job_salary", "salary_annual"),
    "first_seen": ("ix_job_first_seen", "first_seen"),
    "last_seen": ("ix_job_last_seen", "last_seen"),
}
"""The sorts with an index on their column: the index and the column."""
_NOT_NULL = {"first_seen", "last_seen"}
# filters job_count cannot answer; and those that make an index walk slow (few jobs pass them:
# the planner's index on the filter is the better way then)
_UNCOUNTED = ("min_salary", "location", "posted_since", "source", "first_seen_after", "run")
_SELECTIVE = ("status", "source", "run", "first_seen_after")


def blocklist_empty(conn: Connection) -> bool:
    """True when the company blocklist has no rule (so no job is blocked)."""
    return conn.execute(select(BLOCKED.c.id).limit(1)).first() is None


def counted_total(conn: Connection, q: Any) -> int | None:
    """``q``'s exact total from ``job_count`` when its only filters are the six it counts by (and
    the blocklist is empty: the caller's to check); None when it has another."""
    counting = counted_select(q)
    return None if counting is None else int(conn.execute(counting).scalar_one())


def counted_select(q: Any) -> Select[Any] | None:
    """The statement of :func:`counted_total` (None where it gives None), for a caller that reads
    it with other values in one statement."""
    if any(getattr(q, name) is not None for name in _UNCOUNTED):
        return None
    count = JOB_COUNT.c
    where: list[ColumnElement[bool]] = []
    for flag, column in (("archived", count.archived), ("closed", count.closed)):
        choice = getattr(q, flag)
        if choice != "include":
            where.append(column.is_(choice == "only"))
    if not q.include_hidden:
        where.append(count.hidden.is_(False))
    if q.favorites:
        where.append(count.favorite.is_(True))
    if q.status is not None:
        where.append(count.status == q.status.value)
    if q.remote is not None:
        where.append(count.remote.is_(q.remote))
    return select(func.coalesce(func.sum(count.n), 0)).where(*where)


def walk_index(q: Any) -> tuple[str, str] | None:
    """The index to walk for ``q``'s order (without a text query), and its column; None when the
    planner should choose (no index for the sort, a selective filter, or an ascending sort on a
    column with NULLs, which must be sorted to put them last)."""
    sort = "last_seen" if q.sort == "relevance" else q.sort
    if sort not in SORT_INDEX or any(getattr(q, name) for name in _SELECTIVE) or q.favorites:
        return None
    if not q.descending and sort not in _NOT_NULL and q.sort != "relevance":
        return None
    return SORT_INDEX[sort]
