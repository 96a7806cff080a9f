"""The demo board's Recruitee: the careers site's offers API for the demo companies of style
``recruitee``.

Laid out like ``{company}.recruitee.com`` under ``/recruitee/{slug}``: ``GET
/recruitee/{slug}/api/offers/`` (every offer in one answer, description and requirements as HTML
with a tracking script, the salary as strings with a period, like the real API) and the job page
``/recruitee/{slug}/o/{offer slug}``.
"""

from __future__ import annotations

import json
import re
from typing import Any

from jobscraper.demo import pages
from jobscraper.demo.ats import Answer, DemoAts, DemoRequest
from jobscraper.demo.data import DemoJob

__all__ = ["DEMO", "URL", "offers"]

URL = "/recruitee/{s}/api/offers/"
"""Where a demo company's Recruitee offers are (what a user configures, with ``ats: recruitee``)."""
_TYPES = {
    "fulltime": "fulltime_permanent",
    "parttime": "parttime",
    "contract": "freelance",
    "internship": "internship",
}
_PERIODS = {"yearly": "year", "hourly": "hour"}
_TRACKER = "<script>window.rtrack && rtrack('offer_view')</script>"


def _slug(job: DemoJob) -> str:
    return f"{re.sub(r'[^a-z0-9]+', '-', job.title.lower()).strip('-')}-{job.key}"


def _offer(job: DemoJob, base: str) -> dict[str, Any]:
    site = f"{base}/recruitee/{job.company.slug}"
    salary = {"min": None, "max": None, "currency": job.currency, "period": _PERIODS[job.interval]}
    if job.salary_min:
        salary |= {"min": str(job.salary_min), "max": str(job.salary_max or job.salary_min)}
    return {
        "id": 2_600_000 + job.key,
        "slug": _slug(job),
        "status": "published",
        "title": job.title,
        "company_name": job.company.name,
        "department": "Engineering",
        "careers_url": f"{site}/o/{_slug(job)}",
        "careers_apply_url": f"{site}/o/{_slug(job)}/c/new",
        "location": job.location,
        "city": job.city,
        "country": job.country,
        "country_code": pages._COUNTRY_CODES.get(job.country, ""),
        "locations": [{"id": 1, "city": job.city, "state": job.region, "country": job.country}],
        "remote": job.remote,
        "hybrid": False,
        "on_site": not job.remote,
        "employment_type_code": _TYPES.get(job.job_type, "fulltime"),
        "published_at": f"{job.posted.isoformat()} 09:00:00 UTC",
        "description": pages._html_description(job) + _TRACKER,
        "requirements": "",
        "salary": salary,
    }


def offers(jobs: list[DemoJob], base: str) -> dict[str, Any]:
    """The ``/api/offers/`` answer for one company's jobs."""
    return {"offers": [_offer(j, base) for j in jobs]}


def _route(request: DemoRequest) -> Answer | None:
    segments, base = request.segments, request.base_url
    if segments[:1] != ["recruitee"] or request.method != "GET" or len(segments) < 3:
        return None
    found = request.jobs_of(segments[1])
    if not found:
        return None
    if segments[2:] == ["api", "offers"]:
        return 200, "application/json", json.dumps(offers(found, base)).encode()
    if len(segments) == 4 and segments[2] == "o":
        job = next((j for j in found if _slug(j) == segments[3]), None)
        return (200, "text/html", pages.career_detail(job, structured=False).encode()) if job else None
    return None


DEMO = DemoAts(api_path=lambda slug: URL.format(s=slug), route=_route)
