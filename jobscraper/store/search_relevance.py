"""A page of a text search sorted by relevance (SQLite), with one FTS5 evaluation (two for a
common word and selective filters) where :func:`~jobscraper.store.search.search_with` made up to
five.

Evaluating a common prefix costs ~30 ms on a million jobs (FTS5 merges the doclists of every word
it begins), and the one-pass and large-match plans evaluated the match for the ranked window, for
the older matches and again for the page. Here the match is evaluated once for its newest
matches (up to ``LARGE_MATCH``, what :func:`~jobscraper.store.search._newest_matches` reads); the
filters run on those ids by primary key (``job_facet``, ``ix_job_filter``), the bm25 of those of
the ``RANK_WINDOW`` newest that pass is asked (:func:`_newest_ranked`), and the order is made here. Only a
match with more than ``LARGE_MATCH`` jobs whose newest matches hold too few that pass the filters
evaluates it again (older matches, counted up to ``COUNT_CAP``), as does a page beyond them.
A large match checks the ranked window's jobs first: when more than ``COUNT_CAP`` of them pass and
the page lies among them, the page and the capped total are settled without checking the other
newest matches (3,000 of 5,001 at a million jobs: ~3 ms).

The pages and totals are :func:`~jobscraper.store.search.search_with`'s: the ``RANK_WINDOW``
newest matches ordered by bm25 (ties: newest first), then the older ones newest first; the exact
total up to ``LARGE_MATCH`` matches, above it counted up to ``COUNT_CAP`` ("1,000+").
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Connection, Integer, column, func, select, text

from jobscraper.store import search as _search
from jobscraper.store.search import (
    _FTS,
    JobQuery,
    SearchPage,
    _page,
    raw_rows,
)
from jobscraper.store.search_facet_table import checked_join
from jobscraper.store.tables import JOB_COUNT

__all__ = ["relevance_page"]


def _ids_table(ids: list[int]) -> Any:
    """``ids`` as a table of one column ``id`` (a JSON array read by ``json_each``: one parameter,
    however many ids)."""
    stmt = text("SELECT value AS id FROM json_each(:ids)").bindparams(ids=json.dumps(ids))
    return stmt.columns(column("id", Integer)).subquery()


def _passing(conn: Connection, q: JobQuery, ids: list[int], unblocked: bool) -> set[int]:
    """Which of ``ids`` pass ``q``'s filters (looked up by id in ``ix_job_filter``)."""
    if not ids:
        return set()
    table = _ids_table(ids)
    joined, where = checked_join(table, q, include_blocked=unblocked)
    return set(conn.execute(select(table.c.id).select_from(joined).where(*where)).scalars())


NARROW_SHARE = 8  # a status or the favourites narrow the older matches when 1/8 of the jobs or fewer


def _narrowing(conn: Connection, q: JobQuery) -> Any:
    """A condition on ``job_fts.rowid`` that keeps only the jobs of ``q``'s status (or the
    favourites) when few jobs have it (``job_count``, kept by triggers, says how many), else None.

    Counting a common word's older matches that pass a selective filter visits every match, and
    looking each up in ``ix_job_filter`` (a million entries) was most of the cost (~0.5 µs a match:
    70 ms for 150k matches at 1M jobs); the status's ids read once from its index (27k: ~6 ms) and
    probed from memory halve it. The full filters still run on what remains. ``+rowid``: the
    condition stays out of FTS5, which would re-evaluate the match for every id."""
    count = JOB_COUNT.c
    if q.status is not None:
        which, params = count.status == q.status.value, {"narrow": q.status.value}
        narrow = "+job_fts.rowid IN (SELECT id FROM job INDEXED BY ix_job_status WHERE status = :narrow)"
    elif q.favorites:
        which, params = count.favorite.is_(True), {}
        narrow = "+job_fts.rowid IN (SELECT id FROM job INDEXED BY ix_job_favorite WHERE favorite = 1)"
    else:
        return None
    few = select(func.sum(count.n).filter(which), func.sum(count.n))  # jobs with it, all jobs
    have, every = conn.execute(few).one()
    return text(narrow).bindparams(**params) if (have or 0) * NARROW_SHARE <= (every or 0) else None


def _older(conn: Connection, q: JobQuery, match: str, below: int, unblocked: bool, **page: int) -> list[int]:
    """Matches older than rowid ``below`` that pass the filters: ``limit`` of them (any, for a
    count), or newest first from ``offset`` when ``ordered``.

    ``newest_first`` orders a count too: the matches it finds and those above ``below`` are then
    every passing match from the last one it found up, which a page sorted by date can start
    from (:func:`~.search_walk.merged_walk`). Only when asked: FTS5 reads a doclist backwards
    more slowly (+5 ms for 150,000 matches at a million jobs), a loss where the count reads them
    all."""
    matched = text("job_fts MATCH :match").bindparams(match=match)
    narrow = _narrowing(conn, q)
    where = [matched, _FTS.c.rowid < below, *([] if narrow is None else [narrow])]
    hits = select(_FTS.c.rowid.label("id")).where(*where).subquery("older")
    joined, checks = checked_join(hits, q, include_blocked=unblocked)
    stmt = select(hits.c.id).select_from(joined).where(*checks)
    if page.get("ordered") or page.get("newest_first"):
        stmt = stmt.order_by(hits.c.id.desc()).offset(page.get("offset", 0))
    return [int(i) for i in conn.execute(stmt.limit(page["limit"])).scalars()]


