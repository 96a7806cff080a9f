"""The database at a glance, for ``jobscraper status``: sizes, schema, counts and the last runs.

It only reads, through :func:`~jobscraper.store.open_reader`: a missing file is reported as missing
and never created, an unmigrated one as such. Every count comes from one read transaction. On
PostgreSQL (``database.url``) the size is the server's ``pg_database_size`` and there is no WAL
file to report; the location is shown without the URL's password.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from sqlalchemy import Connection, func, select, text
from sqlalchemy.sql.elements import ColumnElement

from jobscraper.errors import StoreError
from jobscraper.store.db import SCHEMA_REVISION, open_reader
from jobscraper.store.location import DatabaseLocation
from jobscraper.store.stats import job_totals
from jobscraper.store.tables import COMPANY, JOB, RUN, SAVED_SEARCH

__all__ = ["DatabaseOverview", "JobCounts", "RunSummary", "database_overview"]


class JobCounts(BaseModel):
    """Active jobs (not archived), archived ones, and among the active: favourites, hidden, and
    those waiting for extraction."""

    active: int
    archived: int
    favorites: int
    hidden: int
    pending_extraction: int


class RunSummary(BaseModel):
    """One scrape or import run (a row of ``scrape_run``); ``errors`` is how many it recorded."""

    id: int
    kind: str
    status: str
    started_at: datetime
    finished_at: datetime | None
    counts: dict[str, Any]
    errors: int


class DatabaseOverview(BaseModel):
    """What :func:`database_overview` found; ``error`` says why the counts are missing, if they are.
    ``path`` is where the database is: the SQLite file, or the PostgreSQL URL without its password
    (``dialect`` tells which); ``wal_bytes`` is SQLite's only."""

    path: str
    dialect: str = "sqlite"
    exists: bool
    size_bytes: int | None = None
    wal_bytes: int | None = None
    schema_revision: str | None = None
    error: str | None = None
    jobs: JobCounts | None = None
    saved_searches: int | None = None
    watched_companies: int | None = None
    last_runs: list[RunSummary] = []


def database_overview(
    path: DatabaseLocation | Path | str, *, busy_timeout_ms: int = 10_000, runs: int = 5
) -> DatabaseOverview:
    """Sizes, schema revision, job counts, saved searches, watched companies and the last ``runs`` runs."""
    location = DatabaseLocation.of(path)
    db_path = location.path
    if db_path is None:
        found = DatabaseOverview(path=location.shown, dialect=location.dialect, exists=True)
    elif not db_path.is_file():
        return DatabaseOverview(path=str(db_path), exists=False, error="no database file there")
    else:
        wal = Path(f"{db_path}-wal")
        found = DatabaseOverview(
            path=str(db_path),
            exists=True,
            size_bytes=db_path.stat().st_size,
            wal_bytes=wal.stat().st_size if wal.is_file() else 0,
        )
    try:
        database = open_reader(location.target, busy_timeout_ms=busy_timeout_ms)
    except StoreError as exc:
        return found.model_copy(update={"error": str(exc).removeprefix(f"{location.shown}: ")})
    try:
        with database.reader() as conn:
            size = {} if db_path is not None else {"size_bytes": _server_size(conn)}
            return found.model_copy(
                update={
                    **size,
                    "schema_revision": SCHEMA_REVISION,  # open_reader accepts no other
                    "jobs": _job_counts(conn),
                    "saved_searches": _count(conn, SAVED_SEARCH.c.id),
                    "watched_companies": _count(conn, COMPANY.c.id, COMPANY.c.url.is_not(None)),
                    "last_runs": _last_runs(conn, runs),
                }
            )
    finally:
        database.dispose()


def _server_size(conn: Connection) -> int:
    """The PostgreSQL database's size on disk (tables, indexes, TOAST: what ``\\l+`` shows)."""
    return int(conn.execute(text("SELECT pg_database_size(current_database())")).scalar_one())


def _job_counts(conn: Connection) -> JobCounts:
    # the counts read only indexes (migration 0013); reading the job table's newest row too (a
    # walk down its b-tree) keeps a damaged table reported as damaged, as a status check should
    conn.execute(select(JOB.c.content_hash).order_by(JOB.c.id.desc()).limit(1)).first()
    totals = job_totals(conn)  # the Analytics page's totals, in the same snapshot
    return JobCounts.model_validate({**totals, "active": totals["jobs"]})


def _count(conn: Connection, column: Any, *where: ColumnElement[bool]) -> int:
    return int(conn.execute(select(func.count(column)).where(*where)).scalar_one())


def _last_runs(conn: Connection, limit: int) -> list[RunSummary]:
    rows = conn.execute(select(RUN).order_by(RUN.c.id.desc()).limit(limit))
    return [
        RunSummary.model_validate(
            r._asdict() | {"counts": dict(r.counts or {}), "errors": len(r.errors or [])}
        )
        for r in rows
    ]
