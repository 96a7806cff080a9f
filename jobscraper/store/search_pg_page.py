"""A page of the job search on PostgreSQL, with the SQLite path's limits on what one query costs.

One query that ranked every match (``ts_rank_cd`` reads each match's ``tsvector``, kept out of
line: ~5 us a row), counted them all (``count(*) OVER ()``) and sorted them took 350-550 ms for a
common word on 100k jobs and grew with the matches. Here, as in :mod:`.search_relevance` and
:mod:`.search_list` on SQLite:

- the total is exact up to ``COUNT_CAP`` matches, else ``COUNT_CAP`` with ``total_capped``
  ("1,000+"): matches are read up to ``COUNT_CAP`` + 1 and no further; a list without words
  keeps its exact total, from ``job_count`` when its filters allow
  (:func:`~.search_list.counted_total`);
- by relevance only the ``PG_RANK_WINDOW`` newest matches that pass the filters are ranked (best
  first, equal ranks newest first); older matches follow, newest first. The newest are looked for
  among the newest ids first (:func:`_newest`), so a common word reads a few thousand rows;
- a list sorted by a column walks the column's index and stops once the page is full.
  PostgreSQL puts NULLs after every value ascending but before them descending, so a descending
  page (unknown salary or date last, as on SQLite) is read as the rows with a value, then those
  without. A common word's page is looked for among the jobs first in the sort's order first
  (:func:`_top_matches`); a rarer word's matches (up to ``COUNT_CAP``) are sorted.

Each plan through the GIN index builds the word's whole bitmap first (~0.2 us a match), which
grows with the table: where the planner's estimates say it is cheaper, a common word's newest
matches are read by walking the newest ids instead (:mod:`.search_pg_walk`), with the same result.
A last word (a prefix) that stands for one or two words is matched as those words spelt out
(:func:`~.search_pg.spelled_tsquery`): the index collects a prefix's keys into a bitmap of their
own first (at a million jobs "python": 12.8 ms as a word, 20.0 as a prefix).

The planner does not know that testing the match on a row reads its ``tsvector`` (it costs
``@@`` like ``=``), so left alone it tested it row by row along a filter's index or the primary
key where the GIN index's bitmap was 5-40x faster: :func:`_planner` and a fenced subquery
(:func:`_matches`) choose the plan.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache
from typing import Any, NamedTuple

from sqlalchemy import Connection, Select, String, Subquery, bindparam, func, null, select
from sqlalchemy.dialects.postgresql import ARRAY, BIGINT
from sqlalchemy.sql.elements import ColumnElement

from jobscraper.store import search as _search
from jobscraper.store.search import JobQuery, SearchPage, _conditions, _like_escape, _page, _where
from jobscraper.store.search_list import blocklist_empty, counted_total
from jobscraper.store.search_pg import (
    last_word,
    prefix_words,
    search_rank,
    spelled_tsquery,
    tsquery_text,
    vector_match,
)
from jobscraper.store.search_pg_estimates import Estimates, estimates, fenced_ranges, flagged_select
from jobscraper.store.search_pg_facets import FACETS, facet_conditions
from jobscraper.store.search_pg_settings import PlannerSettings
from jobscraper.store.search_pg_sites import sites_condition
from jobscraper.store.search_pg_table import JOB_SEARCH, LOCATIONS, unblocked_row
from jobscraper.store.search_pg_walk import SORT_INDEXED, filtered_walk_cheaper, walk_newest, walk_sorted
from jobscraper.store.tables import BLOCKED, JOB

__all__ = ["PG_RANK_WINDOW", "Opening", "opening", "pg_ranked", "pg_search", "ranked_page"]

# search.py's sort columns, and relevance without words: newest seen first
_SORT_COLUMNS: dict[str, Any] = {"relevance": JOB.c.last_seen, **_search._SORT_COLUMNS}
_IDS = bindparam("ids", type_=ARRAY(BIGINT))
PG_RANK_WINDOW = 500
"""The newest matches ranked by ``ts_rank_cd`` (``RANK_WINDOW`` on SQLite): ranking reads each
match's ``tsvector`` from its out-of-line storage, ~5 us a match where bm25 costs ~1 us."""
FIRST_SPAN = 16  # the newest matches are first looked for among this many times as many newest ids
MIN_SPAN = 1024  # and among at least this many
GROWTH = 3  # then among this many times as many older ids, while too few pass
FIRST_RANGE = 1.5  # the first range: this many times the ids expected to hold COUNT_CAP + 1 passing
_OFF = (
    "enable_seqscan",
    "enable_indexscan",
    "jit",
    "work_mem",
    "cpu_tuple_cost",
    "max_parallel_workers_per_gather",
)
# a common word's bitmap kept exact: at 1M jobs a word in a fifth of them overflowed the default
# 4 MB, the bitmap went lossy, and the match was tested again on every row of its pages (~3 s).
# A row the heap scan reads costs ten times the default: where the match is not in the bitmap it
# is tested on the row, its tsvector read from TOAST (~3 us, which the planner does not count), so
# on job_search's narrow rows the planner took an id range's bitmap alone and tested 110,000 rows
# (300 ms) where ANDing it with the words' bitmap read 18,000 (40 ms).
# No parallel workers: each is a new process that maps the shared buffers it reads page by page.
# At a million jobs "rust" remote sorted by date read 13,000 rows in a parallel bitmap heap scan
# with two workers in 45-53 ms, alone in 33 (on 2 cores; on more, no faster: the words' bitmap
# is built by one process).
_VALUES = {"work_mem": "64MB", "cpu_tuple_cost": "0.1", "max_parallel_workers_per_gather": "0"}
_IN_PLANNER = "jobscraper_pg_planner"  # conn.info: the settings are off
_SETTINGS = PlannerSettings(_OFF, _VALUES)
SORT_SPAN = 8192  # a page sorted by a column is first looked for among this many jobs
WIDE = 8
"""A range of ids or sort values is a bound only while it holds under 1/WIDE of the ids: for the
most common word ('engineer': half the jobs) the planner took the range's bitmap alone from about
a fifth of the table up (100k jobs: 16,000 newest ids 10 ms, 24,000 130 ms)."""
_TOP = select(func.max(JOB.c.id))
_NONE = Estimates(0.0, 0.0, 0.0)  # an empty table's
_INDEXED = ("posted", "salary", "first_seen", "last_seen")  # sorts with an index on their column


