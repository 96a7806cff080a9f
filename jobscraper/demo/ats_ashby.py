"""The demo board's Ashby: ``GET /posting-api/job-board/{name}`` (every listed job)."""

from __future__ import annotations

import json

from jobscraper.demo import pages
from jobscraper.demo.ats import Answer, DemoAts, DemoRequest

__all__ = ["DEMO"]


def _route(request: DemoRequest) -> Answer | None:
    segments = request.segments
    if len(segments) == 3 and segments[:2] == ["posting-api", "job-board"]:
        jobs = request.jobs_of(segments[2])
        return 200, "application/json", json.dumps(pages.ashby(jobs, request.base_url)).encode()
    return None


DEMO = DemoAts(api_path=lambda slug: f"/posting-api/job-board/{slug}", route=_route)
