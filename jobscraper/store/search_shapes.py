"""What job searches return: a page of jobs as readers see them (the Api's and the CLI's shapes).

Defined apart from :mod:`.search`, which re-exports them, so that module keeps to how jobs are found.
"""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

from jobscraper.job_fields import JobFields

__all__ = ["JobPublic", "SearchPage", "SourcePublic"]


class SourcePublic(BaseModel):
    """One place the job was seen."""

    site: str
    url: str
    job_url: str
    job_url_direct: str | None
    first_seen: datetime
    last_seen: datetime


class JobPublic(JobFields):
    """A job as readers see it: every field of :class:`~jobscraper.job_fields.JobFields` (declared
    once, shared with the job table) and its id. List rows carry no sources;
    :func:`~.search.get_job` adds them."""

    id: int
    sources: list[SourcePublic] = Field(default_factory=list)


class SearchPage(BaseModel):
    """One page of results. ``total`` is exact unless ``total_capped``: then at least that many."""

    total: int
    total_capped: bool = False
    page: int
    per_page: int
    items: list[JobPublic]