def _offset(q: JobQuery) -> int:
    return (q.page - 1) * q.per_page


class Opening(NamedTuple):
    """What a search by words reads first (:func:`opening`)."""

    top: int | None
    """the largest id (None: no job)"""
    unblocked: bool
    """the blocklist has no rule, so its condition is left out"""
    flagged: int
    """the jobs ``job_count`` counts with the query's flags (:func:`~.search_pg_estimates.flagged_select`)"""
    matched: str | None
    """the ``to_tsquery`` input the GIN plans match with: the words, the last one spelt out
    (:func:`~.search_pg.spelled_tsquery`); None without a word"""


def opening(conn: Connection, q: JobQuery) -> Opening:
    """The largest id, whether the blocklist is empty, the jobs with ``q``'s flags and the words
    ``q``'s last word is a prefix of, read in one statement: four, one round trip each, cost
    ~0.5 ms of every search. Read outside any :func:`_planner` block (its settings turn ``max(id)``
    into a read of the whole table)."""
    empty = ~select(BLOCKED.c.id).exists()
    last, flagged = last_word(q.q), flagged_select(q).scalar_subquery()
    words = null() if last is None else prefix_words()
    row = conn.execute(select(_TOP.scalar_subquery(), empty, flagged, words), {"last": last}).one()
    matched = spelled_tsquery(q.q, row[3])
    return Opening(None if row[0] is None else int(row[0]), bool(row[1]), int(row[2]), matched)


