"""The demo board's Greenhouse: ``GET /v1/boards/{token}/jobs`` (every job, content included)."""

from __future__ import annotations

import json

from jobscraper.demo import pages
from jobscraper.demo.ats import Answer, DemoAts, DemoRequest

__all__ = ["DEMO"]


def _route(request: DemoRequest) -> Answer | None:
    segments = request.segments
    if len(segments) == 4 and segments[:2] == ["v1", "boards"] and segments[3] == "jobs":
        jobs = request.jobs_of(segments[2])
        return 200, "application/json", json.dumps(pages.greenhouse(jobs, request.base_url)).encode()
    return None


DEMO = DemoAts(api_path=lambda slug: f"/v1/boards/{slug}/jobs?content=true", route=_route)
