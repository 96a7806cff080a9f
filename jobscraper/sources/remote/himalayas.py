"""Himalayas (https://himalayas.app/jobs/api?limit=…&offset=…): JSON pages of ``jobs`` (20 a page
whatever the limit asked), newest first, with ``totalCount``. ``pubDate`` is a Unix time (seconds
in practice, milliseconds in its schema: both are read); ``locationRestrictions`` lists the
countries a job is open to (names, or objects with a ``name``, seen both ways; empty: worldwide).
``guid`` is the job's Himalayas page (``job_url``, with ``site`` ``himalayas``, the attribution
its terms ask for); ``applicationLink`` is kept as ``job_url_direct``.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

from jobscraper.config import SavedSearch
from jobscraper.posting import is_http_url
from jobscraper.sources.ats.coerce import (
    as_dict,
    as_list,
    as_num,
    as_str,
    job_type,
    join_places,
    salary_fields,
)
from jobscraper.sources.html import to_markdown
from jobscraper.sources.remote.base import Page, epoch_date, json_jobs, posting
from jobscraper.vocabulary import PAY_INTERVALS, normal_interval

__all__ = ["BOARD", "Himalayas"]

API = "https://himalayas.app/jobs/api"
LIMIT = 20


def _place(value: Any) -> str | None:
    if isinstance(value, dict):
        return as_str(value.get("name")) or as_str(value.get("alpha2"))
    return as_str(value) if isinstance(value, str) else None


class Himalayas:
    site = "himalayas"

    def first_url(self, search: SavedSearch) -> str:
        return self._page_url(0)

    @staticmethod
    def _page_url(offset: int) -> str:
        return f"{API}?{urlencode({'limit': LIMIT, 'offset': offset})}"

    def parse(self, text: str, url: str) -> Page:
        payload, jobs = json_jobs(text, url, "jobs")
        total = as_num(payload.get("totalCount"))
        offset = int(as_num((parse_qs(urlsplit(url).query).get("offset") or ["0"])[0]) or 0)
        following = offset + len(jobs)
        more = bool(jobs) and (total is None or following < total)
        page = Page(next_url=self._page_url(following) if more else None, total=int(total or 0) or None)
        for entry in jobs:
            if (found := posting(self._values(as_dict(entry)), page.skipped)) is not None:
                page.postings.append(found)
        return page

    def _values(self, job: dict[str, Any]) -> dict[str, Any]:
        guid, apply = as_str(job.get("guid")), as_str(job.get("applicationLink"))
        places = [p for p in map(_place, as_list(job.get("locationRestrictions"))) if p]
        seniority = job.get("seniority")
        level = ", ".join(filter(None, map(as_str, as_list(seniority)))) or as_str(seniority)
        period = normal_interval(as_str(job.get("salaryPeriod")) or "annual")  # fortnightly: unknown
        interval = period if period in PAY_INTERVALS else None
        currency = job.get("currency") or job.get("salaryCurrency")
        return {
            "site": self.site,
            "id": guid,
            "job_url": guid if guid and is_http_url(guid) else apply,
            "job_url_direct": apply,
            "title": as_str(job.get("title")),
            "company": as_str(job.get("companyName")),
            "company_logo": as_str(job.get("companyLogo")),
            "location": join_places(places) or "Worldwide",
            "is_remote": True,
            "date_posted": epoch_date(job.get("pubDate")),
            "job_type": job_type(job.get("employmentType")),
            "job_level": level or None,
            "skills": [c for c in map(as_str, as_list(job.get("categories"))) if c] or None,
            "description": to_markdown(as_str(job.get("description")) or as_str(job.get("excerpt"))),
            **salary_fields(job.get("minSalary"), job.get("maxSalary"), currency, interval),
        }


BOARD = Himalayas()