def pg_search(conn: Connection, q: JobQuery) -> SearchPage:
    """:func:`~jobscraper.store.search.search_with` on PostgreSQL."""
    offset = _offset(q)
    if tsquery_text(q.q) is None:
        unblocked = blocklist_empty(conn)  # no rule: the blocklist's condition is left out
        where = _where(q, "postgresql", include_blocked=unblocked)
        total = counted_total(conn, q) if unblocked and not q.location else None
        if total is None:
            total = int(conn.execute(select(func.count()).select_from(JOB).where(*where)).scalar_one())
        ids = [] if total <= offset else _sorted_ids(conn, q, where, q.per_page, offset)
        return _page(conn, q, ids, total, capped=False)
    if "\x00" in f"{q.location}{q.source}":  # no PostgreSQL text holds a NUL: nothing matches
        return _page(conn, q, [], 0, capped=False)
    opened = opening(conn, q)
    if q.sort == "relevance":
        ids, total, capped = pg_ranked(conn, q, offset + q.per_page, opened)
        return _page(conn, q, ids[offset:], total, capped=capped)
    with _matching(q, opened):
        return _sorted_page(conn, q, opened, offset)


def _sorted_page(conn: Connection, q: JobQuery, opened: Opening, offset: int) -> SearchPage:
    """:func:`pg_search`'s page of ``q`` (with words) sorted by a column."""
    cap, top, unblocked = _search.COUNT_CAP, opened.top, opened.unblocked
    estimated = _estimates(conn, q, opened)
    counting = (cap + 1) * int(top or 0) / max(estimated.passing, 1.0)  # rows the walk reads to count
    # few rows to read: sort them all, count them alike; unless the words' bitmap alone costs more
    if _rows_read(estimated) <= SORT_ALL_UP_TO and not filtered_walk_cheaper(counting, estimated):
        found = _sorted_all(conn, q, unblocked, offset, estimated)
        if found is not None:
            ids, total = found
            return _page(conn, q, ids, min(total, cap), capped=total > cap)
    first = walk_newest(conn, q, unblocked, top, cap + 1, estimated)
    if first is None:
        with _fence_filters(conn, q, estimated), _planner(conn):  # up to COUNT_CAP + 1, in the table's order
            stmt, params = _matches(q, unblocked)
            first = list(conn.execute(stmt.order_by(None).limit(cap + 1), params).scalars().all())
    if len(first) > cap:  # a common match: a page of them among the jobs first in the sort's order
        page: list[int] | None = None
        if q.sort in SORT_INDEXED:  # the sort's (column, id) index, where walking it is cheaper
            page = walk_sorted(conn, q, unblocked, top, offset + q.per_page, estimated)
        if page is None:
            with _fence_filters(conn, q, estimated):
                page = _top_matches(conn, q, unblocked, q.per_page, offset)
        else:
            page = page[offset:]
        return _page(conn, q, page, cap, capped=True)
    ordered = select(JOB.c.id).where(JOB.c.id == func.any(_IDS)).order_by(*_order(q))
    ids = list(conn.execute(ordered.limit(q.per_page).offset(offset), {"ids": first}).scalars().all())
    return _page(conn, q, ids, len(first), capped=False)


SORT_ALL_UP_TO = 20_000
"""A page sorted by a column is one statement, every match that passes the filters sorted and
counted (``count(*) OVER ()``), when the planner's estimates expect it to read at most this many
rows (:func:`_sorted_all`, :func:`_rows_read`). A date posted or salary filter that is not a
bound is tested on each row read: at a million jobs "kubernetes python" paid 130,000 or more
read 50,000 rows for 20,000 (53 ms, where counting 1,001 of them and walking the date's index
took 30)."""


def _rows_read(estimated: Estimates) -> float:
    """The rows a plan through the GIN index reads from the table (the estimate): fewer where
    :func:`_fence_filters` makes range filters bounds."""
    return fenced_ranges(estimated)[1] if estimated.matches >= FENCED_FILTERS_FROM else estimated.read


