"""Remote OK (https://remoteok.com/api): one JSON list whose first element is the legal notice
(``{"legal": …}``, no ``id``), then every listed job, newest first, salary in US dollars a year
(0 when unknown). Its terms ask for a link back to the job's Remote OK page and Remote OK named as
the source: ``job_url`` is that page (``url``), ``site`` is ``remoteok``; ``apply_url`` is kept as
``job_url_direct``.
"""

from __future__ import annotations

import json
from typing import Any

from jobscraper.config import SavedSearch
from jobscraper.sources.ats.coerce import as_date, as_dict, as_list, as_num, as_str, salary_fields
from jobscraper.sources.html import to_markdown
from jobscraper.sources.remote.base import Page, epoch_date, posting, shape_error

__all__ = ["BOARD", "RemoteOk"]

API = "https://remoteok.com/api"


class RemoteOk:
    site = "remoteok"

    def first_url(self, search: SavedSearch) -> str:
        return API

    def parse(self, text: str, url: str) -> Page:
        try:
            payload = json.loads(text)
        except ValueError as exc:
            raise shape_error(url, "not JSON") from exc
        if not isinstance(payload, list):
            raise shape_error(url, "not a list")
        page = Page()
        for entry in payload:
            job = as_dict(entry)
            if job.get("id") is None and "legal" in job:  # the notice, not a job
                continue
            if (found := posting(self._values(job), page.skipped)) is not None:
                page.postings.append(found)
        return page

    def _values(self, job: dict[str, Any]) -> dict[str, Any]:
        slug = as_str(job.get("slug"))
        page_url = as_str(job.get("url")) or (f"https://remoteok.com/remote-jobs/{slug}" if slug else None)
        return {
            "site": self.site,
            "id": as_str(job.get("id")),
            "job_url": page_url,
            "job_url_direct": as_str(job.get("apply_url")),
            "title": as_str(job.get("position")),
            "company": as_str(job.get("company")),
            "company_logo": as_str(job.get("company_logo")) or as_str(job.get("logo")),
            "location": as_str(job.get("location")),
            "is_remote": True,
            "date_posted": as_date(job.get("date")) or epoch_date(job.get("epoch")),
            "skills": [t for t in map(as_str, as_list(job.get("tags"))) if t] or None,
            "description": to_markdown(as_str(job.get("description"))),
            **salary_fields(as_num(job.get("salary_min")), as_num(job.get("salary_max")), "USD", "yearly"),
        }


BOARD = RemoteOk()
