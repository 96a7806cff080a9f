"""Reading jobs: full-text search (SQLite FTS5; ``tsvector`` on PostgreSQL, see
:mod:`.search_pg`) with filters, sort and pagination.

The user's query string never reaches FTS5 syntax: :func:`fts_query` keeps only word tokens
(letters, digits, ``+`` and ``#`` so "c++" and "c#" are searchable), quotes each one, ANDs them
and makes the last a prefix (search-as-you-type). Everything else — quotes, ``*``, ``NEAR(``,
``'; DROP TABLE`` — is just punctuation between tokens. At most ``MAX_TOKENS`` tokens are used.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import (
    Column,
    Connection,
    Float,
    Integer,
    MetaData,
    Select,
    Table,
    and_,
    bindparam,
    false,
    func,
    literal,
    select,
    text,
    union_all,
)
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.selectable import Join

from jobscraper.errors import InputError, NotFound
from jobscraper.models import JobStatus
from jobscraper.store.blocklist import not_blocked
from jobscraper.store.db import Database
from jobscraper.store.search_facets import source_condition
from jobscraper.store.search_list import FILTER_INDEX, SORT_INDEX, blocklist_empty
from jobscraper.store.search_new import new_conditions
from jobscraper.store.search_pg import text_conditions, text_rank
from jobscraper.store.search_shapes import JobPublic, SearchPage, SourcePublic
from jobscraper.store.search_terms import expanded
from jobscraper.store.tables import JOB, SOURCE
from jobscraper.store.work_mode import work_mode_sql

__all__ = [
    "MAX_TOKENS",
    "RANK_WINDOW",
    "STORE_SORTS",
    "JobPublic",
    "JobQuery",
    "SearchPage",
    "SortKey",
    "SourcePublic",
    "filtered_select",
    "fts_match_count",
    "fts_query",
    "get_job",
    "hits_select",
    "search_jobs",
]

MAX_TOKENS = 32
RANK_WINDOW = 2000  # newest matches ranked by bm25; see _from
LARGE_MATCH = 5000  # more text matches than this take search_large.large_page
COUNT_CAP = 1000  # search_large.large_page counts up to this many
_UNRANKED = 1e300  # bm25 is negative, lower is better: unranked matches sort after all ranked ones
_TOKEN = re.compile(r"[\w+#]+")

SortKey = Literal["relevance", "posted", "salary", "first_seen", "last_seen", "title", "company", "fit"]
"""How a list of jobs can be ordered. ``fit`` (best fit to the active profile first) is the matching
layer's to rank (:mod:`jobscraper.matching.job_fit`): :func:`search_jobs` refuses it."""
STORE_SORTS: tuple[SortKey, ...] = (
    "relevance",
    "posted",
    "salary",
    "first_seen",
    "last_seen",
    "title",
    "company",
)
"""The orders the store's search itself can give."""


def _location_match(location: str | None) -> str | None:
    """The location filter as an FTS column filter (words, the last a prefix), or None."""
    if not location:
        return None
    tokens = [t for t in _TOKEN.findall(location.lower()) if t.strip("_")][:MAX_TOKENS]
    if not tokens:
        return None
    quoted = [f'location : "{t}"' for t in tokens]
    quoted[-1] += "*"
    return " AND ".join(quoted)


def match_expression(q: JobQuery) -> str | None:
    """The FTS5 MATCH for ``q``: its words, and its location's words narrowing the candidates
    (the location's substring test still runs on the rows that remain)."""
    parts = [m for m in (fts_query(q.q), _location_match(q.location)) if m]
    return " AND ".join(f"({m})" for m in parts) if parts else None


def fts_query(query: str | None) -> str | None:
    """The FTS5 MATCH expression for a user's query, or None when it has no searchable word."""
    if not query:
        return None
    tokens = [t for t in _TOKEN.findall(query.lower()) if t.strip("_")][:MAX_TOKENS]
    if not tokens:
        return None
    quoted = [f'"{t}"' for t in tokens]
    quoted[-1] += "*"
    return " ".join(quoted)


