"""Reading jobs: full-text search (SQLite FTS5) with filters, sort and pagination.

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
    func,
    literal,
    or_,
    select,
    text,
    union_all,
)
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.selectable import Join

from jobscraper.errors import NotFound
from jobscraper.models import JobStatus
from jobscraper.store.db import Database
from jobscraper.store.tables import JOB, SOURCE

__all__ = [
    "MAX_TOKENS",
    "RANK_WINDOW",
    "JobPublic",
    "JobQuery",
    "SearchPage",
    "SourcePublic",
    "filtered_select",
    "fts_query",
    "get_job",
    "search_jobs",
]

MAX_TOKENS = 32
RANK_WINDOW = 2000  # newest matches ranked by bm25; see _from
_UNRANKED = 1e300  # bm25 is negative, lower is better: unranked matches sort after all ranked ones
_TOKEN = re.compile(r"[\w+#]+")

SortKey = Literal["relevance", "posted", "salary", "first_seen", "last_seen", "title", "company"]


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
    remote: bool | None = Field(None, description="only remote (true) or only on-site (false) jobs")
    min_salary: float | None = Field(None, ge=0, description="annualised salary at least this")
    location: str | None = Field(None, description="location contains this text")
    posted_since: date | None = None
    source: str | None = Field(None, description="seen on this site (linkedin, indeed, …)")
    status: JobStatus | None = None
    favorites: bool = Field(False, description="only favourites")
    archived: Literal["exclude", "include", "only"] = "exclude"
    include_hidden: bool = False
    sort: SortKey = "relevance"
    descending: bool = True
    page: int = Field(1, ge=1)
    per_page: int = Field(25, ge=1, le=500)


class SourcePublic(BaseModel):
    site: str
    url: str
    job_url: str
    job_url_direct: str | None
    first_seen: datetime
    last_seen: datetime


class JobPublic(BaseModel):
    """A job as readers see it (list rows carry no sources; :func:`get_job` adds them)."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    title: str
    company: str | None
    location: str | None
    is_remote: bool | None
    job_type: str | None
    date_posted: date | None
    site: str | None
    job_url: str
    job_url_direct: str | None
    interval: str | None
    min_amount: float | None
    max_amount: float | None
    currency: str | None
    salary_annual_min: float | None
    salary_annual_max: float | None
    description: str | None
    skills: list[str] | None
    emails: list[str] | None
    job_level: str | None
    seniority: str | None
    remote_policy: str | None
    visa_sponsorship: str | None
    extracted: dict[str, Any] | None
    favorite: bool
    notes: str
    status: str
    applied_at: datetime | None
    hidden: bool
    first_seen: datetime
    last_seen: datetime
    updated_at: datetime
    archived_at: datetime | None
    sources: list[SourcePublic] = Field(default_factory=list)


class SearchPage(BaseModel):
    total: int
    page: int
    per_page: int
    items: list[JobPublic]


_LIST_COLUMNS = [JOB.c[name] for name in JobPublic.model_fields if name != "sources"]


def _like_escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _conditions(q: JobQuery) -> list[ColumnElement[bool]]:
    cond: list[ColumnElement[bool]] = []
    if q.archived == "exclude":
        cond.append(JOB.c.archived_at.is_(None))
    elif q.archived == "only":
        cond.append(JOB.c.archived_at.is_not(None))
    if not q.include_hidden:
        cond.append(JOB.c.hidden.is_(False))
    if q.remote is True:
        cond.append(or_(JOB.c.is_remote.is_(True), JOB.c.remote_policy == "remote"))
    elif q.remote is False:
        cond.append(
            and_(
                JOB.c.is_remote.is_not(True),
                or_(JOB.c.remote_policy.is_(None), JOB.c.remote_policy != "remote"),
            )
        )
    if q.min_salary is not None:
        cond.append(func.coalesce(JOB.c.salary_annual_max, JOB.c.salary_annual_min) >= q.min_salary)
    if q.location:
        cond.append(JOB.c.location.like(f"%{_like_escape(q.location[:200])}%", escape="\\"))
    if q.posted_since is not None:
        cond.append(JOB.c.date_posted >= q.posted_since)
    if q.source:
        # not correlated: the site's job ids are read once from the (site, job_id) index
        cond.append(JOB.c.id.in_(select(SOURCE.c.job_id).where(SOURCE.c.site == q.source)))
    if q.status is not None:
        cond.append(JOB.c.status == q.status.value)
    if q.favorites:
        cond.append(JOB.c.favorite.is_(True))
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
    return f"{left} CROSS JOIN {right} ON {compiler.process(element.onclause, **kw)}"


