"""The demo board's Workable: the careers app's API for the demo companies of style ``workable``.

Laid out like ``apply.workable.com`` under ``/workable``, so the real adapter finds its detail and
job URLs beside the listing: ``POST /workable/api/v3/accounts/{slug}/jobs`` (ten a page, the next
page asked for with the answer's ``nextPage`` token in the body),
``GET /workable/api/v2/accounts/{slug}/jobs/{shortcode}`` (the description, requirements and
benefits as HTML, a tracking script included) and the job page
``/workable/{slug}/j/{shortcode}/``. Like the real API it publishes no pay and no employer name.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from jobscraper.demo import pages
from jobscraper.demo.ats import Answer, DemoAts, DemoRequest

if TYPE_CHECKING:
    from jobscraper.demo.data import DemoJob

__all__ = ["DEMO", "PAGE", "URL", "detail", "listing", "shortcode"]

URL = "/workable/api/v3/accounts/{s}/jobs"
"""Where a demo company's Workable listing is (what a user configures, with ``ats: workable``)."""
PAGE = 10
_TYPES = {"fulltime": "full", "parttime": "part", "contract": "contract", "internship": "internship"}
_TRACKER = "<script>window.workable && workable.track('job_view')</script>"


def shortcode(job: DemoJob) -> str:
    """A Workable-like job code (ten upper-case hex digits), stable across demo versions."""
    return f"{0xC0DE000000 + job.key:010X}"


def _place(job: DemoJob) -> dict[str, Any]:
    code = pages._COUNTRY_CODES.get(job.country, "")
    return {"country": job.country, "countryCode": code, "city": job.city, "region": job.region}


def _entry(job: DemoJob) -> dict[str, Any]:
    return {
        "id": 3_400_000 + job.key,
        "shortcode": shortcode(job),
        "title": job.title,
        "remote": job.remote,
        "location": _place(job),
        "locations": [{**_place(job), "hidden": False}],
        "state": "published",
        "isInternal": False,
        "published": f"{job.posted.isoformat()}T00:00:00.000Z",
        "type": _TYPES.get(job.job_type, "full"),
        "language": "en",
        "department": ["Engineering"],
        "workplace": "remote" if job.remote else "on_site",
    }


def listing(jobs: list[DemoJob], token: str | None) -> dict[str, Any]:
    """One page of the v3 listing; ``token`` is the previous page's ``nextPage`` (None: the first)."""
    start = int(token[1:]) if token and token[:1] == "p" and token[1:].isdigit() else 0
    chunk = jobs[start : start + PAGE]
    answer: dict[str, Any] = {"total": len(jobs), "results": [_entry(j) for j in chunk]}
    if start + PAGE < len(jobs):
        answer["nextPage"] = f"p{start + PAGE}"
    return answer


def detail(job: DemoJob) -> dict[str, Any]:
    """The v2 job details: the listing's fields and the text as HTML."""
    return {
        **_entry(job),
        "description": pages._html_description(job) + _TRACKER,
        "requirements": "",
        "benefits": "",
    }


def _route(request: DemoRequest) -> Answer | None:
    """The answer to a request on the demo board's Workable paths; None for any other path."""
    if request.segments[:1] != ["workable"]:
        return None
    rest, method = request.segments[1:], request.method
    if len(rest) == 5 and rest[:3] == ["api", "v3", "accounts"] and rest[4] == "jobs" and method == "POST":
        try:
            token = json.loads(request.body or b"{}").get("token")
        except (ValueError, AttributeError):
            return 400, "application/json", b'{"error": "bad request body"}'
        found = request.jobs_of(rest[3])
        return _json(listing(found, token if isinstance(token, str) else None)) if found else None
    if len(rest) == 6 and rest[:3] == ["api", "v2", "accounts"] and rest[4] == "jobs":
        job = next((j for j in request.jobs_of(rest[3]) if shortcode(j) == rest[5]), None)
        return _json(detail(job)) if job else None
    if len(rest) == 3 and rest[1] == "j":
        job = next((j for j in request.jobs_of(rest[0]) if shortcode(j) == rest[2]), None)
        return (200, "text/html", pages.career_detail(job, structured=False).encode()) if job else None
    return None


def _json(data: object) -> Answer:
    return 200, "application/json", json.dumps(data).encode()


DEMO = DemoAts(api_path=lambda slug: URL.format(s=slug), route=_route)
"""The Workable shape the demo board serves for companies of style ``workable``."""