class JobQuery(BaseModel):
    """Filters, sort and page for listing jobs. Every field is optional."""

    model_config = ConfigDict(extra="forbid")

    q: str | None = Field(None, description="full-text query over title, company, description, skills")
    remote: bool | None = Field(
        None, description="only remote (true) or only not-remote (false) jobs, by work_mode (store.work_mode)"
    )
    min_salary: float | None = Field(None, ge=0, description="annualised salary at least this")
    location: str | None = Field(None, description="location has these words (the last may be a prefix)")
    posted_since: date | None = None
    source: str | None = Field(
        None,
        description="seen on this source: a board (linkedin, …), an ATS kind (greenhouse, …), a career "
        "page's host, or 'company' (any of the companies' own pages); GET /api/jobs/sources lists them",
    )
    status: JobStatus | None = None
    favorites: bool = Field(False, description="only favourites")
    archived: Literal["exclude", "include", "only"] = "exclude"
    closed: Literal["exclude", "include", "only"] = Field(
        "exclude", description="jobs a liveness check found closed (jobscraper.store.liveness)"
    )
    include_hidden: bool = False
    first_seen_after: datetime | None = Field(None, description="only jobs first seen after this moment")
    run: int | None = Field(None, ge=1, description="only the jobs this run found new (store.search_new)")
    sort: SortKey = "relevance"
    descending: bool = True
    page: int = Field(1, ge=1)
    per_page: int = Field(25, ge=1, le=500)


_LIST_COLUMNS = [JOB.c[name] for name in JobPublic.model_fields if name != "sources"]
_LIST_NAMES = tuple(column.name for column in _LIST_COLUMNS)
# A page's rows by id, built once: building it per page (with its cache key over the ids) cost
# about what running it did (issue 18).
_PAGE_ROWS = select(*_LIST_COLUMNS).where(JOB.c.id.in_(bindparam("ids", expanding=True)))


def _like_escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


_BLOCK_CONDITIONS: dict[int, tuple[Any, ColumnElement[bool]]] = {}


def _not_blocked(job: Any) -> ColumnElement[bool]:
    """:func:`not_blocked` for ``job``, built once per table or alias: building it anew took about
    4 ms of Python per query (and as long again for SQLAlchemy to hash the statement)."""
    hit = _BLOCK_CONDITIONS.get(id(job))
    if hit is None or hit[0] is not job:
        hit = _BLOCK_CONDITIONS[id(job)] = (job, not_blocked(job))
    return hit[1]


def _conditions(
    q: JobQuery, job: Any = JOB, *, include_blocked: bool = False, probe_source: bool = False
) -> list[ColumnElement[bool]]:
    """The filters of ``q`` on ``job``. ``probe_source``: the source filter as a probe of the
    ``(site, job_id)`` index per job (for a text match's few candidates) rather than the site's
    whole id list, which a common site (a fifth of a million jobs) made 20-40 ms to build."""
    # the company blocklist applies to every query but an export that asks for blocked jobs
    cond: list[ColumnElement[bool]] = [] if include_blocked else [_not_blocked(job)]
    if q.archived == "exclude":
        cond.append(job.c.archived_at.is_(None))
    elif q.archived == "only":
        cond.append(job.c.archived_at.is_not(None))
    if q.closed == "exclude":
        cond.append(job.c.closed_at.is_(None))
    elif q.closed == "only":
        cond.append(job.c.closed_at.is_not(None))
    if not q.include_hidden:
        cond.append(job.c.hidden.is_(False))
    if q.remote is not None:  # one definition of remote: the list and the card show the same
        mode = work_mode_sql(job)
        cond.append(mode == "remote" if q.remote else mode != "remote")
    if q.min_salary is not None:
        cond.append(job.c.salary_annual >= q.min_salary)
    if q.location:
        cond.append(job.c.location.like(f"%{_like_escape(q.location[:200])}%", escape="\\"))
    if q.posted_since is not None:
        cond.append(job.c.date_posted >= q.posted_since)
    if q.source and probe_source:
        seen = select(SOURCE.c.job_id).where(source_condition(q.source), SOURCE.c.job_id == job.c.id)
        cond.append(seen.exists())
    elif q.source:
        # not correlated: the site's job ids are read once from the (site, job_id) index
        cond.append(job.c.id.in_(select(SOURCE.c.job_id).where(source_condition(q.source))))
    if q.status is not None:
        cond.append(job.c.status == q.status.value)
    if q.favorites:
        cond.append(job.c.favorite.is_(True))
    cond += new_conditions(q.first_seen_after, q.run, job)
    return cond


