"""A common word's page sorted by a column (SQLite): probe each job the sort's index meets, or
collect every match first — whichever the newest matches say is cheaper.

:func:`~jobscraper.store.search_large.index_walk_ids` walks the sort column's index and stops once the
page is full. How it knows a job is a match:

- *collect*: ``job.id IN (SELECT rowid FROM job_fts WHERE job_fts MATCH …)`` reads every match
  into a temporary index first (~0.15 µs a match: 60 ms for ``engineer*``'s 400k at 1M jobs);
- *probe*: ``EXISTS (… MATCH … AND rowid = job.id)`` asks FTS5 about each job that passed the
  other filters (55-95 µs a word of the expression at 1M jobs: FTS5 seeks the word in every segment of the
  index). Only where every prefix is an OR of words (:mod:`.search_terms`): a prefix term merges
  all its doclists for each probe (~25 ms).

The newest matches (in hand) estimate both: the share of jobs that match (``len(newest)`` over the
rowids they span) and the share of matches that pass the filters. Probing costs about
``page_end / (share × passing)`` index rows and ``page_end / share`` probes; collecting, the
estimated matches. The page is the same either way: one SQL order.

A page by date posted (newest first) needs neither for most of its jobs: :func:`merged_walk`
starts from the matches already known to pass and walks only among older jobs posted later than
the page's last (usually none: a day holds ~40,000 jobs at a million).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Select, func, select

from jobscraper.store.tables import JOB

__all__ = ["merged_walk", "probe_is_cheaper"]

ROW_US = 4.0  # a job of the sort's index read and checked against the filters
PROBE_US = 80.0  # an FTS5 lookup by rowid, per word of the expression (55-95 measured)
COLLECT_US = 0.13  # a match read into the IN list's temporary index


def probe_is_cheaper(conn: Connection, match: str, newest: list[int], passing: int, page_end: int) -> bool:
    """Whether probing each job beats collecting the matches of ``match`` for a page ending at
    ``page_end``, given its ``newest`` matches (newest first) of which ``passing`` pass the filters."""
    if "*" in match or len(newest) < 2 or passing <= 0:
        return False
    share = len(newest) / (newest[0] - newest[-1] + 1)  # of the jobs, in the newest matches' span
    passed = passing / len(newest)
    words = max(1, match.count('"') // 2)
    probe = page_end / (share * passed) * ROW_US + page_end / share * PROBE_US * words
    jobs = int(conn.execute(select(func.max(JOB.c.id))).scalar_one() or 0)
    return probe < share * jobs * COLLECT_US


def merged_walk(
    conn: Connection, q: Any, walk: Select[Any], column: Any, candidates: list[int], oldest: int
) -> list[int] | None:
    """The page of ``q`` (sorted by date posted, newest first) from the matches already known to
    pass — ``candidates``: every passing match of rowid ``oldest`` or newer — and the older ones
    ``walk`` meets; None for another order, or when the candidates cannot settle it (fewer than
    the page's end, or the last of them without a date): the caller then walks it all.

    ``walk`` is the index walk (``SELECT job.id … WHERE <filters, the match>``, unordered). Here it
    is asked only for jobs older than ``oldest`` posted after the ``end``-th candidate: an older
    job posted the same day sorts after it (ties go by id, descending), so only a later day can
    enter the page. Dates are days: at a million jobs a common word's newest passing matches hold
    the page's day among them (~40,000 jobs a day) and no older job is posted later, so the walk
    that probed hundreds of jobs (20-30 ms) finds nothing at once (~12 ms in all). It stops as
    soon as the next older job it finds sorts after the page (its rows are read one at a time).
    A salary rarely ties, so there the walk meets older jobs about as before and the candidates'
    order only added to it (2-4 ms): salaries keep the plain walk."""
    from jobscraper.store.search_facet_table import FACET  # search imports this module
    from jobscraper.store.search_relevance import _ids_table

    end = q.page * q.per_page
    if q.sort != "posted" or not q.descending or len(candidates) < end:
        return None
    table = _ids_table(candidates)
    key = FACET.c.date_posted
    top = conn.execute(
        select(FACET.c.id, key)
        .select_from(table.join(FACET, FACET.c.id == table.c.id))
        .order_by(key.desc().nulls_last(), FACET.c.id.desc())
        .limit(end)
    ).all()
    page = [(row[1], int(row[0])) for row in top]
    if len(page) < end or page[-1][0] is None:  # a NULL last: every older job with a value is above
        return None
    job_id = walk.selected_columns[0]
    older = (
        walk.add_columns(column)
        .where(column > page[-1][0], job_id < oldest)
        .order_by(column.desc(), job_id.desc())
        .limit(end)
    )
    found = conn.execute(older)
    try:
        for job, value in found:
            entry = (value, int(job))
            if entry < page[-1]:  # this and every later one sort after the page
                break
            page = sorted([*page, entry], reverse=True)[:end]
    finally:
        found.close()
    return [job for _, job in page[(q.page - 1) * q.per_page :]]
