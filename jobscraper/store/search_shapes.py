"""What job searches return: a page of jobs as readers see them (the Api's and the CLI's shapes).

Defined apart from :mod:`.search`, which re-exports them, so that module keeps to how jobs are found.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["JobPublic", "SearchPage", "SourcePublic"]


class SourcePublic(BaseModel):
    """One place the job was seen."""

    site: str
    url: str
    job_url: str
    job_url_direct: str | None
    first_seen: datetime
    last_seen: datetime


class JobPublic(BaseModel):
    """A job as readers see it (list rows carry no sources; :func:`~.search.get_job` adds them)."""

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
    extraction_error: str | None
    extracted_at: datetime | None
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
    """One page of results. ``total`` is exact unless ``total_capped``: then at least that many."""

    total: int
    total_capped: bool = False
    page: int
    per_page: int
    items: list[JobPublic]