class _CrossJoin(Join):
    """``a CROSS JOIN b ON …``: SQLite keeps the written order (full-text matches first, then the
    job rows by primary key) instead of guessing from a filter index, which without statistics
    can mean re-running the full-text match for every row of a large index range."""

    inherit_cache = True


@compiles(_CrossJoin)
def _compile_cross_join(element: _CrossJoin, compiler: Any, **kw: Any) -> str:
    kw["asfrom"] = True
    left = compiler.process(element.left, **kw)
    right = compiler.process(element.right, **kw)
    if element.right is JOB and compiler.dialect.name == "sqlite":
        right += f" INDEXED BY {FILTER_INDEX}"  # the filters' columns, not the wide rows (0012)
    return f"{left} CROSS JOIN {right} ON {compiler.process(element.onclause, **kw)}"


_SORT_INDEX = SORT_INDEX
_SORT_COLUMNS = {
    "posted": JOB.c.date_posted,
    "salary": JOB.c.salary_annual,
    "first_seen": JOB.c.first_seen,
    "last_seen": JOB.c.last_seen,
    "title": JOB.c.title,
    "company": JOB.c.company,
}


_FTS = Table("job_fts", MetaData(), Column("rowid", Integer), Column("rank", Float))


def _order(q: JobQuery, rank: ColumnElement[Any] | None) -> list[Any]:
    desc = q.descending
    if q.sort == "relevance":
        if rank is not None:  # bm25: lower is better
            return [rank, JOB.c.id.desc()]
        return [JOB.c.last_seen.desc(), JOB.c.id.desc()]
    col = _SORT_COLUMNS[q.sort]
    primary = col.desc().nulls_last() if desc else col.asc().nulls_last()
    return [primary, JOB.c.id.desc() if desc else JOB.c.id.asc()]


def _newest_matches(conn: Connection, match: str) -> list[int]:
    """The rowids of ``match``'s newest matches, newest first: up to one more than the larger of
    ``LARGE_MATCH`` and ``RANK_WINDOW``.

    One FTS5 evaluation answers both questions a search asks before its main query — more than
    ``LARGE_MATCH`` matches? which rowid starts the ranked window? — and a common prefix costs
    ~30 ms to evaluate on a million jobs (FTS5 merges the doclists of every word it begins), so
    asking twice cost that twice. Remembered for the rest of the transaction (one snapshot, one
    answer)."""
    limit = max(LARGE_MATCH, RANK_WINDOW) + 1
    key = (conn.get_transaction(), match, limit)
    known = conn.info.get("jobscraper_newest_matches")
    if key[0] is not None and known is not None and known[0] == key:
        return list(known[1])
    rowids = [int(r) for (r,) in raw_rows(conn, _NEWEST, (match, limit))]
    if key[0] is not None:
        conn.info["jobscraper_newest_matches"] = (key, rowids)
    return rowids


_NEWEST = "SELECT rowid FROM job_fts WHERE job_fts MATCH ? ORDER BY rowid DESC LIMIT ?"


def raw_rows(conn: Connection, sql: str, params: tuple[Any, ...]) -> list[Any]:
    """The rows of a fixed SQLite statement (``?`` parameters), fetched by the driver itself on
    ``conn``'s connection (in its transaction): SQLAlchemy's result wraps each row (~0.3 µs), and a
    search fetches 5,001 rowids of its match before anything else (~1.7 ms of 3.2 at a million)."""
    driver: Any = conn.connection.driver_connection
    return list(driver.execute(sql, params).fetchall())


def _rank_cutoff(conn: Connection | None, match: str) -> int:
    """The rowid of the ``RANK_WINDOW``-th newest match (0 when there are fewer, or no connection)."""
    if conn is None:
        return 0
    newest = _newest_matches(conn, match)
    return newest[RANK_WINDOW - 1] if len(newest) >= RANK_WINDOW else 0