def _sorted_all(
    conn: Connection, q: JobQuery, unblocked: bool, offset: int, estimated: Estimates
) -> tuple[list[int], int] | None:
    """The page of ``q`` (sorted by a column) and how many match and pass its filters, from one
    statement through the GIN index; None for a page past the last (the count is then unknown).

    Otherwise the matches were read twice, each time building the words' GIN bitmap (~15-25 ms at
    a million jobs for a common word): up to ``COUNT_CAP`` + 1 of them to count, then the page,
    or a walk of the sort column's index that tested the match on each row. Where the GIN
    index's scan yields few rows, reading and sorting them all costs less than the second bitmap
    or the walk."""
    with _fence_filters(conn, q, estimated), _planner(conn):
        stmt, params = _matches(q, unblocked, sort=q.sort)
        counted = stmt.add_columns(func.count().over()).limit(q.per_page).offset(offset)
        rows = conn.execute(counted, params).all()
    if not rows:
        return None if offset else ([], 0)
    return [int(row[0]) for row in rows], int(rows[0][1])


Bound = tuple[str, str, Any]
"""A bound of the fenced subquery: (``job``'s column, ``id+0`` for the id as a filter, or
``facets`` for the GIN index's facets (:mod:`.search_pg_facets`); ``ge``, ``le``, ``lt``, ``eq``,
``ilike``, ``in``, ``contains`` or ``overlap``; the value)."""
_OPS: dict[str, Callable[[Any, Any], ColumnElement[bool]]] = {
    "ge": operator.ge,
    "le": operator.le,
    "lt": operator.lt,
    "eq": operator.eq,
    "ilike": lambda column, value: column.ilike(value, escape="\\"),
    "in": lambda column, value: column == func.any(value),
    "contains": lambda column, value: column.contains(value),
    "overlap": lambda column, value: column.overlap(value),
}


FENCED_FILTERS_FROM = 5_000
"""The indexed filters are bounds of the fenced subquery only for a word the planner expects in
this many jobs or more (:func:`_fence_filters`). For a rarer word the planner took a filter's
bitmap alone and tested the match on each of its rows (its ``tsvector`` read from TOAST, which it
does not count): at 10,000 jobs 'nurse' posted in the last month, 7,000 rows tested for 1,100
matches, 100 ms where the words' bitmap alone took 3; reading all of a rarer word's matches costs
little anyway. Down from 20,000, which left two words the planner underestimates unfenced: at a
million jobs "javascript c++" (estimated 14,700 matches, 28,900 in fact) in Seattle read every
match to test its location, 60 ms, where the locations' bitmap ANDed with the words' took 29; at
100k jobs the location searches of a word in 5,000-20,000 jobs halved (e.g. "product" in
Montreal 23.5 -> 10.4 ms). Of the bench's 200 queries none got slower by more than the runs'
spread (4 ms at a million jobs, 2 at 100k; one that once measured 6 ms slower took the same
plan and time when traced)."""
_MATCHED: ContextVar[tuple[str | None, str | None]] = ContextVar(
    "jobscraper_pg_matched", default=(None, None)
)
"""(a query's text, the ``to_tsquery`` input :func:`_matches` matches it with): :func:`_matching`."""
_FENCED_FILTERS: ContextVar[tuple[bool, list[str] | None, list[tuple[str, Any]]]] = ContextVar(
    "jobscraper_pg_fenced_filters", default=(False, None, [])
)
MAX_LOCATIONS = 1000
"""A location filter is read as the btree bitmap of the locations it matches while they are at
most this many (each an index descent); past that, as the trigram index's bitmap."""


@contextmanager
def _fence_filters(conn: Connection | None, q: JobQuery, estimated: Estimates) -> Iterator[None]:
    """Within the block, :func:`_matches` fences the indexed filters with the words when the
    planner's estimate of the word's matches (``estimated.matches``) is ``FENCED_FILTERS_FROM`` or
    more; a location filter then as the locations it matches (read here from ``job_location``, up
    to ``MAX_LOCATIONS``; ``conn`` None: as its substring), and the range filters where their
    bitmaps save more than they cost (:func:`~.search_pg_estimates.fenced_ranges`)."""
    fence = estimated.matches >= FENCED_FILTERS_FROM
    locations = _locations(conn, q) if fence and conn is not None else None
    token = _FENCED_FILTERS.set((fence, locations, fenced_ranges(estimated)[0] if fence else []))
    try:
        yield
    finally:
        _FENCED_FILTERS.reset(token)


