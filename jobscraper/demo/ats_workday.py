"""The demo board's Workday tenants: the CXS API's paged POST listing and its detail answers.

A demo company in the "workday" style is the tenant ``{slug}`` with the site ``{Slug}_Careers``
(``acme-robotics`` → ``Acme-Robotics_Careers``), answering where Workday does:

- ``POST /wday/cxs/{slug}/{site}/jobs`` — ``{"limit": ≤ 20, "offset": N}``; ``total`` is only
  non-zero on the first page (as on Workday), postings say "2 Locations" and "Posted 3 Days Ago";
  a limit above 20 is answered 400, as Workday does;
- ``GET /wday/cxs/{slug}/{site}/job/{City}/{Title}_JR{key}`` — ``jobPostingInfo`` with the HTML
  description (and a script to be dropped), ``startDate``, ``timeType``, ``remoteType``, the offices,
  and ``hiringOrganization``; a job that is not (or no longer) listed is a 404;
- ``GET /{site}/job/{City}/{Title}_JR{key}`` — the job's public careers page (HTML with JSON-LD):
  the job URL the adapter builds.

Every third job has a second office, so a posting with several offices is shown end to end. The
CXS API has no salary field, so none is sent (the description carries no pay either).
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable
from datetime import date
from typing import Any

from jobscraper.demo.ats import Answer, DemoAts, DemoRequest
from jobscraper.demo.data import TODAY, DemoJob
from jobscraper.demo.pages import career_detail

__all__ = ["DEMO", "PAGE_LIMIT", "api_path", "detail", "listing", "route", "site_of"]

PAGE_LIMIT = 20
_TIME_TYPES = {"parttime": "Part time"}  # Workday's timeType is full or part time; the rest is a subtype
_SITE_SUFFIX = "_Careers"
_KEY = re.compile(r"_JR(\d+)$")


def site_of(slug: str) -> str:
    """The Workday site name of a demo company: "acme-robotics" → "Acme-Robotics_Careers"."""
    return slug.title() + _SITE_SUFFIX


def api_path(slug: str) -> str:
    """Where a demo company's listing answers (what its config names with ``ats: workday``)."""
    return f"/wday/cxs/{slug}/{site_of(slug)}/jobs"


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-")


def _external_path(job: DemoJob) -> str:
    return f"/job/{_slug(job.city)}/{_slug(job.title)}_JR{job.key}"


def _offices(job: DemoJob, all_jobs: list[DemoJob]) -> list[str]:
    first = f"{job.city}, {job.country}"
    if job.key % 3:
        return [first]
    other = next((f"{j.city}, {j.country}" for j in all_jobs if j.city != job.city), None)
    return [first, other] if other else [first]


def _posted_label(day: date) -> str:
    days = (TODAY - day).days
    if days <= 0:
        return "Posted Today"
    if days == 1:
        return "Posted Yesterday"
    return "Posted 30+ Days Ago" if days >= 30 else f"Posted {days} Days Ago"


def _description(job: DemoJob) -> str:
    blocks = []
    for block in job.description.split("\n\n"):
        if block.startswith("## "):
            blocks.append(f"<h2>{html.escape(block[3:])}</h2>")
        elif block.startswith("- "):
            items = "".join(f"<li>{html.escape(line[2:])}</li>" for line in block.splitlines())
            blocks.append(f"<ul>{items}</ul>")
        else:
            blocks.append(f"<p>{html.escape(block).replace('**', '')}</p>")
    return f"<div>{''.join(blocks)}<script>wdTrack('JR{job.key}')</script></div>"