_FTS = Table("job_fts", MetaData(), Column("rowid", Integer), Column("rank", Float))


def _order(q: JobQuery, rank: ColumnElement[Any] | None) -> list[Any]:
    desc = q.descending
    by = {
        "posted": JOB.c.date_posted,
        "salary": func.coalesce(JOB.c.salary_annual_max, JOB.c.salary_annual_min),
        "first_seen": JOB.c.first_seen,
        "last_seen": JOB.c.last_seen,
        "title": JOB.c.title,
        "company": JOB.c.company,
    }
    if q.sort == "relevance":
        if rank is not None:  # bm25: lower is better
            return [rank, JOB.c.id.desc()]
        return [JOB.c.last_seen.desc(), JOB.c.id.desc()]
    col = by[q.sort]
    primary = col.desc().nulls_last() if desc else col.asc().nulls_last()
    return [primary, JOB.c.id.desc() if desc else JOB.c.id.asc()]


def _rank_cutoff(conn: Connection | None, match: str) -> int:
    """The rowid of the ``RANK_WINDOW``-th newest match (0 when there are fewer, or no connection)."""
    if conn is None:
        return 0
    row = conn.execute(
        text("SELECT rowid FROM job_fts WHERE job_fts MATCH :m ORDER BY rowid DESC LIMIT 1 OFFSET :k"),
        {"m": match, "k": RANK_WINDOW - 1},
    ).first()
    return 0 if row is None else int(row[0])


def _from(
    q: JobQuery, *, ranked: bool, conn: Connection | None = None
) -> tuple[Any, ColumnElement[Any] | None]:
    """The FROM clause for ``q`` and the rank column (None when there is no text query).

    bm25 costs about a microsecond per match, so a common word over a large database would spend
    tens of milliseconds ranking. Only the ``RANK_WINDOW`` newest matches are ranked (bm25 still
    uses the statistics of the whole index); older matches follow them, newest first.
    """
    match = fts_query(q.q)
    if match is None:
        return JOB, None
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


def filtered_select(q: JobQuery, columns: list[Any]) -> Select[Any]:
    """``SELECT columns FROM job`` restricted to ``q``'s text match and filters (unsorted)."""
    source, _rank = _from(q, ranked=False)
    stmt = select(*columns).select_from(source)
    conditions = _conditions(q)
    return stmt.where(and_(*conditions)) if conditions else stmt


def search_jobs(db: Database, q: JobQuery) -> SearchPage:
    """One page of jobs matching ``q`` and the total number of matches."""
    with db.reader() as conn:
        return search_with(conn, q)


def search_with(conn: Connection, q: JobQuery) -> SearchPage:
    """:func:`search_jobs` on an open connection (for callers that hold one).

    One pass finds the page's ids, their order and the total (a window count), touching only the
    narrow columns the filters and sort need; the page's full rows are read afterwards by id.
    """
    ranked = q.sort == "relevance"
    source, rank = _from(q, ranked=ranked, conn=conn)
    order = _order(q, rank)
    hit_columns: list[Any] = [JOB.c.id.label("hit_id"), func.count().over().label("total")]
    hits = select(*hit_columns).select_from(source)
    conditions = _conditions(q)
    if conditions:
        hits = hits.where(and_(*conditions))
    hits = hits.order_by(*order).limit(q.per_page).offset((q.page - 1) * q.per_page)
    found = conn.execute(hits).all()
    if found:
        total = int(found[0].total)
    else:  # a page past the end still reports how many there are
        total = int(conn.execute(filtered_select(q, [func.count()])).scalar_one())
    ids = [row.hit_id for row in found]
    rows = {row.id: row for row in conn.execute(select(*_LIST_COLUMNS).where(JOB.c.id.in_(ids)))}
    items = [JobPublic.model_validate(dict(rows[i]._mapping)) for i in ids if i in rows]
    return SearchPage(total=total, page=q.page, per_page=q.per_page, items=items)


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