def _locations(conn: Connection, q: JobQuery) -> list[str] | None:
    """The locations ``q``'s location filter matches, or None without one or past
    ``MAX_LOCATIONS``. Exactly the jobs whose location is one of them pass the filter: every
    job's location is in ``job_location``."""
    if not q.location:
        return None
    pattern = f"%{_like_escape(q.location[:200])}%"
    matching = select(LOCATIONS.c.location).where(LOCATIONS.c.location.ilike(pattern, escape="\\"))
    found = list(conn.execute(matching.limit(MAX_LOCATIONS + 1)).scalars().all())
    return found if len(found) <= MAX_LOCATIONS else None


@contextmanager
def _matching(q: JobQuery, opened: Opening) -> Iterator[None]:
    """Within the block, :func:`_matches` matches ``q``'s words as ``opened.matched`` (the last
    word spelt out: the same jobs, a cheaper GIN scan)."""
    token = _MATCHED.set((q.q, opened.matched))
    try:
        yield
    finally:
        _MATCHED.reset(token)


def _tsquery(q: JobQuery) -> str | None:
    """The ``to_tsquery`` input :func:`_matches` matches ``q`` with (:func:`_matching`)."""
    text, matched = _MATCHED.get()
    return matched if matched is not None and text == q.q else tsquery_text(q.q)


def _indexed_filters(q: JobQuery) -> tuple[Bound, ...]:
    """``q``'s filters that an index of ``job_search`` answers as a bitmap (the status; the
    location's substring by the trigram index of migrations 0018 and 0020), as bounds of the
    fenced subquery: the planner ANDs their bitmaps with the GIN index's, so only the jobs that
    match and pass them are read (at a million jobs a word in a fifth of them read ~200,000 rows,
    ~0.4 s, for a status or a city's few hundred). The date posted and the salary are bounds
    only where the estimates chose them (:mod:`.search_pg_estimates`)."""
    bounds: list[Bound] = [(column, "ge", value) for column, value in _FENCED_FILTERS.get()[2]]
    if q.status is not None:
        bounds.append(("status", "eq", q.status.value))
    locations = _FENCED_FILTERS.get()[1]
    if locations is not None:  # exact: the btree's bitmap, no row tested again (:func:`_locations`)
        bounds.append(("location", "in", locations))
    elif q.location:
        bounds.append(("location", "ilike", f"%{_like_escape(q.location[:200])}%"))
    return tuple(bounds)


@lru_cache(maxsize=64)
def _fenced(shape: tuple[tuple[str, str], ...]) -> Subquery:
    """The fenced subquery of :func:`_matches` for bounds of this shape, built once: its values
    are the parameters ``tsq`` and ``b0``, ``b1``… (building it and its 60-odd columns anew took
    ~1 ms of Python per statement, and SQLAlchemy hashed it again each time)."""
    conditions = [vector_match(bindparam("tsq", type_=String))]
    for i, (name, op) in enumerate(shape):
        column = JOB_SEARCH.c.id if name == "id+0" else FACETS if name == "facets" else JOB_SEARCH.c[name]
        value = bindparam(f"b{i}", type_=ARRAY(column.type) if op == "in" else column.type)
        conditions.append(_OPS[op](column + 0 if name == "id+0" else column, value))
    fenced = select(*JOB_SEARCH.c).where(*conditions).offset(0).subquery("m")
    assert fenced.c.id is not None  # the column collection, built here once
    return fenced


