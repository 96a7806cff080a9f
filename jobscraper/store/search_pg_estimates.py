"""What the PostgreSQL search's plans are chosen from: the planner's estimates of a text search
(:func:`estimates`), read by one ``EXPLAIN`` (no row of ``job`` is read), and which range filters
a plan through the GIN index reads as bitmaps (:func:`fenced_ranges`).

The date posted and the salary are not in the GIN index (:mod:`.search_pg_facets`): without them
as bounds, a plan through it reads every match the index yields from the table and tests them
there (~0.45 us a row). A selective range's btree bitmap (~0.04 us a row) ANDed with the words'
cuts what is read: at a million jobs "docker" posted in the last two days read 9,000 rows where
95,000 (42 ms to 21). A wide range's bitmap costs more than it saves (at 100,000 jobs "java"
posted in the last two weeks, sorted by salary: 112 ms where 44 without), so each range is a
bound only where the estimates say it saves more than its bitmap costs.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from sqlalchemy import Connection, Select, String, bindparam, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.base import Executable
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.elements import ClauseElement, ColumnElement
from sqlalchemy.sql.visitors import InternalTraversal

from jobscraper.store.search import JobQuery, _conditions, _like_escape
from jobscraper.store.search_facets import source_condition
from jobscraper.store.search_list import _UNCOUNTED, counted_select
from jobscraper.store.search_pg import tsquery_text, vector_match
from jobscraper.store.search_pg_table import JOB_SEARCH, unblocked_row
from jobscraper.store.tables import SOURCE

__all__ = [
    "RANGE_ROW_US",
    "READ_ROW_US",
    "Estimates",
    "estimates",
    "fenced_ranges",
    "flagged_select",
    "row_filters",
]

JS = JOB_SEARCH
RANGE_ROW_US = 0.04
"""A row of a range's btree bitmap (``ix_job_search_posted_id``, ``ix_job_search_salary_id``)."""
READ_ROW_US = 0.45
"""A row a bitmap heap scan of ``job_search`` reads and filters."""


def row_filters(q: JobQuery, unblocked: bool) -> list[ColumnElement[bool]]:
    """``q``'s conditions but the text match and the source filter, on ``job_search``
    (``unblocked``: the blocklist has no rule)."""
    plain = q.model_copy(update={"location": None, "source": None})
    where = _conditions(plain, JS, include_blocked=True)
    if not unblocked:
        where.append(unblocked_row(JS.c.id))
    if q.location:
        where.append(JS.c.location.ilike(f"%{_like_escape(q.location[:200])}%", escape="\\"))
    return where


class Estimates(NamedTuple):
    """The planner's estimates of a search (:func:`estimates`)."""

    matches: float
    """the jobs that match the words"""
    passing: float
    """those that pass every filter"""
    read: float = 0.0
    """those that pass every filter but the date posted and the salary: the rows a plan through
    the GIN index reads from the table when no range is a bound (:func:`fenced_ranges`)"""
    jobs: float = 0.0
    """the rows of ``job_search``"""
    ranges: tuple[tuple[str, Any, float], ...] = ()
    """each range filter of the query: (its column, its least value, the rows it holds)"""


class _Explain(Executable, ClauseElement):
    """``EXPLAIN (FORMAT JSON)`` of a statement, run as a statement of its own so that SQLAlchemy
    caches its compiled form by the statement's shape: compiling the estimates' statement anew
    took about a third of their ~1.9 ms a search."""

    _traverse_internals = [("statement", InternalTraversal.dp_clauseelement)]  # noqa: RUF012  (SQLAlchemy's)

    def __init__(self, statement: ClauseElement) -> None:
        self.statement = statement


@compiles(_Explain, "postgresql")
def _compile_explain(element: _Explain, compiler: SQLCompiler, **kw: Any) -> str:
    explained = compiler.process(element.statement, **kw)
    # the result is the plan's one column: not the statement's columns, which a cached compiled
    # form would otherwise map onto each new statement's (SQLAlchemy's "adapt to context")
    compiler._result_columns = []
    return f"EXPLAIN (FORMAT JSON) {explained}"