def _newest_ranked(
    conn: Connection, q: JobQuery, match: str, unblocked: bool
) -> tuple[list[int], set[int], dict[int, float]]:
    """The newest matches' rowids (as :func:`~jobscraper.store.search._newest_matches` reads them),
    those that pass ``q``'s filters (all of them up to ``LARGE_MATCH`` matches, else those of
    the ranked window: the ``RANK_WINDOW`` newest), and the bm25 (lower is better) of the window's
    jobs that pass.

    Without a prefix term (the usual case once :mod:`.search_terms` has made the prefixes ORs of
    words) the newest matches stream cheaply, so they are read alone, the window's jobs are
    checked, and only those that pass are ranked (bm25 costs ~2-4 µs a row besides a fixed part
    per statement; a location's words or a selective filter leave a quarter to a half of the
    window: 2-6 ms less at a million jobs). A bm25 does not depend on which rows a statement
    ranks (it weighs by the whole index's statistics), so the ranks are the same. A prefix term
    left as it is costs a merge of doclists (~20-30 ms for a common one) per evaluation: then
    the newest matches and the ranks come from one evaluation, ranking the 3,000 older rowids
    too (~3 ms)."""
    window = _search.RANK_WINDOW
    limit = max(_search.LARGE_MATCH, window) + 1
    if "*" not in match:
        newest = _search._newest_matches(conn, match)
        passing = _checked(conn, q, newest, unblocked)
        keep = sorted(i for i in newest[:window] if i in passing)
        if not keep:
            return newest, passing, {}
        scored = raw_rows(
            conn,
            "SELECT rowid, rank FROM job_fts WHERE job_fts MATCH ? AND rowid BETWEEN ? AND ? "
            "AND +rowid IN (SELECT value FROM json_each(?))",  # checked before bm25 is asked
            (match, keep[0], keep[-1], json.dumps(keep)),
        )
        return newest, passing, {int(rowid): float(rank) for rowid, rank in scored}
    rows = raw_rows(
        conn,
        "SELECT rowid, rank FROM job_fts WHERE job_fts MATCH ? ORDER BY rowid DESC LIMIT ?",
        (match, limit),
    )
    newest = [int(rowid) for rowid, _ in rows]
    key = (conn.get_transaction(), match, limit)
    if key[0] is not None:  # what _newest_matches would have read, for the rest of the transaction
        conn.info["jobscraper_newest_matches"] = (key, list(newest))
    passing = _checked(conn, q, newest, unblocked)
    return newest, passing, {int(r): float(rank) for r, rank in rows[:window] if int(r) in passing}


def _checked(conn: Connection, q: JobQuery, newest: list[int], unblocked: bool) -> set[int]:
    """Which of the newest matches pass ``q``'s filters: every one when they are all the matches,
    else those of the ranked window (a large match may settle its page there)."""
    if len(newest) > _search.LARGE_MATCH:
        return _passing(conn, q, newest[: _search.RANK_WINDOW], unblocked)
    return _passing(conn, q, newest, unblocked)


def relevance_page(conn: Connection, q: JobQuery, match: str, unblocked: bool) -> SearchPage:
    """The page of ``q`` (a text query sorted by relevance) and its total; see the module."""
    newest, passing, ranks = _newest_ranked(conn, q, match, unblocked)
    start, stop = (q.page - 1) * q.per_page, q.page * q.per_page
    large = len(newest) > _search.LARGE_MATCH
    cap = _search.COUNT_CAP
    ranked = sorted(ranks, key=lambda i: (ranks[i], -i))  # the window's jobs that pass
    window = set(newest[: _search.RANK_WINDOW])
    if large:  # the window checked first: more than the cap passing there and the page in it settle it
        if len(ranked) > cap and stop <= len(ranked):
            return _page(conn, q, ranked[start:stop], cap, capped=True)
        passing |= _passing(conn, q, [i for i in newest if i not in window], unblocked)
    rest = [i for i in newest if i in passing and i not in window]  # newest first already
    if not large:  # every match is in hand: an exact total
        return _page(conn, q, (ranked + rest)[start:stop], len(passing), capped=False)
    if len(passing) <= cap:  # count on among the older matches, up to the cap
        older = _older(conn, q, match, newest[-1], unblocked, limit=cap + 1 - len(passing))
        if len(passing) + len(older) <= cap:  # all of them: an exact total
            ids = (ranked + rest + sorted(older, reverse=True))[start:stop]
            return _page(conn, q, ids, len(passing) + len(older), capped=False)
    ids = (ranked + rest)[start:stop]
    if len(ids) < q.per_page:  # the page goes on among the older matches, newest first
        skip = max(0, start - len(ranked) - len(rest))
        ids += _older(
            conn, q, match, newest[-1], unblocked, limit=q.per_page - len(ids), offset=skip, ordered=True
        )
    return _page(conn, q, ids, cap, capped=True)