def _matches(
    q: JobQuery, unblocked: bool, *bounds: Bound, sort: str | None = None
) -> tuple[Select[Any], dict[str, Any]]:
    """The ids of ``q``'s matches within ``bounds``, newest first (``sort``: in the
    order of that column, NULLs last, then by id the same way), read through
    the GIN index's bitmap only: the text match and ``bounds`` are the only conditions of a fenced
    subquery (``OFFSET 0``), the filters apply to its rows. Given the filters too, the planner
    took a filter's index (a date, a status) and tested the text match on each of its rows.
    The filters an index answers are bounds too for a common word (:func:`_fence_filters`).
    Returns the statement and the parameters to execute it with."""
    fence_filters = _FENCED_FILTERS.get()[0]
    # the remote and source filters as the GIN index's facets: only the jobs that pass are read
    bounds = (*bounds, *(("facets", op, facets) for op, facets in facet_conditions(q.remote, q.source)))
    bounds = (*bounds, *_indexed_filters(q)) if fence_filters else bounds
    fenced = _fenced(tuple((name, op) for name, op, _ in bounds))
    params = {"tsq": _tsquery(q)} | {f"b{i}": value for i, (_, _, value) in enumerate(bounds)}
    indexed = ("location", "source", "status") if fence_filters else ("location", "source")
    where = _conditions(q.model_copy(update=dict.fromkeys(indexed)), fenced, include_blocked=True)
    if not unblocked:
        where.append(unblocked_row(fenced.c.id))
    if q.location and not fence_filters:
        where.append(fenced.c.location.ilike(f"%{_like_escape(q.location[:200])}%", escape="\\"))
    if q.source:
        where.append(sites_condition(fenced.c.sites, fenced.c.id, q.source))
    if sort is None:
        return select(fenced.c.id).where(*where).order_by(fenced.c.id.desc()), params
    col = fenced.c[_SORT_COLUMNS[sort].name]
    if q.descending:
        order = [col.desc().nulls_last(), fenced.c.id.desc()]
    else:
        order = [col.asc().nulls_last(), fenced.c.id.asc()]
    return select(fenced.c.id).where(*where).order_by(*order), params


def _top_matches(conn: Connection, q: JobQuery, unblocked: bool, limit: int, offset: int) -> list[int]:
    """``limit`` ids from ``offset`` of a common match's page sorted by a column: first among the
    ``SORT_SPAN`` jobs first in that order (their bound read from the column's index; ties at the
    bound included), the GIN index's bitmap ANDed with the column's range, then, if too few of
    them match, among all the matches. Walking the column's index instead read every job of the
    first date (thousands share one) and tested the match on each: 25-50 ms at 100k jobs."""
    col, bound = _SORT_COLUMNS[q.sort], None
    if q.sort in _INDEXED:  # read from the column's index alone (and the table's size: max id)
        order = col.desc() if q.descending else col.asc()
        first = select(col).where(col.is_not(None)).order_by(order).offset(SORT_SPAN).limit(1)
        bound, top = conn.execute(select(first.scalar_subquery(), _TOP.scalar_subquery())).one()
        if top is not None and int(top) <= SORT_SPAN * WIDE:
            bound = None  # the range is most of the table: the planner tested the match on its rows
    with _planner(conn):
        if bound is not None:
            within = (col.name, "ge" if q.descending else "le", bound)
            page, params = _matches(q, unblocked, within, sort=q.sort)
            ids = list(conn.execute(page.limit(offset + limit), params).scalars().all())
            if len(ids) == offset + limit:
                return ids[offset:]
        page, params = _matches(q, unblocked, sort=q.sort)
        return list(conn.execute(page.limit(limit).offset(offset), params).scalars().all())


@contextmanager
def _planner(conn: Connection) -> Iterator[None]:
    """Within the block, the text match is read through the GIN index's bitmap. The planner does
    not count reading each row's
    ``tsvector`` (out of line, ~5 us) for a plan that tests the match row by row — a scan of the
    table or along an index —, so for a common word it took them: 30-50 ms at 100k jobs where the
    bitmap of the newest ids took 7. JIT is off too: a fenced subquery with a source probe is
    costed past ``jit_above_cost`` and compiling it took ~20 ms of a 5 ms query.

    One statement reads the settings and sets them, one puts them back (three per block cost
    ~1 ms a search in round trips); a block inside a block changes nothing."""
    if conn.info.get(_IN_PLANNER):
        yield
        return
    previous = _SETTINGS.set(conn)
    conn.info[_IN_PLANNER] = True
    try:
        yield
    finally:
        conn.info.pop(_IN_PLANNER, None)
        _SETTINGS.restore(conn, previous)


