"""SQLAlchemy Core handles on the SQLModel tables, for set-based statements."""

from __future__ import annotations

from sqlalchemy import Table

from jobscraper.blocklist_table import BlockedCompany
from jobscraper.models import Company, ConfigSeed, Job, JobFit, JobSource, SavedSearchRow, ScrapeRun
from jobscraper.store.alert_tables import AlertChannel, AlertSent
from jobscraper.store.count_tables import JobCount
from jobscraper.store.fit_gap_table import JobFitGap

__all__ = [
    "ALERT_CHANNEL",
    "ALERT_SENT",
    "BLOCKED",
    "COMPANY",
    "CONFIG_SEED",
    "FIT",
    "FIT_GAP",
    "JOB",
    "JOB_COUNT",
    "RUN",
    "SAVED_SEARCH",
    "SOURCE",
]

JOB: Table = Job.__table__  # type: ignore[attr-defined]
SOURCE: Table = JobSource.__table__  # type: ignore[attr-defined]
COMPANY: Table = Company.__table__  # type: ignore[attr-defined]
RUN: Table = ScrapeRun.__table__  # type: ignore[attr-defined]
SAVED_SEARCH: Table = SavedSearchRow.__table__  # type: ignore[attr-defined]
CONFIG_SEED: Table = ConfigSeed.__table__  # type: ignore[attr-defined]
FIT: Table = JobFit.__table__  # type: ignore[attr-defined]
BLOCKED: Table = BlockedCompany.__table__  # type: ignore[attr-defined]
ALERT_CHANNEL: Table = AlertChannel.__table__  # type: ignore[attr-defined]
ALERT_SENT: Table = AlertSent.__table__  # type: ignore[attr-defined]
JOB_COUNT: Table = JobCount.__table__  # type: ignore[attr-defined]
FIT_GAP: Table = JobFitGap.__table__  # type: ignore[attr-defined]
