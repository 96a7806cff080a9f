"""The demo board's SmartRecruiters: the Posting API for the demo companies of style ``smartrecruiters``.

Laid out like ``api.smartrecruiters.com`` under ``/smartrecruiters``:
``GET /smartrecruiters/v1/companies/{slug}/postings?limit=&offset=`` (``totalFound`` on every page;
at most :data:`PAGE` a page whatever ``limit`` asks, as a server may clamp it) and
``GET /smartrecruiters/v1/companies/{slug}/postings/{id}`` (``jobAd.sections`` as HTML with a
tracking script, ``postingUrl``/``applyUrl`` on the demo's career pages, ``compensation`` where the
job has a salary).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs

from jobscraper.demo import pages
from jobscraper.demo.ats import Answer, DemoAts, DemoRequest

if TYPE_CHECKING:
    from jobscraper.demo.data import DemoJob

__all__ = ["DEMO", "PAGE", "URL", "detail", "listing", "posting_id"]

URL = "/smartrecruiters/v1/companies/{s}/postings"
"""Where a demo company's SmartRecruiters listing is (configured with ``ats: smartrecruiters``)."""
PAGE = 10
_TYPES = {
    "fulltime": ("permanent", "Full-time"),
    "parttime": ("part_time", "Part-time"),
    "contract": ("contract", "Contract"),
    "internship": ("intern", "Intern"),
}
_TRACKER = '<script src="https://c.smartrecruiters.com/sr-careersite.js"></script>'


def posting_id(job: DemoJob) -> str:
    """A SmartRecruiters-like posting id (15 digits), stable across demo versions."""
    return str(744_000_000_000_000 + job.key)


def _entry(job: DemoJob) -> dict[str, Any]:
    type_id, type_label = _TYPES.get(job.job_type, _TYPES["fulltime"])
    return {
        "id": posting_id(job),
        "name": job.title,
        "refNumber": f"REF{job.key:04d}D",
        "company": {"identifier": job.company.slug, "name": job.company.name},
        "releasedDate": f"{job.posted.isoformat()}T09:00:00.000Z",
        "location": {
            "city": job.city,
            "region": job.region,
            "country": pages._COUNTRY_CODES.get(job.country, "").lower(),
            "remote": job.remote,
            "hybrid": False,
            "fullLocation": job.location,
        },
        "department": {"id": "1001", "label": "Engineering"},
        "function": {"id": "engineering", "label": "Engineering"},
        "typeOfEmployment": {"id": type_id, "label": type_label},
        "experienceLevel": {"id": "mid_senior_level", "label": "Mid-Senior Level"},
    }


def listing(jobs: list[DemoJob], offset: int, limit: int, api: str) -> dict[str, Any]:
    """One page of the postings listing, ``api`` being the listing's absolute URL."""
    served = max(1, min(limit, PAGE))
    chunk = jobs[offset : offset + served]
    content = [{**_entry(j), "ref": f"{api}/{posting_id(j)}"} for j in chunk]
    return {"offset": offset, "limit": served, "totalFound": len(jobs), "content": content}


def detail(job: DemoJob, base: str) -> dict[str, Any]:
    """One posting's details; its public page is the demo career site's page for the job."""
    page = f"{base}/careers/{job.company.slug}/jobs/{job.key}"
    sections = {
        "companyDescription": {"title": "Company Description", "text": f"<p>{job.company.name}.</p>"},
        "jobDescription": {"title": "Job Description", "text": pages._html_description(job) + _TRACKER},
        "qualifications": {"title": "Qualifications", "text": ""},
        "additionalInformation": {"title": "Additional Information", "text": ""},
    }
    answer: dict[str, Any] = {
        **_entry(job),
        "jobAd": {"sections": sections},
        "postingUrl": page,
        "applyUrl": f"{page}?oga=true",
        "active": True,
        "visibility": "PUBLIC",
    }
    if job.salary_min is not None:
        period = "YEAR" if job.interval == "yearly" else "HOUR"
        answer["compensation"] = {
            "min": job.salary_min,
            "max": job.salary_max,
            "currency": job.currency,
            "period": period,
        }
    return answer


def _number(query: dict[str, list[str]], name: str, default: int) -> int:
    text = (query.get(name) or [str(default)])[0]
    return int(text) if text.isdigit() else default


def _route(request: DemoRequest) -> Answer | None:
    """The answer to a request on the demo board's SmartRecruiters paths; None for any other path."""
    segments = request.segments
    if request.method != "GET" or segments[:3] != ["smartrecruiters", "v1", "companies"] or len(segments) < 5:
        return None
    slug, rest = segments[3], segments[4:]
    found = request.jobs_of(slug)
    if not found or rest[0] != "postings":
        return None
    if len(rest) == 1:
        args = parse_qs(request.query)
        api = f"{request.base_url}{URL.format(s=slug)}"
        return _json(listing(found, _number(args, "offset", 0), _number(args, "limit", 100), api))
    job = next((j for j in found if posting_id(j) == rest[1]), None) if len(rest) == 2 else None
    return _json(detail(job, request.base_url)) if job else None


def _json(data: object) -> Answer:
    return 200, "application/json", json.dumps(data).encode()


DEMO = DemoAts(api_path=lambda slug: URL.format(s=slug), route=_route)
"""The SmartRecruiters shape the demo board serves for companies of style ``smartrecruiters``."""