def _from(
    q: JobQuery, *, ranked: bool, conn: Connection | None = None
) -> tuple[Any, ColumnElement[Any] | None]:
    """The FROM clause for ``q`` and the rank column (None when there is no text query).

    bm25 costs about a microsecond per match, so a common word over a large database would spend
    tens of milliseconds ranking. Only the ``RANK_WINDOW`` newest matches are ranked (bm25 still
    uses the statistics of the whole index); older matches follow them, newest first.
    """
    match = match_expression(q)
    ranked = ranked and fts_query(q.q) is not None  # a location alone is a filter, not a ranking
    if match is None:
        return JOB, None
    if conn is not None:
        match = expanded(conn, match)
    matched = text("job_fts MATCH :match").bindparams(match=match)
    if not ranked:
        hits = select(_FTS.c.rowid.label("id")).where(matched).cte("hits")
        return _CrossJoin(hits, JOB, JOB.c.id == hits.c.id), None
    cutoff = _rank_cutoff(conn, match)
    scored = select(_FTS.c.rowid.label("id"), _FTS.c.rank.label("rank")).where(
        matched, _FTS.c.rowid >= cutoff
    )
    if cutoff:
        rest = select(_FTS.c.rowid.label("id"), literal(_UNRANKED).label("rank")).where(
            matched, _FTS.c.rowid < cutoff
        )
        hits = union_all(scored, rest).cte("hits")
    else:
        hits = scored.cte("hits")
    return _CrossJoin(hits, JOB, JOB.c.id == hits.c.id), hits.c.rank


def _where(
    q: JobQuery, dialect: str, *, include_blocked: bool = False, probe_source: bool = False
) -> list[ColumnElement[bool]]:
    """The filters; without FTS5 (PostgreSQL) the text query and the location too (:mod:`.search_pg`)."""
    if dialect == "sqlite":
        return _conditions(q, include_blocked=include_blocked, probe_source=probe_source)
    if "\x00" in f"{q.location}{q.source}":  # no PostgreSQL text holds a NUL: nothing matches
        return [false()]
    unlocated = q.model_copy(update={"location": None})
    return [*_conditions(unlocated, include_blocked=include_blocked), *text_conditions(q.q, q.location)]


def filtered_select(
    q: JobQuery, columns: list[Any], dialect: str = "sqlite", *, include_blocked: bool = False
) -> Select[Any]:
    """``SELECT columns FROM job`` restricted to ``q``'s text match and filters (unsorted), on a
    ``dialect`` database; jobs the company blocklist blocks only with ``include_blocked`` (an export)."""
    source = _from(q, ranked=False)[0] if dialect == "sqlite" else JOB
    stmt = select(*columns).select_from(source)
    conditions = _where(q, dialect, include_blocked=include_blocked)
    return stmt.where(and_(*conditions)) if conditions else stmt


def search_jobs(db: Database, q: JobQuery) -> SearchPage:
    """One page of jobs matching ``q`` and the total number of matches."""
    with db.reader() as conn:
        return search_with(conn, q)


def search_with(conn: Connection, q: JobQuery) -> SearchPage:
    """:func:`search_jobs` on an open connection (for callers that hold one).

    Usually one pass finds the page's ids, their order and the exact total (a window count),
    touching only the columns the filters and sort need; the page's rows are read afterwards by
    id. A text query matching more than ``LARGE_MATCH`` jobs takes
    :func:`~.search_large.large_page` instead.
    """
    if q.sort not in STORE_SORTS:
        raise InputError(
            f"sort={q.sort}: the job search cannot order by it; ranking by fit to a profile is the "
            "matching layer's (jobscraper.matching.job_fit.ranked_page)"
        )
    dialect = conn.dialect.name
    if dialect == "postgresql":  # tsvector and its own plans (search_pg_page)
        from jobscraper.store.search_pg_page import pg_search  # it imports this module

        return pg_search(conn, q)
    unblocked = blocklist_empty(conn)  # no rule: the blocklist's condition is left out
    match = match_expression(q) if dialect == "sqlite" else None
    if match is None and dialect == "sqlite":
        from jobscraper.store.search_list_page import list_page  # it imports this module

        return list_page(conn, q, unblocked)
    match = expanded(conn, match) if match is not None else None  # prefixes as ORs of words
    if match is not None and q.sort == "relevance" and fts_query(q.q) is not None:
        from jobscraper.store.search_relevance import relevance_page  # it imports this module

        return relevance_page(conn, q, match, unblocked)
    if match is not None:
        from jobscraper.store.search_sorted import all_known_page  # it imports this module

        known = all_known_page(conn, q, match, unblocked)  # the match's rowids in hand: no second pass
        if known is not None:
            return known
    if match is not None and _matches_more_than(conn, match, LARGE_MATCH):
        from jobscraper.store.search_large import large_page  # it imports this module

        return large_page(conn, q, match, unblocked)
    hits = hits_select(conn, q, limit=q.per_page, offset=_offset(q), include_blocked=unblocked)
    found = conn.execute(hits).all()
    if found:
        total = int(found[0].total)
    else:  # a page past the end still reports how many there are
        counting = filtered_select(q, [func.count()], dialect, include_blocked=unblocked)
        total = int(conn.execute(counting).scalar_one())
    return _page(conn, q, [row.hit_id for row in found], total, capped=False)