def _plan_rows(plan: dict[str, Any]) -> list[float]:
    """The row estimates of the statement's init plans, in order (each a plain ``SELECT``: under
    ``count(*)`` a large table's plan was parallel, and its top row count that of the workers)."""
    return [float(sub["Plan Rows"]) for sub in plan.get("Plans", []) if "Subplan Name" in sub]


def _ranges(q: JobQuery) -> list[tuple[str, Any]]:
    """``q``'s range filters with an index on ``job_search``: (column, least value)."""
    found: list[tuple[str, Any]] = []
    if q.posted_since is not None:
        found.append(("date_posted", q.posted_since))
    if q.min_salary is not None:
        found.append(("salary_annual", q.min_salary))
    return found


def flagged_select(q: JobQuery) -> Select[Any]:
    """How many jobs ``job_count`` counts with ``q``'s flags, status and remote filter (exact):
    what :func:`estimates` scales the planner's guesses by."""
    counting = counted_select(q.model_copy(update=dict.fromkeys(_UNCOUNTED)))
    assert counting is not None  # none of the filters it cannot count is left
    return counting


def estimates(conn: Connection, q: JobQuery, unblocked: bool, flagged: int | None = None) -> Estimates:
    """The planner's estimates of ``q``'s matches, of those that pass its filters, of the rows a
    plan through the GIN index reads, and of its range filters' rows. The planner cannot estimate
    two filters: the remote one (an expression; it guessed 0.5 % of the rows for a third of them)
    and the source probe (it guesses half); the share of the jobs ``job_count`` counts with
    ``q``'s flags, status and remote filter (exact: ``flagged``, read here when not given,
    :func:`flagged_select`) and the site's share among the sources stand in for them."""
    match = vector_match(bindparam("tsq", tsquery_text(q.q), type_=String))
    counted = select(JS.c.id)
    flags = {"archived": "include", "closed": "include", "include_hidden": True, "favorites": False}
    rest = q.model_copy(update={**flags, "status": None, "remote": None, "source": None})
    parts = {
        "matches": counted.where(match),
        "passing": counted.where(match, *row_filters(rest, unblocked)),
        "jobs": counted,  # summing all of job_count read its every row
    }
    if q.source:
        parts["site"] = select(SOURCE.c.job_id).where(source_condition(q.source))
        parts["sources"] = select(SOURCE.c.job_id)
    ranges = _ranges(q)
    if ranges:
        unranged = rest.model_copy(update={"posted_since": None, "min_salary": None})
        parts["read"] = counted.where(match, *row_filters(unranged, unblocked))
        for column, value in ranges:
            parts[column] = counted.where(JS.c[column] >= value)
    plan = conn.execute(_Explain(select(*(part.scalar_subquery() for part in parts.values())))).scalar_one()
    rows = dict(zip(parts, _plan_rows(plan[0]["Plan"]), strict=True))
    share = rows["site"] / max(rows["sources"], 1.0) if q.source else 1.0
    if flagged is None:
        flagged = int(conn.execute(flagged_select(q)).scalar_one())
    scale = share * min(flagged / max(rows["jobs"], 1.0), 1.0)
    passing = rows["passing"] * scale
    read = max(rows["read"] * scale, passing) if ranges else passing
    found = tuple((column, value, rows[column]) for column, value in ranges)
    return Estimates(rows["matches"], passing, read, rows["jobs"], found)


def fenced_ranges(estimated: Estimates) -> tuple[list[tuple[str, Any]], float]:
    """The range filters a plan through the GIN index should read as bitmaps, most selective
    first, each where its bitmap costs less than the rows it saves reading; and the rows that
    plan then reads (its estimate)."""
    read, chosen = estimated.read, []
    for column, value, rows in sorted(estimated.ranges, key=lambda found: found[2]):
        share = min(rows / max(estimated.jobs, 1.0), 1.0)
        if rows * RANGE_ROW_US < read * (1.0 - share) * READ_ROW_US:
            chosen.append((column, value))
            read = max(read * share, estimated.passing)
    return chosen, read