def listing(jobs: list[DemoJob], body: bytes) -> Answer:
    """One page of the listing for the POSTed ``limit``/``offset``."""
    try:
        asked = json.loads(body or b"{}")
        limit, offset = int(asked.get("limit", PAGE_LIMIT)), int(asked.get("offset", 0))
    except (ValueError, TypeError, AttributeError):
        return _error(400, "Invalid request body")
    if not 0 < limit <= PAGE_LIMIT or offset < 0:
        return _error(400, f"limit must be between 1 and {PAGE_LIMIT}")
    page = [
        {
            "title": job.title,
            "externalPath": _external_path(job),
            "locationsText": (
                f"{len(offices)} Locations" if len(offices := _offices(job, jobs)) > 1 else offices[0]
            ),
            "postedOn": _posted_label(job.posted),
            "bulletFields": [f"JR{job.key}"],
        }
        for job in jobs[offset : offset + limit]
    ]
    answer = {
        "total": len(jobs) if offset == 0 else 0,
        "jobPostings": page,
        "facets": [],
        "userAuthenticated": False,
    }
    return 200, "application/json", json.dumps(answer).encode()


def _job(jobs: list[DemoJob], external_path: str) -> DemoJob | None:
    match = _KEY.search(external_path)
    job = next((j for j in jobs if match and j.key == int(match.group(1))), None)
    return job if job is not None and _external_path(job) == external_path else None


def detail(jobs: list[DemoJob], external_path: str, base: str, site: str) -> Answer:
    """A job's ``jobPostingInfo``, or Workday's 404 when it is not listed."""
    job = _job(jobs, external_path)
    if job is None:
        return _error(404, "The page you are looking for doesn't exist.")
    first, *more = _offices(job, jobs)
    info: dict[str, Any] = {
        "id": f"{job.key:032x}",
        "title": job.title,
        "jobDescription": _description(job),
        "location": first,
        "postedOn": _posted_label(job.posted),
        "startDate": job.posted.isoformat(),
        "timeType": _TIME_TYPES.get(job.job_type, "Full time"),
        "remoteType": "Remote" if job.remote else "On-site",
        "jobReqId": f"JR{job.key}",
        "jobPostingSiteId": site,
        "country": {"descriptor": job.country},
        "canApply": True,
        "posted": True,
        "externalUrl": f"{base}/{site}{external_path}",
    }
    if more:
        info["additionalLocations"] = more
    answer = {"jobPostingInfo": info, "hiringOrganization": {"name": job.company.name, "url": ""}}
    return 200, "application/json", json.dumps(answer).encode()


def route(
    method: str, segments: list[str], body: bytes, jobs_of: Callable[[str], list[DemoJob]], base: str
) -> Answer | None:
    """The answer for a Workday request on the demo board; None when the path is not Workday's.

    ``jobs_of(slug)`` is a company's jobs, in the demo's order (empty for an unknown company)."""
    if len(segments) >= 5 and segments[:2] == ["wday", "cxs"]:
        jobs = [j for j in jobs_of(segments[2]) if j.company.style == "workday"]
        if not jobs or segments[3] != site_of(segments[2]):
            return _error(404, "Not found")
        if segments[4:] == ["jobs"]:
            return listing(jobs, body) if method == "POST" else _error(405, "Use POST")
        if segments[4] == "job" and method == "GET":
            return detail(jobs, "/" + "/".join(segments[4:]), base, segments[3])
        return _error(404, "Not found")
    if len(segments) >= 2 and segments[0].endswith(_SITE_SUFFIX) and segments[1] == "job":
        slug = segments[0].removesuffix(_SITE_SUFFIX).lower()
        jobs = [j for j in jobs_of(slug) if j.company.style == "workday"]
        job = _job(jobs, "/" + "/".join(segments[1:])) if site_of(slug) == segments[0] else None
        return (200, "text/html", career_detail(job, structured=True).encode()) if job else None
    return None


def _routed(request: DemoRequest) -> Answer | None:
    return route(request.method, request.segments, request.body, request.jobs_of, request.base_url)


def _error(status: int, message: str) -> Answer:
    return (
        status,
        "application/json",
        json.dumps({"errorCode": f"HTTP_{status}", "message": message}).encode(),
    )


DEMO = DemoAts(api_path=api_path, route=_routed)
"""Workday's shape on the demo board (found by :func:`jobscraper.demo.ats.demo_ats`)."""
