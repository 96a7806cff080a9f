"""A common word's page on SQLite (more than ``LARGE_MATCH`` matches): the matches that pass the
filters are collected only up to ``COUNT_CAP`` + 1, and the page is found by walking the sort's
index (:func:`index_walk_ids`) or by ranking the newest matches (:func:`relevance_ids`).

Split from :mod:`.search`, which calls :func:`large_page` from
:func:`~jobscraper.store.search.search_with`.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, func, select, text
from sqlalchemy.sql.elements import ColumnElement

from jobscraper.store import search as _search  # COUNT_CAP read at call time (tests shrink it)
from jobscraper.store.indexed import indexed_job
from jobscraper.store.search import (
    _FTS,
    _SORT_INDEX,
    JobQuery,
    SearchPage,
    _conditions,
    _CrossJoin,
    _from,
    _newest_matches,
    _offset,
    _order,
    _page,
    _rank_cutoff,
    fts_query,
)
from jobscraper.store.search_facet_table import FACET, facet_split
from jobscraper.store.tables import JOB

__all__ = ["index_walk_ids", "large_page", "relevance_ids", "walk_checks"]


def large_page(conn: Connection, q: JobQuery, match: str, unblocked: bool = False) -> SearchPage:
    """A common word: visiting every match (about a microsecond each) would dominate, so the
    matches that pass the filters are collected only up to ``COUNT_CAP`` + 1.

    - Up to ``COUNT_CAP`` of them: they are all there, so the page is ordered from them and the
      total is exact (this is also the selective-filter case, where walking an index would be slow).
    - More: the total is reported as ``COUNT_CAP`` with ``total_capped`` ("1,000+"); a page sorted
      by a column walks that column's index and stops once the page is full; a page by relevance
      ranks the ``RANK_WINDOW`` newest matches, then continues newest-first.
    """
    if q.sort == "relevance" and fts_query(q.q) is None:  # only a location: newest seen first
        q = q.model_copy(update={"sort": "last_seen", "descending": True})
    ranked = q.sort == "relevance"
    source, rank = _from(q, ranked=ranked, conn=conn)
    if rank is None:  # counted from the newest matches' rowids (in hand) before evaluating it again
        from jobscraper.store.search_sorted import newest_passing, ordered_page

        passing, oldest = newest_passing(conn, q, match, unblocked)  # every passing match from oldest up
        if len(passing) <= _search.COUNT_CAP:
            ids, total = ordered_page(conn, q, passing, unblocked)
            return _page(conn, q, ids, total, capped=False)
        counted = len(passing)
    else:
        collected = (
            select(JOB.c.id.label("hit_id"), rank.label("hit_rank"))
            .select_from(source)
            .where(*_conditions(q, include_blocked=unblocked, probe_source=True))
            .limit(_search.COUNT_CAP + 1)
            .subquery()
        )
        page = (
            select(collected.c.hit_id, func.count().over().label("n"))
            .order_by(collected.c.hit_rank, collected.c.hit_id.desc())
            .limit(q.per_page)
            .offset(_offset(q))
        )
        found = conn.execute(page).all()
        counted = (
            int(found[0].n)
            if found
            else int(conn.execute(select(func.count()).select_from(collected)).scalar_one())
        )
        if counted <= _search.COUNT_CAP:
            return _page(conn, q, [row.hit_id for row in found], counted, capped=False)
    if ranked:
        ids = relevance_ids(conn, q, match, unblocked)
    elif q.sort in _SORT_INDEX:
        ids = index_walk_ids(conn, q, match, unblocked, [i for i in passing if i >= oldest], oldest)
    else:  # title/company: no index to walk; order every match
        hits = (
            select(JOB.c.id)
            .select_from(source)
            .where(*_conditions(q, include_blocked=unblocked, probe_source=True))
        )
        hits = hits.order_by(*_order(q, None)).limit(q.per_page).offset(_offset(q))
        ids = list(conn.execute(hits).scalars())
    total, capped = (_search.COUNT_CAP, True) if counted > _search.COUNT_CAP else (counted, False)
    return _page(conn, q, ids, total, capped=capped)


def index_walk_ids(
    conn: Connection, q: JobQuery, match: str, unblocked: bool, known: list[int], oldest: int
) -> list[int]:
    """The page of a common word sorted by an indexed column: the index walked until the page is
    full, each job's match probed or every match collected first (:mod:`.search_walk`), only among
    the jobs older than ``oldest`` when ``known`` (every match from ``oldest`` up that passes the
    filters) holds the page (:func:`~.search_walk.merged_walk`)."""
    index, column = _SORT_INDEX[q.sort]
    job = indexed_job(index)
    col = job.c[column]
    from jobscraper.store.search_walk import merged_walk, probe_is_cheaper

    in_order = q.descending or q.sort in ("first_seen", "last_seen")  # no NULLs to sort last
    end = _offset(q) + q.per_page
    newest = _newest_matches(conn, match)
    among = sum(1 for i in known if i >= newest[-1])  # of the newest matches: for the walk's plan
    if in_order and probe_is_cheaper(conn, match, newest, among, end):
        # on the facet's id: SQLite asks it after the facet's checks, not of every job walked
        member = (
            select(_FTS.c.rowid)
            .where(text("job_fts MATCH :match").bindparams(match=match), _FTS.c.rowid == FACET.c.id)
            .exists()
        )
        order = [col.desc(), job.c.id.desc()] if q.descending else [col.asc(), job.c.id.asc()]
        walked, conditions = walk_checks(job, q, unblocked)
        probed = select(job.c.id).select_from(walked).where(*conditions, member)  # the probe last
        merged = merged_walk(conn, q, probed, col, known, oldest)
        if merged is not None:
            return merged
        return list(conn.execute(probed.order_by(*order).limit(q.per_page).offset(_offset(q))).scalars())
    matched = select(_FTS.c.rowid).where(text("job_fts MATCH :match").bindparams(match=match))
    from jobscraper.store.search_relevance import _narrowing  # it imports this module

    narrow = _narrowing(conn, q)  # few jobs of the status: only those matches are collected
    if narrow is not None:
        matched = matched.where(narrow)
    # descending walks the index backwards and meets NULLs last, as the one-pass plan orders them;
    # ascending must sort to put NULLs last (the rarer, slower case)
    order = [col.desc(), job.c.id.desc()] if q.descending else [col.asc().nulls_last(), job.c.id.asc()]
    walked, conditions = walk_checks(job, q, unblocked)
    collected = select(job.c.id).select_from(walked).where(job.c.id.in_(matched), *conditions)
    merged = merged_walk(conn, q, collected, col, known, oldest)
    if merged is not None:
        return merged
    return list(conn.execute(collected.order_by(*order).limit(q.per_page).offset(_offset(q))).scalars())


def walk_checks(job: Any, q: JobQuery, unblocked: bool) -> tuple[Any, list[ColumnElement[bool]]]:
    """The sort index's walk (``job``) joined to ``job_facet`` by id, and ``q``'s filters: those the
    facet holds asked there (~0.3 µs a job), the rest of the job (:mod:`.search_facet_table`)."""
    facet_cond, rest = facet_split(q)
    walked = _CrossJoin(job, FACET, FACET.c.id == job.c.id)
    return walked, [*facet_cond, *_conditions(rest, job, include_blocked=unblocked, probe_source=True)]


def relevance_ids(conn: Connection, q: JobQuery, match: str, unblocked: bool = False) -> list[int]:
    matched = text("job_fts MATCH :match").bindparams(match=match)
    cutoff = _rank_cutoff(conn, match)
    window = select(_FTS.c.rowid.label("id"), _FTS.c.rank.label("rank")).where(
        matched, _FTS.c.rowid >= cutoff
    )
    win = window.cte("win")
    ranked_ids = list(
        conn.execute(
            select(JOB.c.id)
            .select_from(_CrossJoin(win, JOB, JOB.c.id == win.c.id))
            .where(*_conditions(q, include_blocked=unblocked, probe_source=True))
            .order_by(win.c.rank, JOB.c.id.desc())
        ).scalars()
    )
    start, stop = _offset(q), _offset(q) + q.per_page
    ids = ranked_ids[start:stop]
    if len(ids) < q.per_page and cutoff:
        rest = select(_FTS.c.rowid.label("id")).where(matched, _FTS.c.rowid < cutoff).cte("rest")
        more = (
            select(JOB.c.id)
            .select_from(_CrossJoin(rest, JOB, JOB.c.id == rest.c.id))
            .where(*_conditions(q, include_blocked=unblocked, probe_source=True))
            .order_by(rest.c.id.desc())
            .limit(q.per_page - len(ids))
            .offset(max(0, start - len(ranked_ids)))
        )
        ids += list(conn.execute(more).scalars())
    return ids
