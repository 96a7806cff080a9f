"""Enrichment in the database: which jobs need extraction, and storing what extraction found.

A job *needs extraction* when it is not archived and it was never extracted, its
``extraction_version`` is not the current :data:`~jobscraper.extraction.SCHEMA_VERSION`, or its
scraped content changed after it was extracted (``updated_at`` > ``extracted_at``). The test is
on the row, so nothing is lost when a run stops half way: the next pass picks up what is left.

Storing a result (:func:`store_extractions`) writes only enrichment fields, and only if the
job's ``content_hash`` is still the one that was read: a result for content that has changed
since is dropped (the job stays pending and is extracted again). Two scraped columns are filled
from the extraction where the source left them empty, so filters and search see them:

- salary (``min_amount``/``max_amount``/``currency``/``interval`` and the annual figures), marked
  ``salary_source = "extracted"``; a salary a source gave is never overwritten;
- ``skills`` (the posting's skills and named technologies together), when the source gave none.

A later extraction replaces what an earlier one filled in, and nothing a source wrote (a source
salary is marked ``direct_data`` by :class:`~jobscraper.posting.Posting`). User fields are never
touched. A job whose ``skills`` this changes loses its matching vector in the same transaction
(:func:`~jobscraper.store.vectors.clear_vectors`: the embedded text holds the skills), so it is
embedded again. A per-posting error is recorded (``extraction_error``, with the schema version, so it is
not retried until the content or the schema changes) and withdraws what an earlier extraction
filled in, since that described older content; a *retryable* result (the engine was unreachable)
is not stored at all.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from pydantic import BaseModel
from sqlalchemy import Connection, Integer, and_, bindparam, func, literal_column, or_, select, update

from jobscraper.extraction.base import ExtractionResult
from jobscraper.extraction.schema import SCHEMA_VERSION, PayPeriod
from jobscraper.models import PENDING_EXTRACTION_VERSION
from jobscraper.posting import annualise
from jobscraper.store.db import Database
from jobscraper.store.indexed import job_read_by
from jobscraper.store.tables import JOB
from jobscraper.store.vectors import clear_vectors
from jobscraper.vocabulary import normal_interval

__all__ = [
    "EXTRACTED_SALARY",
    "EnrichCounts",
    "PendingJob",
    "StoredExtraction",
    "count_pending",
    "needs_extraction",
    "pending_count",
    "pending_extractions",
    "pending_from",
    "pending_page",
    "store_extractions",
]

EXTRACTED_SALARY = "extracted"
PENDING_INDEX = "ix_job_pending_extraction"  # the jobs needing extraction (migration 0021)
_INTERVAL = {period: normal_interval(period.value) for period in PayPeriod}  # "hour" → "hourly"
_SALARY_COLUMNS = (
    "min_amount",
    "max_amount",
    "currency",
    "interval",
    "salary_annual_min",
    "salary_annual_max",
)


class PendingJob(BaseModel):
    """What extraction needs of a job, and the content hash its result will be checked against."""

    id: int
    content_hash: str
    title: str
    company: str | None = None
    location: str | None = None
    description: str | None = None


class StoredExtraction(BaseModel):
    """One result to store: for ``job_id`` as it was when ``content_hash`` was read."""

    job_id: int
    content_hash: str
    result: ExtractionResult


class EnrichCounts(BaseModel):
    stored: int = 0
    errors: int = 0
    stale: int = 0  # the job changed (or vanished) while it was being extracted: left pending
    skipped: int = 0  # retryable results: left pending


def needs_extraction(version: int = SCHEMA_VERSION, job: Any = JOB) -> Any:
    """The SQL condition of a job (of ``job``: the table or :func:`pending_from`'s) that needs
    extraction (see the module docstring).

    The version is written into the SQL as a literal, not a parameter: this is then the predicate
    of ``ix_job_pending_extraction`` (migration 0021) word for word, which both planners need
    before they use a partial index.
    """
    return and_(
        job.c.archived_at.is_(None),
        or_(
            job.c.extraction_version.is_(None),
            job.c.extraction_version != literal_column(str(int(version)), Integer),
            job.c.extracted_at.is_(None),
            job.c.extracted_at < job.c.updated_at,
        ),
    )


def pending_from(conn: Connection, version: int = SCHEMA_VERSION) -> Any:
    """``job`` as the jobs needing extraction are read from: on SQLite ``job INDEXED BY
    ix_job_pending_extraction`` while ``version`` is the index's. PostgreSQL's planner takes the
    index by itself; SQLite's, without ``ANALYZE`` statistics, walked ``ix_job_archived_at`` through
    every active job instead (it cannot know that the partial index holds a few)."""
    return job_read_by(conn, PENDING_INDEX) if version == PENDING_EXTRACTION_VERSION else JOB


def pending_count(conn: Connection, version: int = SCHEMA_VERSION) -> int:
    """How many jobs need extraction, in ``conn``'s snapshot."""
    job = pending_from(conn, version)
    stmt = select(func.count()).select_from(job).where(needs_extraction(version, job))
    return int(conn.execute(stmt).scalar_one())


def pending_page(
    conn: Connection, after_id: int, limit: int, version: int = SCHEMA_VERSION
) -> list[PendingJob]:
    """:func:`pending_extractions` in ``conn``'s snapshot."""
    job = pending_from(conn, version)
    cols = (job.c.id, job.c.content_hash, job.c.title, job.c.company, job.c.location, job.c.description)
    stmt = (
        select(*cols)
        .select_from(job)
        .where(needs_extraction(version, job), job.c.id > after_id)
        .order_by(job.c.id)
        .limit(limit)
    )
    return [PendingJob.model_validate(row._asdict()) for row in conn.execute(stmt)]


def pending_extractions(
    db: Database, *, after_id: int = 0, limit: int = 64, version: int = SCHEMA_VERSION
) -> list[PendingJob]:
    """Up to ``limit`` jobs needing extraction with ``id > after_id``, in id order (a cursor)."""
    with db.reader() as conn:
        return pending_page(conn, after_id, limit, version)


def count_pending(db: Database, *, version: int = SCHEMA_VERSION) -> int:
    """How many jobs need extraction."""
    with db.reader() as conn:
        return pending_count(conn, version)


def store_extractions(
    db: Database, items: Sequence[StoredExtraction], now: Callable[[], datetime]
) -> EnrichCounts:
    """Store extraction results in one transaction; see the module docstring for the rules."""
    counts = EnrichCounts()
    todo = []
    for item in items:
        if item.result.retryable:
            counts.skipped += 1
        else:
            todo.append(item)
    if not todo:
        return counts
    with db.writer() as conn:
        rows = _current(conn, [i.job_id for i in todo])
        params = []
        stamp = now()
        for item in todo:
            row = rows.get(item.job_id)
            if row is None or row["content_hash"] != item.content_hash:
                counts.stale += 1
                continue
            params.append(_values(row, item.result, stamp))
            counts.errors += item.result.details is None
            counts.stored += 1
        if params:
            columns = [c for c in params[0] if c != "b_id"]
            conn.execute(
                update(JOB)
                .where(JOB.c.id == bindparam("b_id"))
                .values({c[2:]: bindparam(c, type_=JOB.c[c[2:]].type) for c in columns}),
                params,
            )
            clear_vectors(conn, [p["b_id"] for p in params if p["b_skills"] != rows[p["b_id"]]["skills"]])
    return counts


def _current(conn: Connection, ids: list[int]) -> dict[int, dict[str, Any]]:
    cols = (JOB.c.id, JOB.c.content_hash, JOB.c.extracted, JOB.c.salary_source, JOB.c.skills)
    rows = conn.execute(select(*cols, *(JOB.c[c] for c in _SALARY_COLUMNS)).where(JOB.c.id.in_(ids)))
    return {row.id: row._asdict() for row in rows}


def _values(row: dict[str, Any], result: ExtractionResult, stamp: datetime) -> dict[str, Any]:
    details = result.details
    previous = row["extracted"] or {}
    values: dict[str, Any] = {
        "b_id": row["id"],
        "b_extracted": details.model_dump(mode="json") if details else None,
        "b_extraction_version": result.schema_version,
        "b_extracted_at": stamp,
        "b_extraction_error": None if details else (result.error or "no details")[:2000],
        "b_seniority": details.seniority.value if details else None,
        "b_remote_policy": details.remote_policy.value if details else None,
        "b_visa_sponsorship": details.visa_sponsorship.value if details else None,
        "b_salary_source": row["salary_source"],
        "b_skills": row["skills"],
        **{f"b_{c}": row[c] for c in _SALARY_COLUMNS},
    }
    salary_is_ours = row["salary_source"] == EXTRACTED_SALARY
    skills_are_ours = row["skills"] is None or (bool(previous) and row["skills"] == _skills(previous))
    if details is None:  # what we inferred from older content is withdrawn, not left standing
        if salary_is_ours:
            values.update({f"b_{c}": None for c in _SALARY_COLUMNS}, b_salary_source=None)
        if skills_are_ours:
            values["b_skills"] = None
        return values
    # salary: ours to write when the source gave none, or when the one there came from us
    no_salary = row["min_amount"] is None and row["max_amount"] is None
    if salary_is_ours or no_salary:
        salary = details.salary
        if salary is not None and (salary.min is not None or salary.max is not None):
            interval = _INTERVAL[salary.period]
            values.update(
                b_min_amount=salary.min,
                b_max_amount=salary.max,
                b_currency=salary.currency,
                b_interval=interval,
                b_salary_annual_min=annualise(salary.min, interval),
                b_salary_annual_max=annualise(salary.max, interval),
                b_salary_source=EXTRACTED_SALARY,
            )
        elif salary_is_ours:  # the new content states no salary: withdraw what we said before
            values.update({f"b_{c}": None for c in _SALARY_COLUMNS}, b_salary_source=None)
    # skills: ours when the column is empty or still holds what the last extraction put there
    if skills_are_ours:
        values["b_skills"] = _skills(details.model_dump(mode="json"))
    return values


def _skills(details: dict[str, Any]) -> list[str] | None:
    """The skills and the tech stack of extracted details, each once, as the ``skills`` column holds them."""
    seen: dict[str, str] = {}
    for name in [*(details.get("skills") or []), *(details.get("tech_stack") or [])]:
        seen.setdefault(str(name).lower(), str(name))
    return list(seen.values()) or None
