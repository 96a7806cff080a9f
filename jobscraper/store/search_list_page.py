"""A list without a text query on SQLite: the exact total, then the page along the sort's index.

Split from :mod:`.search`, whose :func:`~jobscraper.store.search.search_with` calls
:func:`list_page` when the query has no words.
"""

from __future__ import annotations

from sqlalchemy import Connection, func, select

from jobscraper.store import search_list_walk  # its counted_walk looked up at call time (tests spy on it)
from jobscraper.store.indexed import indexed_job
from jobscraper.store.search import (
    JobQuery,
    SearchPage,
    _conditions,
    _offset,
    _order,
    _page,
    filtered_select,
)
from jobscraper.store.search_list import counted_total, walk_index
from jobscraper.store.tables import JOB

__all__ = ["list_page"]


def list_page(conn: Connection, q: JobQuery, unblocked: bool) -> SearchPage:
    """A list without a text query (SQLite): the exact total first — from ``job_count`` when the
    filters allow (:func:`~.search_list.counted_total`), else counted —, then the page, walking the
    sort's index when that is the fast way (:func:`~.search_list.walk_index`); no page query when
    the page is past the end. Ordered as :func:`hits_select` orders."""
    total = counted_total(conn, q) if unblocked else None
    if total is None:
        total = int(conn.execute(filtered_select(q, [func.count()], include_blocked=unblocked)).scalar_one())
    if total <= _offset(q):
        return _page(conn, q, [], total, capped=False)
    walk = walk_index(q)
    if walk is None:
        # a filter that keeps a share: walk all the same
        walked = search_list_walk.counted_walk(conn, q, total, unblocked)
        if walked is not None:
            return _page(conn, q, walked, total, capped=False)
        order = _order(q, None)
        stmt = select(JOB.c.id).where(*_conditions(q, include_blocked=unblocked)).order_by(*order)
    else:
        job = indexed_job(walk[0])
        col, descending = job.c[walk[1]], q.descending or q.sort == "relevance"
        # descending walks the index backwards and meets NULLs last, as _order puts them
        order = [col.desc(), job.c.id.desc()] if descending else [col.asc(), job.c.id.asc()]
        stmt = select(job.c.id).where(*_conditions(q, job, include_blocked=unblocked)).order_by(*order)
    ids = list(conn.execute(stmt.limit(q.per_page).offset(_offset(q))).scalars())
    return _page(conn, q, ids, total, capped=False)
