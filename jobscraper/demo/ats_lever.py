"""The demo board's Lever: ``GET /v0/postings/{company}`` (every posting, as a bare list)."""

from __future__ import annotations

import json

from jobscraper.demo import pages
from jobscraper.demo.ats import Answer, DemoAts, DemoRequest

__all__ = ["DEMO"]


def _route(request: DemoRequest) -> Answer | None:
    segments = request.segments
    if len(segments) == 3 and segments[:2] == ["v0", "postings"]:
        jobs = request.jobs_of(segments[2])
        return 200, "application/json", json.dumps(pages.lever(jobs, request.base_url)).encode()
    return None


DEMO = DemoAts(api_path=lambda slug: f"/v0/postings/{slug}?mode=json", route=_route)