def _newest(conn: Connection, q: JobQuery, unblocked: bool, n: int) -> tuple[list[int], int, int | None]:
    """The ``n`` newest matches of ``q`` (fewer when there are fewer), newest first; how many
    matches the ids it read hold; and the id below which it did not read (None: it read them all).

    First among the ``FIRST_SPAN * n`` newest ids, the primary key's bitmap of that range ANDed
    with the GIN index's, so only the matches in the range are read (~1.5 us each); while too few
    pass, among the next ``GROWTH`` times as many ids (selective filters on a large table read
    the matches of a few ranges, not every older match); a range that would hold ``1/WIDE`` of
    the ids or more is read as all the older ids, through the GIN index alone (the id a filter,
    not an index condition: over a large range the planner takes the primary key's bitmap alone
    and tests the match on every row of it, ~5 us each: 8,000 of 10,000 jobs 25 ms)."""
    return _newest_below(conn, q, unblocked, n, conn.execute(_TOP).scalar())


def _newest_below(
    conn: Connection, q: JobQuery, unblocked: bool, n: int, top: int | None, first: int = 0
) -> tuple[list[int], int, int | None]:
    """:func:`_newest` given the largest id (read outside the planner block: the planner settings
    turn ``max(id)`` into a read of the whole table); ``first``: the first range's ids at least."""
    if top is None:
        return [], 0, None
    top = int(top)
    found: list[int] = []
    seen, high, span = 0, top + 1, max(n * FIRST_SPAN, MIN_SPAN, first)  # ids from high up are read
    counted = func.count().over()
    with _planner(conn):
        while True:
            low = high - span
            if span * WIDE < top and low > 1:
                bounds: tuple[Bound, ...] = (("id", "ge", low), ("id", "lt", high))
            else:  # the rest (no range over most of the table: see above)
                low, bounds = 1, (("id+0", "lt", high),) if high <= top else ()
            stmt, params = _matches(q, unblocked, *bounds)
            rows = conn.execute(stmt.add_columns(counted).limit(n - len(found)), params).all()
            found, seen = found + [int(r[0]) for r in rows], seen + (int(rows[0][1]) if rows else 0)
            if low <= 1:
                return found, seen, None
            if len(found) >= n:
                return found, seen, low
            high, span = low, span * GROWTH


def _capped_count(
    conn: Connection, q: JobQuery, unblocked: bool, *bounds: Bound, counted: int = 0
) -> tuple[int, bool]:
    """``counted`` and the matches within ``bounds``, counted up to ``COUNT_CAP`` + 1 in all:
    (the total, whether it is capped)."""
    cap = _search.COUNT_CAP
    stmt, params = _matches(q, unblocked, *bounds)
    first = stmt.order_by(None).limit(max(cap + 1 - counted, 0)).subquery()
    with _planner(conn):
        counted += int(conn.execute(select(func.count()).select_from(first), params).scalar_one())
    return (cap, True) if counted > cap else (counted, False)


def ranked_page(conn: Connection, q: JobQuery, limit: int) -> tuple[list[int], int, bool] | None:
    """:func:`pg_ranked` for :func:`~jobscraper.store.search_ranked.ranked_ids` (the hybrid
    search's words, in :func:`pg_search`'s order): None for a query without words."""
    if tsquery_text(q.q) is None:
        return None
    if "\x00" in f"{q.location}{q.source}":
        return [], 0, False
    return pg_ranked(conn, q, limit)


def pg_ranked(
    conn: Connection, q: JobQuery, limit: int, opened: Opening | None = None
) -> tuple[list[int], int, bool]:
    """The first ``limit`` matches of ``q`` by relevance to its words, and the total (exact, or
    ``COUNT_CAP`` and capped): the ``PG_RANK_WINDOW`` newest ranked (best first, equal ranks
    newest first), then the older ones newest first. A common word's are read by one walk of the
    newest ids (:func:`~.search_pg_walk.walk_newest`: the newest ``COUNT_CAP`` + 1 hold the
    window, the count and the older ones). ``opened``: :func:`opening`, read here if not given."""
    opened = opening(conn, q) if opened is None else opened
    with _matching(q, opened):
        return _ranked_page(conn, q, limit, opened)


