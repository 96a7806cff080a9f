"""A text search's page and total from the match's rowids already in hand (SQLite), for
:func:`~jobscraper.store.search.search_with` when the page is not sorted by relevance.

Evaluating a common prefix costs ~20-30 ms on a million jobs (FTS5 merges the doclists of every
word it begins; the same merge for a rowid range or a single rowid), and a search had already
evaluated it once for the newest matches (:func:`~jobscraper.store.search._newest_matches`:
"more than ``LARGE_MATCH``?") before evaluating it again for the page and again to count. Here
those newest rowids are the source wherever they suffice:

- :func:`all_known_page`: a match of up to ``LARGE_MATCH`` jobs is all in hand, so the filters,
  the order and the exact total run on those ids by primary key in ``ix_job_filter`` (the one-pass
  statement of :func:`~jobscraper.store.search.hits_select` with the ids for the full-text join);
- :func:`newest_passing`: a larger match counts the newest matches that pass the filters first;
  only when they are ``COUNT_CAP`` or fewer is the match evaluated again for the older ones.

The order is the same SQL ``ORDER BY`` (:func:`~jobscraper.store.search._order`), so the pages and
totals are those of the one-pass plan.
"""

from __future__ import annotations

from sqlalchemy import Connection, func, select

from jobscraper.store import search as _search
from jobscraper.store.search import JobQuery, SearchPage, _order, _page
from jobscraper.store.search_facet_table import checked_join, facet_order
from jobscraper.store.search_relevance import _ids_table, _older, _passing

__all__ = ["all_known_page", "newest_passing", "ordered_page"]


def ordered_page(conn: Connection, q: JobQuery, ids: list[int], unblocked: bool) -> tuple[list[int], int]:
    """The page of ``q`` (sorted by its column; by last seen for relevance without words) among
    the jobs ``ids`` that pass its filters, and how many pass."""
    if not ids:
        return [], 0
    table = _ids_table(ids)
    order = facet_order(q)
    joined, where = checked_join(table, q, include_blocked=unblocked, job_order=order is None)
    hits = (
        select(table.c.id.label("hit_id"), func.count().over().label("total"))
        .select_from(joined)
        .where(*where)
        .order_by(*(order or _order(q, None)))
        .limit(q.per_page)
        .offset((q.page - 1) * q.per_page)
    )
    found = conn.execute(hits).all()
    if found:
        return [int(row.hit_id) for row in found], int(found[0].total)
    counting = select(func.count()).select_from(joined).where(*where)
    return [], int(conn.execute(counting).scalar_one())


def all_known_page(conn: Connection, q: JobQuery, match: str, unblocked: bool) -> SearchPage | None:
    """``q``'s page and exact total when the newest matches are all of ``match``'s matches (up to
    ``LARGE_MATCH``); None when there are more."""
    newest = _search._newest_matches(conn, match)
    if len(newest) > _search.LARGE_MATCH:
        return None
    ids, total = ordered_page(conn, q, newest, unblocked)
    return _page(conn, q, ids, total, capped=False)


def newest_passing(conn: Connection, q: JobQuery, match: str, unblocked: bool) -> tuple[list[int], int]:
    """The matches that pass ``q``'s filters, up to ``COUNT_CAP`` + 1 of them: those among the
    newest matches (all of them, so possibly more), then the older ones only when needed; and the
    rowid from which they are every match that passes."""
    newest = _search._newest_matches(conn, match)
    passing = sorted(_passing(conn, q, newest, unblocked), reverse=True)
    cap = _search.COUNT_CAP
    complete = len(newest) <= max(_search.LARGE_MATCH, _search.RANK_WINDOW)  # every match in hand
    if len(passing) > cap or complete:
        return passing, (newest[-1] if newest else 0)
    wanted = cap + 1 - len(passing)
    newest_first = _stops_early(q, newest, len(passing), wanted)
    older = _older(conn, q, match, newest[-1], unblocked, limit=wanted, newest_first=newest_first)
    # newest first, the older ones found continue the newest matches down to the last of them
    return passing + older, min(older) if newest_first and older else newest[-1]


def _stops_early(q: JobQuery, newest: list[int], passing: int, wanted: int) -> bool:
    """Whether to count the older matches newest first: for a page by date posted (newest first,
    :func:`~.search_walk.merged_walk` starts from what they hold) when, at the newest matches'
    density and share passing, the older ones likely hold twice the ``wanted`` (the count stops
    early; a count that reads every match backwards only costs more)."""
    if q.sort != "posted" or not q.descending or len(newest) < 2:
        return False
    share = len(newest) / (newest[0] - newest[-1] + 1)  # of the rowids, matches
    return share * (newest[-1] - 1) * passing / len(newest) >= 2 * wanted