def _matches_more_than(conn: Connection, match: str, n: int) -> bool:
    """Whether ``match`` matches more than ``n`` jobs: stops at the ``n + 1``-th (a common word
    matches a quarter of a million jobs at a million, and counting them all took tens of ms)."""
    newest = _newest_matches(conn, match)
    if n < len(newest) or len(newest) < max(LARGE_MATCH, RANK_WINDOW) + 1:
        return len(newest) > n  # the newest matches hold the answer (read once per transaction)
    first = text("SELECT count(*) FROM (SELECT 1 FROM job_fts WHERE job_fts MATCH :m LIMIT :k)")
    return int(conn.execute(first, {"m": match, "k": n + 1}).scalar_one()) > n


def fts_match_count(conn: Connection, match: str) -> int:
    """How many jobs the FTS5 expression ``match`` matches (SQLite)."""
    return int(
        conn.execute(text("SELECT count(*) FROM job_fts WHERE job_fts MATCH :m"), {"m": match}).scalar_one()
    )


def hits_select(
    conn: Connection, q: JobQuery, *, limit: int, offset: int, include_blocked: bool | None = None
) -> Select[Any]:
    """The ids of ``q``'s matches in its order (``hit_id``) with the exact total (``total``, a
    window count), ``limit`` of them from ``offset`` — the one pass of :func:`search_with`, shared
    with :func:`~jobscraper.store.search_ranked.ranked_ids` so both order alike."""
    dialect = conn.dialect.name
    ranked = q.sort == "relevance"
    source, rank = _from(q, ranked=ranked, conn=conn) if dialect == "sqlite" else (JOB, None)
    if dialect != "sqlite" and ranked:
        rank = text_rank(q.q)
    hits = select(JOB.c.id.label("hit_id"), func.count().over().label("total")).select_from(source)
    unblocked = blocklist_empty(conn) if include_blocked is None else include_blocked
    probe = dialect == "sqlite" and match_expression(q) is not None  # a text match's few candidates
    where = _where(q, dialect, include_blocked=unblocked, probe_source=probe)
    return hits.where(*where).order_by(*_order(q, rank)).limit(limit).offset(offset)


def _offset(q: JobQuery) -> int:
    return (q.page - 1) * q.per_page


def _page(conn: Connection, q: JobQuery, ids: list[int], total: int, *, capped: bool) -> SearchPage:
    rows = {row.id: row for row in conn.execute(_PAGE_ROWS, {"ids": ids}).all()} if ids else {}
    items = [JobPublic.model_validate(dict(zip(_LIST_NAMES, rows[i], strict=True))) for i in ids if i in rows]
    return SearchPage(total=total, total_capped=capped, page=q.page, per_page=q.per_page, items=items)


def get_job(db: Database, job_id: int) -> JobPublic:
    """One job with all its sources; :class:`NotFound` if there is none with that id."""
    with db.reader() as conn:
        row = conn.execute(select(*_LIST_COLUMNS).where(JOB.c.id == job_id)).first()
        if row is None:
            raise NotFound(f"no job with id {job_id}")
        sources = conn.execute(
            select(
                SOURCE.c.site,
                SOURCE.c.url,
                SOURCE.c.job_url,
                SOURCE.c.job_url_direct,
                SOURCE.c.first_seen,
                SOURCE.c.last_seen,
            )
            .where(SOURCE.c.job_id == job_id)
            .order_by(SOURCE.c.id)
        )
        job = JobPublic.model_validate(dict(row._mapping))
        job.sources = [SourcePublic.model_validate(dict(s._mapping)) for s in sources]
        return job
