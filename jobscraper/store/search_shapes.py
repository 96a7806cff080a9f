"""What job searches return: a page of jobs as readers see them (the Api's and the CLI's shapes).

Defined apart from :mod:`.search`, which re-exports them, so that module keeps to how jobs are found.
"""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field, computed_field

from jobscraper.job_fields import JobFields
from jobscraper.store.work_mode import WorkMode, work_mode

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

    @computed_field  # type: ignore[prop-decorator]
    @property
    def work_mode(self) -> WorkMode:
        """remote, hybrid, onsite or unknown: the extracted policy when known, else the board's
        ``is_remote`` (:mod:`jobscraper.store.work_mode`, the same rule the ``remote`` filter uses)."""
        return work_mode(self.remote_policy, self.is_remote)


class SearchPage(BaseModel):
    """One page of results. ``total`` is exact unless ``total_capped``: then at least that many."""

    total: int
    total_capped: bool = False
    page: int
    per_page: int
    items: list[JobPublic]
