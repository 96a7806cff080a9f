"""Arbeitnow (https://www.arbeitnow.com/api/job-board-api): JSON pages of ``data`` (jobs in
Europe, many in Germany, remote or not by the ``remote`` flag), the next page's URL in
``links.next`` (null on the last). ``created_at`` is a Unix time in seconds; ``job_types`` mixes
employment types with levels ("full time", "berufserfahren"). ``url`` is the job's Arbeitnow page:
``job_url``, with ``site`` ``arbeitnow``.
"""

from __future__ import annotations

from typing import Any

from jobscraper.config import SavedSearch
from jobscraper.posting import is_http_url
from jobscraper.sources.ats.coerce import as_dict, as_list, as_str, job_type
from jobscraper.sources.html import to_markdown
from jobscraper.sources.remote.base import Page, epoch_date, json_jobs, posting

__all__ = ["BOARD", "Arbeitnow"]

API = "https://www.arbeitnow.com/api/job-board-api"


class Arbeitnow:
    site = "arbeitnow"

    def first_url(self, search: SavedSearch) -> str:
        return API

    def parse(self, text: str, url: str) -> Page:
        payload, jobs = json_jobs(text, url, "data")
        following = as_str(as_dict(payload.get("links")).get("next"))
        page = Page(next_url=following if following and is_http_url(following) and jobs else None)
        for entry in jobs:
            if (found := posting(self._values(as_dict(entry)), page.skipped)) is not None:
                page.postings.append(found)
        return page

    def _values(self, job: dict[str, Any]) -> dict[str, Any]:
        types = [t for t in map(job_type, as_list(job.get("job_types"))) if t]
        remote = job.get("remote")
        return {
            "site": self.site,
            "id": as_str(job.get("slug")),
            "job_url": as_str(job.get("url")),
            "title": as_str(job.get("title")),
            "company": as_str(job.get("company_name")),
            "location": as_str(job.get("location")),
            "is_remote": remote if isinstance(remote, bool) else None,
            "date_posted": epoch_date(job.get("created_at")),
            "job_type": types[0] if types else None,
            "skills": [t for t in map(as_str, as_list(job.get("tags"))) if t] or None,
            "description": to_markdown(as_str(job.get("description"))),
        }


BOARD = Arbeitnow()
