"""Remotive (https://remotive.com/api/remote-jobs): one JSON object whose ``jobs`` hold every
matching job, descriptions as HTML, the place in ``candidate_required_location``, pay as free
text. Its terms ask for a link back and Remotive named as the source (``job_url`` is the job's
Remotive page, ``site`` is ``remotive``), and for few calls a day: a saved search's interval
should be hours, not minutes.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from jobscraper.config import SavedSearch
from jobscraper.sources.ats.coerce import as_date, as_dict, as_list, as_str, job_type
from jobscraper.sources.html import to_markdown
from jobscraper.sources.remote.base import Page, json_jobs, posting, salary_from_text

__all__ = ["BOARD", "Remotive"]

API = "https://remotive.com/api/remote-jobs"


class Remotive:
    site = "remotive"

    def first_url(self, search: SavedSearch) -> str:
        return f"{API}?{urlencode({'search': search.term})}"

    def parse(self, text: str, url: str) -> Page:
        _, jobs = json_jobs(text, url, "jobs")
        page = Page()
        for entry in jobs:
            if (found := posting(self._values(as_dict(entry)), page.skipped)) is not None:
                page.postings.append(found)
        return page

    def _values(self, job: dict[str, Any]) -> dict[str, Any]:
        return {
            "site": self.site,
            "id": as_str(job.get("id")),
            "job_url": as_str(job.get("url")),
            "title": as_str(job.get("title")),
            "company": as_str(job.get("company_name")),
            "company_logo": as_str(job.get("company_logo")),
            "location": as_str(job.get("candidate_required_location")),
            "is_remote": True,
            "date_posted": as_date(job.get("publication_date")),
            "job_type": job_type(job.get("job_type")),
            "job_function": as_str(job.get("category")),
            "skills": [t for t in map(as_str, as_list(job.get("tags"))) if t] or None,
            "description": to_markdown(as_str(job.get("description"))),
            **salary_from_text(job.get("salary")),
        }


BOARD = Remotive()
