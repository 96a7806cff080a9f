"""Whether jobs are still open: which ones are due for a check, and what a check's verdict does.

A posting that vanished from a company's full listing is archived by the sync engine; a board
posting only ages out. The liveness check closes such jobs sooner: its page is fetched again
(:mod:`jobscraper.scraping.liveness` gives each a verdict) and

- **open** resets the job's run of failed checks;
- **closed** (404/410, a redirect back to the listing, a page saying it is closed) adds one failed
  check; the :data:`CLOSE_AFTER`-th in a row closes the job: ``closed_at`` and ``closed_reason``
  are set, and it leaves the default views (``JobQuery.closed``). Nothing is deleted, and no
  user field (favourite, notes, status, …) is touched;
- **unknown** (blocked, rate limited, a network error, a 5xx) says nothing either way: only
  ``last_checked_at`` moves, so the job waits its turn again instead of being retried at once.

A job is *due* when it is open, not archived, and either its last check failed (the next pass
confirms or clears it) or nothing — neither a scrape nor a check — has shown it open for
``min_days``. A scrape that lists a job again reopens it (:mod:`.sync`): a listing is newer news.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any, Literal

from pydantic import BaseModel
from sqlalchemy import Connection, bindparam, func, select, type_coerce, update

from jobscraper.sources.ats.detail_check import detail_url_for
from jobscraper.store.db import Database
from jobscraper.store.indexed import job_read_by
from jobscraper.store.tables import COMPANY, JOB, SOURCE
from jobscraper.vocabulary import ATS_KINDS

__all__ = [
    "CLOSE_AFTER",
    "DUE_INDEX",
    "CheckResult",
    "CheckTarget",
    "LivenessCounts",
    "due_checks",
    "known_open",
    "record_checks",
]

CLOSE_AFTER = 2
"""Failed checks in a row that close a job (one 404 may be a deploy; two, a day apart, is not)."""

Verdict = Literal["open", "closed", "unknown"]
_IN_CHUNK = 500  # ids per IN (…): far below any database's limit on bound parameters


class CheckTarget(BaseModel):
    """A job to check: its id, the URL whose page says whether it is open, and — for an ATS job
    whose API has a per-posting endpoint — that endpoint, which is asked instead of the page."""

    job_id: int
    url: str
    detail_url: str | None = None


class CheckResult(BaseModel):
    """What one check saw. ``reason`` says why (``HTTP 404``, ``page says: no longer …``)."""

    job_id: int
    verdict: Verdict
    reason: str = ""


class LivenessCounts(BaseModel):
    """What one pass did: ``checked`` = ``open + failed + closed + unknown``. ``failed``: a first
    failed check (the job stays open until the next one confirms it); ``closed``: jobs closed now."""

    checked: int = 0
    open: int = 0
    failed: int = 0
    closed: int = 0
    unknown: int = 0

    def __add__(self, other: LivenessCounts) -> LivenessCounts:
        return LivenessCounts(**{k: getattr(self, k) + getattr(other, k) for k in type(self).model_fields})


DUE_INDEX = "ix_job_liveness_due"  # migration 0023


def known_open(dialect: str, job: Any = JOB) -> Any:
    """When a scrape or a check last showed the job (of ``job``: the table or its indexed alias)
    open: the later of ``last_seen`` and ``last_checked_at``, written as ``ix_job_liveness_due``'s
    key (migration 0023) is, which a planner needs before it reads the index in that order."""
    if dialect == "postgresql":
        value = func.greatest(job.c.last_seen, job.c.last_checked_at)
    else:  # SQLite's max() of a NULL is NULL
        value = func.max(job.c.last_seen, func.coalesce(job.c.last_checked_at, job.c.last_seen))
    return type_coerce(value, JOB.c.last_seen.type)  # compared with a datetime as the column is


def _due_from(conn: Connection) -> Any:
    # SQLite's planner, without ANALYZE statistics, took ix_job_closed_at and sorted every open job
    return job_read_by(conn, DUE_INDEX)


def _due_ids(conn: Connection, cutoff: datetime, limit: int) -> list[Any]:
    """Up to ``limit`` due jobs' (id, url, site, company id), in the pass's order: the jobs whose
    last check failed (most failures first), then those nothing has shown open since ``cutoff``,
    longest first; ties by id. Two ranges of ``ix_job_liveness_due``, each read up to the limit."""
    job = _due_from(conn)
    key = known_open(conn.dialect.name, job)
    columns = (job.c.id, job.c.job_url, job.c.site, job.c.company_id)
    open_ = (job.c.closed_at.is_(None), job.c.archived_at.is_(None))
    failing = (
        select(*columns)
        .select_from(job)
        .where(*open_, job.c.failed_checks > 0)
        .order_by(job.c.failed_checks.desc(), key, job.c.id)
        .limit(limit)
    )
    rows = list(conn.execute(failing))
    if len(rows) < limit:
        oldest = (
            select(*columns)
            .select_from(job)
            .where(*open_, job.c.failed_checks == 0, key <= cutoff)
            .order_by(job.c.failed_checks.desc(), key, job.c.id)
            .limit(limit - len(rows))
        )
        rows += list(conn.execute(oldest))
    return rows


def due_checks(db: Database, now: datetime, *, min_days: float, limit: int) -> list[CheckTarget]:
    """Up to ``limit`` jobs due for a check: unconfirmed failures first, then the ones nothing has
    shown open the longest. An ATS job's target names its posting's API endpoint too, where its
    adapter has one."""
    cutoff = now - timedelta(days=min_days)
    with db.reader() as conn:
        rows = _due_ids(conn, cutoff, limit)
        ats = [r for r in rows if r.site in ATS_KINDS]
        endpoints = _endpoints(conn, ats) if ats else {}
    return [CheckTarget(job_id=r.id, url=r.job_url, detail_url=endpoints.get(r.id)) for r in rows]


def _endpoints(conn: Connection, rows: Sequence[Any]) -> dict[int, str]:
    """The posting endpoint of each ATS job that has one, from the job's source on its own site
    (the posting id, the job URL the adapter built) and the company it links to (its board)."""
    first: dict[tuple[int, str], Any] = {}  # rows
    companies: dict[int, Any] = {}
    for start in range(0, len(rows), _IN_CHUNK):
        chunk = rows[start : start + _IN_CHUNK]
        sources = conn.execute(
            select(SOURCE.c.job_id, SOURCE.c.site, SOURCE.c.external_id, SOURCE.c.job_url)
            .where(SOURCE.c.job_id.in_([r.id for r in chunk]), SOURCE.c.external_id.is_not(None))
            .order_by(SOURCE.c.id)
        )
        for found_row in sources:
            first.setdefault((found_row.job_id, found_row.site), found_row)
        wanted = {r.company_id for r in chunk if r.company_id is not None} - companies.keys()
        query = select(COMPANY.c.id, COMPANY.c.url, COMPANY.c.ats).where(COMPANY.c.id.in_(wanted))
        companies |= {c.id: c for c in conn.execute(query)} if wanted else {}
    found: dict[int, str] = {}
    for row in rows:
        source = first.get((row.id, row.site))
        company = companies.get(row.company_id)
        if source is None:
            continue
        url = detail_url_for(
            row.site,
            source.external_id,
            source.job_url,
            company.url if company is not None else None,
            company.ats if company is not None else None,
        )
        if url is not None:
            found[row.id] = url
    return found


def record_checks(db: Database, results: Sequence[CheckResult], now: datetime) -> LivenessCounts:
    """Apply a pass's verdicts in one transaction (see the module docstring); the pass's counts.

    A job closed, deleted or archived since it was picked is left as it is."""
    counts = LivenessCounts()
    latest = {r.job_id: r for r in results}  # one verdict per job: the last one given
    if not latest:
        return counts
    with db.writer() as conn:
        rows = conn.execute(
            select(JOB.c.id, JOB.c.failed_checks).where(
                JOB.c.id.in_(list(latest)), JOB.c.closed_at.is_(None), JOB.c.archived_at.is_(None)
            )
        )
        failures = {r.id: int(r.failed_checks or 0) for r in rows}
        params = []
        for job_id, result in latest.items():
            if job_id not in failures:
                continue
            counts.checked += 1
            closed_at, reason, failed = None, None, failures[job_id]
            if result.verdict == "open":
                counts.open += 1
                failed = 0
            elif result.verdict == "closed":
                failed += 1
                if failed >= CLOSE_AFTER:
                    counts.closed += 1
                    closed_at, reason = now, result.reason or "closed"
                else:
                    counts.failed += 1
            else:
                counts.unknown += 1
            params.append({"b_id": job_id, "b_failed": failed, "b_closed": closed_at, "b_reason": reason})
        if params:
            conn.execute(
                update(JOB)
                .where(JOB.c.id == bindparam("b_id"))
                .values(
                    last_checked_at=now,
                    failed_checks=bindparam("b_failed"),
                    closed_at=bindparam("b_closed", type_=JOB.c.closed_at.type),
                    closed_reason=bindparam("b_reason", type_=JOB.c.closed_reason.type),
                ),
                params,
            )
    return counts
