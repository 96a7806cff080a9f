"""The demo board's BambooHR: the careers site's public JSON for the demo companies of style
``bamboohr``.

Laid out like ``{company}.bamboohr.com/careers`` under ``/bamboohr/{slug}/careers``: ``GET
.../careers/list`` (every opening, no date and no description, like the real list), ``GET
.../careers/{id}/detail`` (the description as HTML with a tracking script, the posting date and a
free-text compensation) and the opening's page ``.../careers/{id}``. Every fifth opening's details
are gone (404), as when an opening closes between the list and its details: the adapter keeps it.
"""

from __future__ import annotations

import json
from typing import Any

from jobscraper.demo import pages
from jobscraper.demo.ats import Answer, DemoAts, DemoRequest
from jobscraper.demo.data import DemoJob

__all__ = ["DEMO", "URL", "detail", "listing", "opening_id"]

URL = "/bamboohr/{s}/careers/list"
"""Where a demo company's BambooHR list is (what a user configures, with ``ats: bamboohr``)."""
_STATUS = {"fulltime": "Full-Time", "parttime": "Part-Time", "contract": "Contractor", "internship": "Intern"}
_UNITS = {"yearly": "year", "hourly": "hour"}
_TRACKER = "<script>_paq.push(['trackPageView'])</script>"


def opening_id(job: DemoJob) -> str:
    """A BambooHR-like opening id, stable across demo versions."""
    return str(100 + job.key)


def _gone(job: DemoJob) -> bool:
    return job.key % 5 == 0


def _entry(job: DemoJob) -> dict[str, Any]:
    office = {"city": job.city, "state": job.region}
    return {
        "id": opening_id(job),
        "jobOpeningName": job.title,
        "departmentId": "18",
        "departmentLabel": "Engineering",
        "employmentStatusLabel": _STATUS.get(job.job_type, "Full-Time"),
        "location": {"city": None, "state": None} if job.remote else office,
        "atsLocation": {**office, "country": job.country, "province": None} if job.remote else {},
        "isRemote": None,
        "locationType": "1" if job.remote else "0",
    }


def listing(jobs: list[DemoJob]) -> dict[str, Any]:
    """The ``/careers/list`` answer for one company's openings."""
    return {"meta": {"totalCount": len(jobs)}, "result": [_entry(j) for j in jobs]}


def detail(job: DemoJob) -> dict[str, Any]:
    """The ``/careers/{id}/detail`` answer: the list's fields, the text, the date, the pay."""
    pay = None
    if job.salary_min:
        high = job.salary_max or job.salary_min
        pay = f"{job.currency} {job.salary_min:,} - {high:,} per {_UNITS[job.interval]}"
    opening = {
        **_entry(job),
        "jobOpeningStatus": "Open",
        "description": pages._html_description(job) + _TRACKER,
        "datePosted": job.posted.isoformat(),
        "compensation": pay,
    }
    return {"meta": {"version": 1}, "result": {"jobOpening": opening, "formFields": {"customQuestions": []}}}


def _route(request: DemoRequest) -> Answer | None:
    segments = request.segments
    if segments[:1] != ["bamboohr"] or request.method != "GET" or segments[2:3] != ["careers"]:
        return None
    found = request.jobs_of(segments[1])
    if not found:
        return None
    if segments[3:] == ["list"]:
        return 200, "application/json", json.dumps(listing(found)).encode()
    job = next((j for j in found if segments[3:4] == [opening_id(j)]), None)
    if job is not None and segments[4:] == ["detail"] and not _gone(job):
        return 200, "application/json", json.dumps(detail(job)).encode()
    if job is not None and len(segments) == 4:
        return 200, "text/html", pages.career_detail(job, structured=False).encode()
    return None


DEMO = DemoAts(api_path=lambda slug: URL.format(s=slug), route=_route)
