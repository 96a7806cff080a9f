"""Text search as ranked job ids: what :func:`~jobscraper.store.search.search_jobs` would list for a
relevance-sorted query, without reading the rows — for callers that re-rank the matches (the hybrid
search of :mod:`jobscraper.matching.hybrid`).

:func:`ranked_ids` returns the first ``limit`` ids in exactly ``search_jobs``'s order and its
``total``/``total_capped``: bm25 over the newest ``RANK_WINDOW`` FTS5 matches, then the older ones
newest first, every filter applied (on PostgreSQL: ts_rank_cd over the ``PG_RANK_WINDOW`` newest
matches, then the older ones newest first, :mod:`.search_pg_page`).
:func:`text_matches` says which of some jobs are matches of the same query and filters.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import Connection, func, select, text

from jobscraper.store import search as _search
from jobscraper.store.search import (
    JobQuery,
    _conditions,
    _from,
    _matches_more_than,
    filtered_select,
    hits_select,
    match_expression,
)
from jobscraper.store.search_large import relevance_ids
from jobscraper.store.search_terms import expanded
from jobscraper.store.tables import JOB

__all__ = ["RankedIds", "ranked_ids", "text_matches"]

_CHUNK = 500  # ids per IN list


@dataclass(frozen=True)
class RankedIds:
    """The first ids of a relevance-sorted search, best first, and its total (as ``SearchPage``)."""

    ids: list[int]
    total: int
    capped: bool


def ranked_ids(conn: Connection, q: JobQuery, limit: int) -> RankedIds:
    """The first ``limit`` jobs of ``q`` sorted by relevance (``q.sort``, ``q.page`` and
    ``q.per_page`` are ignored), as :func:`~jobscraper.store.search.search_with` orders them."""
    window = q.model_copy(update={"sort": "relevance", "page": 1, "per_page": max(limit, 1)})
    dialect = conn.dialect.name
    if dialect == "postgresql":
        from jobscraper.store.search_pg_page import ranked_page  # it imports search

        if (on_pg := ranked_page(conn, window, limit)) is not None:
            return RankedIds(*on_pg)
    match = match_expression(window) if dialect == "sqlite" else None
    match = expanded(conn, match) if match is not None else None
    if match is not None and _matches_more_than(conn, match, _search.LARGE_MATCH):
        # a common word: counted up to COUNT_CAP, as search_large.large_page does
        source = _from(window, ranked=False, conn=conn)[0]
        passing = select(JOB.c.id).select_from(source).where(*_conditions(window))
        counted = int(
            conn.execute(
                select(func.count()).select_from(passing.limit(_search.COUNT_CAP + 1).subquery())
            ).scalar_one()
        )
        ids = relevance_ids(conn, window, match)[:limit]
        capped = counted > _search.COUNT_CAP
        return RankedIds(ids, _search.COUNT_CAP if capped else counted, capped)
    found = conn.execute(hits_select(conn, window, limit=max(limit, 1), offset=0)).all()
    total = int(found[0].total) if found else 0
    return RankedIds([int(row.hit_id) for row in found][:limit], total, False)


def text_matches(conn: Connection, q: JobQuery, ids: Collection[int]) -> set[int]:
    """Which of ``ids`` match ``q`` (its text query and its filters).

    On SQLite the FTS5 matches (the words and the location's) are read whole, rowids only, and
    intersected here — asking FTS5 about a list of rowids evaluates the match once per rowid,
    hundreds of times slower — then the filters run on what is left, by primary key."""
    wanted = set(ids)
    sqlite = conn.dialect.name == "sqlite"
    match = match_expression(q) if sqlite else None
    if match is not None and wanted:
        match = expanded(conn, match)
        matched = conn.execute(text("SELECT rowid FROM job_fts WHERE job_fts MATCH :m"), {"m": match})
        wanted.intersection_update(matched.scalars())
    found: set[int] = set()
    ordered = sorted(wanted)
    for start in range(0, len(ordered), _CHUNK):
        chunk = ordered[start : start + _CHUNK]
        if sqlite:  # the text and the location's words are checked above; _conditions does the rest
            statement = select(JOB.c.id).where(JOB.c.id.in_(chunk), *_conditions(q))
        else:
            statement = filtered_select(q, [JOB.c.id], conn.dialect.name).where(JOB.c.id.in_(chunk))
        found.update(int(job_id) for job_id in conn.execute(statement).scalars())
    return found
