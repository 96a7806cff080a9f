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
    Connection,
    Select,
    and_,
    exists,
    func,
    literal_column,
    or_,
    select,
    text,
)
from sqlalchemy.sql.elements import ColumnElement

from jobscraper.errors import NotFound
from jobscraper.models import JobStatus
from jobscraper.store.db import Database
from jobscraper.store.tables import JOB, SOURCE

__all__ = [
    "MAX_TOKENS",
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
        cond.append(exists().where(and_(SOURCE.c.job_id == JOB.c.id, SOURCE.c.site == q.source)))
    if q.status is not None:
        cond.append(JOB.c.status == q.status.value)
    if q.favorites:
        cond.append(JOB.c.favorite.is_(True))
    return cond


def _order(q: JobQuery, ranked: bool) -> list[Any]:
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
        if ranked:  # bm25: lower is better
            return [literal_column("job_fts.rank"), JOB.c.id.desc()]
        return [JOB.c.last_seen.desc(), JOB.c.id.desc()]
    col = by[q.sort]
    primary = col.desc().nulls_last() if desc else col.asc().nulls_last()
    return [primary, JOB.c.id.desc() if desc else JOB.c.id.asc()]


def filtered_select(q: JobQuery, columns: list[Any]) -> tuple[Select[Any], bool]:
    """``SELECT columns FROM job`` with ``q``'s text match and filters; True if FTS-ranked."""
    match = fts_query(q.q)
    stmt = select(*columns).select_from(JOB)
    if match is not None:
        stmt = stmt.join(text("job_fts"), literal_column("job_fts.rowid") == JOB.c.id).where(
            text("job_fts MATCH :match").bindparams(match=match)
        )
    conditions = _conditions(q)
    if conditions:
        stmt = stmt.where(and_(*conditions))
    return stmt, match is not None


def search_jobs(db: Database, q: JobQuery) -> SearchPage:
    """One page of jobs matching ``q`` and the total number of matches."""
    with db.reader() as conn:
        return search_with(conn, q)


def search_with(conn: Connection, q: JobQuery) -> SearchPage:
    """:func:`search_jobs` on an open connection (for callers that hold one)."""
    count_stmt, _ = filtered_select(q, [func.count()])
    total = int(conn.execute(count_stmt).scalar_one())
    stmt, ranked = filtered_select(q, _LIST_COLUMNS)
    stmt = stmt.order_by(*_order(q, ranked)).limit(q.per_page).offset((q.page - 1) * q.per_page)
    items = [JobPublic.model_validate(dict(row._mapping)) for row in conn.execute(stmt)]
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