def _ranked_page(conn: Connection, q: JobQuery, limit: int, opened: Opening) -> tuple[list[int], int, bool]:
    """:func:`pg_ranked` given :func:`opening`."""
    window, cap = PG_RANK_WINDOW, _search.COUNT_CAP
    top, unblocked = opened.top, opened.unblocked
    estimated = _estimates(conn, q, opened)
    walked = walk_newest(conn, q, unblocked, top, max(cap + 1, limit), estimated)
    if walked is not None:
        newest = walked[:window]
        ids = _ranked(conn, q, newest)
        if len(ids) < limit and len(newest) == window:
            ids += walked[window:limit]
        return ids[:limit], min(len(walked), cap), len(walked) > cap
    with _fence_filters(conn, q, estimated), _planner(conn):  # settings read, set, put back once
        # a first range expected to hold COUNT_CAP + 1 passing matches: each range builds the
        # word's whole GIN bitmap again, so a selective filter's few ranges cost most of a search
        first = int(FIRST_RANGE * (cap + 1) * int(top or 0) / max(estimated.passing, 1.0))
        newest, seen, low = _newest_below(conn, q, unblocked, window, top, first)
        if low is None or seen > cap:  # every match counted, or more than the cap
            total, capped = min(seen, cap), seen > cap
        else:
            total, capped = _capped_count(conn, q, unblocked, ("id+0", "lt", low), counted=seen)
        ids = _ranked(conn, q, newest)
        if len(ids) < limit and len(newest) == window:
            older, params = _matches(q, unblocked, ("id+0", "lt", newest[-1]))
            ids += list(conn.execute(older.limit(limit - len(ids)), params).scalars().all())
    return ids[:limit], total, capped


def _estimates(conn: Connection, q: JobQuery, opened: Opening) -> Estimates:
    """The planner's estimates of ``q`` (none for an empty table)."""
    if opened.top is None:
        return _NONE
    return estimates(conn, q, opened.unblocked, opened.flagged)


def _ranked(conn: Connection, q: JobQuery, newest: list[int]) -> list[int]:
    """``newest`` by ``ts_rank_cd`` to ``q``'s words, best first (equal ranks newest first)."""
    rank = search_rank(q.q)
    assert rank is not None  # the caller's query has words
    scored = select(JOB_SEARCH.c.id, rank.label("rank")).where(JOB_SEARCH.c.id == func.any(_IDS))
    ranks: dict[int, float] = {}
    if newest:
        ranks = {int(job_id): float(rank) for job_id, rank in conn.execute(scored, {"ids": newest}).all()}
    return sorted(newest, key=lambda i: (ranks.get(i, 0.0), -i))


def _order(q: JobQuery) -> list[Any]:
    col = _SORT_COLUMNS[q.sort]
    if q.descending or q.sort == "relevance":
        return [col.desc().nulls_last(), JOB.c.id.desc()]
    return [col.asc().nulls_last(), JOB.c.id.asc()]


def _sorted_ids(
    conn: Connection, q: JobQuery, where: list[ColumnElement[bool]], limit: int, offset: int
) -> list[int]:
    """``limit`` ids from ``offset`` in the order of ``q``'s sort column (NULLs last either way,
    then by id the same way), each part a query the column's index can answer with a ``LIMIT``."""
    col = _SORT_COLUMNS[q.sort]
    descending = q.descending or q.sort == "relevance"
    if not descending:  # ascending NULLS LAST is the index's own order
        stmt = select(JOB.c.id).where(*where).order_by(*_order(q)).limit(limit).offset(offset)
        return list(conn.execute(stmt).scalars().all())
    valued = select(JOB.c.id).where(*where, col.is_not(None)).order_by(col.desc(), JOB.c.id.desc())
    ids = list(conn.execute(valued.limit(limit).offset(offset)).scalars().all())
    if len(ids) == limit:
        return ids
    skip = 0
    if not ids and offset:  # the page starts among the rows without a value: past how many with one
        counted = select(func.count()).select_from(JOB).where(*where, col.is_not(None))
        skip = max(0, offset - int(conn.execute(counted).scalar_one()))
    unvalued = select(JOB.c.id).where(*where, col.is_(None)).order_by(JOB.c.id.desc())
    return ids + list(conn.execute(unvalued.limit(limit - len(ids)).offset(skip)).scalars().all())
