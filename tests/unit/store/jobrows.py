"""Helpers shared by the store tests: add one posting and get its job's id, read a job's row."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select, text

from jobscraper.store import Database, SyncEngine
from jobscraper.store.tables import JOB


def add_job(sync: SyncEngine, posting: dict[str, Any]) -> int:
    """Upsert one posting; the id of its job."""
    sync.upsert([posting])
    with sync.db.reader() as conn:
        return int(
            conn.execute(
                text("SELECT job_id FROM job_source WHERE job_url = :u"), {"u": posting["job_url"]}
            ).scalar_one()
        )


def job_row(db: Database, job_id: int) -> dict[str, Any]:
    """Every column of one job, as stored."""
    with db.reader() as conn:
        return dict(conn.execute(select(JOB).where(JOB.c.id == job_id)).one()._mapping)
