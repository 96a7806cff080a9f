"""A list without a text query whose filters keep a share of the jobs (a status, the favourites, a
source) sorted by an indexed column (SQLite), for :func:`~jobscraper.store.search.search_with`.

:func:`~.search_list.walk_index` leaves such a list to the planner, because walking the sort's
index past every job the filter drops is slow when few jobs pass (a handful of favourites among a
million jobs). The planner then reads every job that passes and sorts them: the favourites list at
a million jobs (~9,000 favourites) took ~20 ms, and a status tab sorted by salary (~26,000 jobs)
1.8 s (the planner chose to read each of them in the salary index's order). Once the exact total
is known (the list reads it first), the walk's cost is known too: about ``end × jobs / total``
index entries to reach the end of the page, each checked in ``job_facet`` (~0.3 µs, migration
0015) — against ``total`` jobs read and sorted. :func:`counted_walk` walks when that is the
cheaper way, so the pages are those of the one ``ORDER BY`` (the same order, the same filters).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, func, select

from jobscraper.store.indexed import indexed_job
from jobscraper.store.search_list import SORT_INDEX
from jobscraper.store.tables import JOB_COUNT

__all__ = ["WALK_SHARE", "counted_walk"]

WALK_SHARE = 2
"""Walk while the entries it expects to visit are at most this many times the jobs that pass
(walking an index entry and checking its facet costs about as much as reading a passing job to
sort it)."""
_NOT_NULL = {"first_seen", "last_seen"}


def counted_walk(conn: Connection, q: Any, total: int, unblocked: bool) -> list[int] | None:
    """The page of ``q`` (a list without text of ``total`` jobs, page not past the end) by walking
    its sort's index with the filters asked in ``job_facet``; None when the planner's way (read
    them all, sort) is cheaper, or the order has no index to walk (title, company, an ascending
    sort on a column with NULLs, which must be sorted to put them last; a status by last seen,
    which its own index ``ix_job_status_last_seen`` lists in that order)."""
    from jobscraper.store.search_large import walk_checks

    sort = "last_seen" if q.sort == "relevance" else q.sort
    descending = q.descending or q.sort == "relevance"
    if sort not in SORT_INDEX or (not descending and sort not in _NOT_NULL) or total <= 0:
        return None
    if q.status is not None and sort == "last_seen":  # ix_job_status_last_seen is that order already
        return None
    offset = (q.page - 1) * q.per_page
    jobs = int(conn.execute(select(func.coalesce(func.sum(JOB_COUNT.c.n), 0))).scalar_one())
    if (offset + q.per_page) * jobs > WALK_SHARE * total * total:
        return None
    index, column = SORT_INDEX[sort]
    job = indexed_job(index)
    col = job.c[column]
    # descending walks the index backwards and meets NULLs last, as the list's ORDER BY puts them
    order = [col.desc(), job.c.id.desc()] if descending else [col.asc(), job.c.id.asc()]
    walked, conditions = walk_checks(job, q, unblocked)
    stmt = select(job.c.id).select_from(walked).where(*conditions).order_by(*order)
    return [int(i) for i in conn.execute(stmt.limit(q.per_page).offset(offset)).scalars()]
