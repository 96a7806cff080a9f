"""A common word's newest matches on PostgreSQL: walk the newest ids, test the match on each row,
stop at the LIMIT.

Every plan through the GIN index first builds the word's whole bitmap, ~0.2 us a match and
statement: for a word in a fifth of a million jobs ~45 ms before a row is read, and a search issued
two or three such statements (the newest matches, the count, the page). Walking the primary key
newest first and testing the match on each row costs ~6 us a row (its ``tsvector`` is read from
TOAST) but stops after about ``limit`` / (the share of jobs that match and pass the filters) rows,
whatever the table's size. :func:`walk_newest` takes the walk when the planner's estimates say it
is the cheaper one, within a bound of ids (a few times the rows it expects to read), and gives up
(the caller takes the GIN plans) when the bound is reached first: a wrong estimate costs a bounded
read, never a walk of the whole table.

The walk returns exactly what the GIN plans would: the newest ``limit`` matches that pass the
filters, newest first (all of them when there are fewer).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, String, Text, and_, bindparam, case, false, func, literal_column, select
from sqlalchemy.sql.elements import ColumnElement

from jobscraper.store.search import JobQuery
from jobscraper.store.search_pg import SEARCH_CONFIG, tsquery_text
from jobscraper.store.search_pg_estimates import Estimates, estimates, row_filters
from jobscraper.store.search_pg_settings import PlannerSettings
from jobscraper.store.search_pg_sites import SITES_COLUMN, sites_parts
from jobscraper.store.search_pg_table import JOB_SEARCH, unblocked_row

__all__ = [
    "GIN_BITMAP_US",
    "GIN_MATCH_US",
    "SORT_INDEXED",
    "WALK_READ_US",
    "WALK_ROW_US",
    "WALK_TEST_US",
    "filtered_walk_cheaper",
    "walk_newest",
    "walk_sorted",
]

WALK_ROW_US = 6.0
"""A row read by the walk: the primary key's entry, the row, its ``tsvector`` from TOAST, the test.
A row a filter on its own columns rejects costs less (its vector is not read: :func:`_tested`):
:func:`filtered_walk_cheaper` counts that, against a lower bound of the GIN plans' cost."""
GIN_MATCH_US = 1.0
"""A match on the GIN plans: its bitmap entry in each of two or three statements (~0.2 us each)
and, for part of them, its row."""
WALK_READ_US = 0.2
"""A row the walk reads and a filter on the row's own columns rejects (0.2 us at a million jobs;
a location's ``ILIKE`` makes it 0.55)."""
WALK_TEST_US = 4.0
"""A row whose match the walk tests: its ``tsvector`` read from TOAST (~3.4 KB), the test (3-5 us)."""
GIN_BITMAP_US = 0.1
"""A match in the words' GIN bitmap, which every GIN plan builds whole before it reads a row: the
least a GIN plan costs a match (the plans in all: 0.17-0.47 us a match at a million jobs)."""
BOUND = 3  # the walk reads at most this many times the rows it expects to
_OFF = ("enable_bitmapscan", "enable_seqscan", "enable_sort", "jit")  # the key's order, no JIT
_SETTINGS = PlannerSettings(_OFF)
_CONFIG = literal_column(f"'{SEARCH_CONFIG}'::regconfig", Text)
# the query parsed once (an init plan), not on every row the walk tests
_ONCE = select(func.to_tsquery(_CONFIG, bindparam("tsq", type_=String))).scalar_subquery()
_WALK_MATCH = JOB_SEARCH.c.search_vector.bool_op("@@")(_ONCE)
JS = JOB_SEARCH


def _tested(q: JobQuery, unblocked: bool) -> list[ColumnElement[bool]]:
    """``q``'s filters and the text match as the walk's conditions, the match tested only on the
    rows that pass the filters on ``job_search``'s own columns (the source's bits among them).

    Given them side by side, PostgreSQL orders a row's tests by their cost, and ``@@`` costs as
    little as ``=``: it read each row's ``tsvector`` from TOAST before the remote filter's
    ``CASE``. At a million jobs the walk of "sales" remote read 17,200 rows' vectors where 3,850
    pass the filter (53 ms; 21-30 in this order). The probes of other tables (the blocklist, a source
    without a bit of its own) are tested after the match, on fewer rows."""
    columns = row_filters(q, True)
    probes: list[ColumnElement[bool]] = [] if unblocked else [unblocked_row(JS.c.id)]
    if q.source:
        bits, probe = sites_parts(SITES_COLUMN, JS.c.id, q.source)
        columns += [] if bits is None else [bits]
        probes += [] if probe is None else [probe]
    if not columns:
        return [_WALK_MATCH, *probes]
    return [case((and_(*columns), _WALK_MATCH), else_=false()), *probes]


