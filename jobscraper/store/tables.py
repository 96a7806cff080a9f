"""SQLAlchemy Core handles on the SQLModel tables, for set-based statements."""

from __future__ import annotations

from sqlalchemy import Table

from jobscraper.models import Company, Job, JobSource, ScrapeRun

__all__ = ["COMPANY", "JOB", "RUN", "SOURCE"]

JOB: Table = Job.__table__  # type: ignore[attr-defined]
SOURCE: Table = JobSource.__table__  # type: ignore[attr-defined]
COMPANY: Table = Company.__table__  # type: ignore[attr-defined]
RUN: Table = ScrapeRun.__table__  # type: ignore[attr-defined]