def filtered_walk_cheaper(rows: float, estimated: Estimates) -> bool:
    """A walk that reads ``rows`` costs less than the words' GIN bitmap alone, counting that it
    tests the match only on the rows that pass the filters on their own columns (their share of
    the rows as the estimates' share of the matches that pass every filter). Only a very common
    word with a selective filter passes: at a million jobs "engineer" (407,000 matches) with the
    status "interested" (12,000 of them), whose page by salary took 59-65 ms through the GIN
    index (its bitmap ~40 ms) and 36 ms by the walks. Where the walk's parts cost more than this
    counts (a location's ``ILIKE``), the GIN plans' other costs leave a margin."""
    tested = min(estimated.passing / max(estimated.matches, 1.0), 1.0)
    return rows * (WALK_READ_US + tested * WALK_TEST_US) < estimated.matches * GIN_BITMAP_US


def walk_newest(
    conn: Connection,
    q: JobQuery,
    unblocked: bool,
    top: int | None,
    limit: int,
    estimated: Estimates | None = None,
) -> list[int] | None:
    """The newest ``limit`` matches of ``q`` that pass its filters, newest first (all of them when
    fewer), read by the walk; None when the GIN plans are cheaper or the walk reached its bound
    first. ``top``: the largest id (read by the caller outside any planner settings);
    ``estimated``: :func:`estimates`, when the caller has them."""
    if top is None:
        return []
    top = int(top)
    found = estimated or estimates(conn, q, unblocked)
    matches, passing = found.matches, found.passing
    expected = limit * top / max(passing, 1.0)  # rows the walk reads to find ``limit``
    if expected * WALK_ROW_US >= matches * GIN_MATCH_US and not filtered_walk_cheaper(expected, found):
        return None
    low = top + 1 - int(expected * BOUND) - limit
    stmt = select(JS.c.id).where(*_tested(q, unblocked))
    if low > 1:
        stmt = stmt.where(JS.c.id >= low)
    stmt = stmt.order_by(JS.c.id.desc()).limit(limit)
    ids = _walked(conn, stmt, q)
    if len(ids) < limit and low > 1:  # the bound came first: the estimate was wrong
        return None
    return ids


def _walked(conn: Connection, stmt: Any, q: JobQuery) -> list[int]:
    """The ids ``stmt`` reads with the walk's planner settings (put back after)."""
    previous = _SETTINGS.set(conn)
    try:
        return [int(i) for i in conn.execute(stmt, {"tsq": tsquery_text(q.q)}).scalars().all()]
    finally:
        _SETTINGS.restore(conn, previous)


SORT_INDEXED = {"posted": JS.c.date_posted, "salary": JS.c.salary_annual}
"""The sorts with an index of (their column, id) on ``job_search`` (migrations 0016, 0020): the
page's exact order."""


def walk_sorted(
    conn: Connection,
    q: JobQuery,
    unblocked: bool,
    top: int | None,
    limit: int,
    estimated: Estimates,
) -> list[int] | None:
    """The first ``limit`` matches of ``q`` that pass its filters in the order of its sort column
    (NULLs last, then by id the same way), read by walking the column's ``(column, id)`` index
    over at most a bound of jobs (a few times as many as the estimates expect to read); None
    where the GIN plans are cheaper or that bound came first. For a common match: the caller
    knows there are more than ``limit``."""
    col = SORT_INDEXED[q.sort]
    expected = limit * int(top or 0) / max(estimated.passing, 1.0)
    if expected * WALK_ROW_US >= estimated.matches * GIN_MATCH_US:
        return None
    order = [col.desc(), JS.c.id.desc()] if q.descending else [col.asc().nulls_last(), JS.c.id.asc()]
    first = select(JS.c.id.label("wid"), col.label("wcol"))
    if q.descending:  # a descending page's rows with a value; those without are the GIN plans'
        first = first.where(col.is_not(None))
    if q.sort == "posted" and q.posted_since is not None:
        first = first.where(col >= q.posted_since)
    if q.sort == "salary" and q.min_salary is not None:
        first = first.where(col >= q.min_salary)
    w = first.order_by(*order).limit(int(expected * BOUND) + limit).subquery("w")
    # each job tested by its id (a probe per row; as a join the planner read a filter's index
    # whole, thinking the match cheap, and joined every pair)
    passes = select(JS.c.id).where(JS.c.id == w.c.wid, *_tested(q, unblocked))
    in_order = (
        [w.c.wcol.desc(), w.c.wid.desc()] if q.descending else [w.c.wcol.asc().nulls_last(), w.c.wid.asc()]
    )
    stmt = select(w.c.wid).where(passes.offset(0).exists()).order_by(*in_order).limit(limit)
    ids = _walked(conn, stmt, q)
    return ids if len(ids) == limit else None
