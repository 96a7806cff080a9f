"""The edge the UI tests fake: the API's HTTP answers, behind a real ``ApiClient`` (an
``httpx.MockTransport``), and full answers of the API's own shapes to build them from.

Nothing here reaches the network or Ray: the client, its validation and its error mapping are the
real ones, only the bytes on the wire are made up.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import httpx
from jobscraper_ui.client import ApiClient, UiConfig

from jobscraper.store.saved_shapes import CompanyPublic
from jobscraper.store.search_shapes import JobPublic

__all__ = ["JobsApi", "company_public", "job_json", "job_public", "mock_client"]

_WHEN = datetime(2025, 3, 1, 9, 30, tzinfo=UTC).isoformat()


def job_json(job_id: int, **fields: Any) -> dict[str, Any]:
    """A whole ``JobPublic`` as the API's JSON has it: ``fields`` over empty defaults (each of
    ``sources`` needs only its ``site`` and ``job_url``)."""
    base: dict[str, Any] = {name: None for name in JobPublic.model_fields}
    base.update(
        id=job_id,
        title=f"Job {job_id}",
        site="company",
        job_url=f"https://jobs.example/{job_id}",
        favorite=False,
        notes="",
        status="new",
        hidden=False,
        failed_checks=0,
        first_seen=_WHEN,
        last_seen=_WHEN,
        updated_at=_WHEN,
        sources=[],
    )
    sources = [
        {"url": s["job_url"], "job_url_direct": None, "first_seen": _WHEN, "last_seen": _WHEN, **s}
        for s in fields.pop("sources", [])
    ]
    return {**base, **fields, "sources": sources}


def job_public(job_id: int = 7, **fields: Any) -> JobPublic:
    return JobPublic.model_validate(job_json(job_id, **fields))


def company_public(**fields: Any) -> CompanyPublic:
    base: dict[str, Any] = {
        "id": 1,
        "name": "Acme",
        "url": "https://acme.example/careers",
        "ats": "auto",
        "detected": "html",
        "board_url": None,
        "render_js": False,
        "enabled": True,
        "jobs": 0,
        "created_at": _WHEN,
        "updated_at": None,
    }
    return CompanyPublic.model_validate({**base, **fields})


def mock_client(handler: Callable[[httpx.Request], httpx.Response]) -> ApiClient:
    """A real client whose requests ``handler`` answers."""
    return ApiClient(UiConfig("http://api", "tok", 0.5), transport=httpx.MockTransport(handler))


class JobsApi:
    """The job routes over a dict of jobs: ``GET``/``PATCH /api/jobs/{id}``; PATCH bodies are kept."""

    def __init__(self, jobs: dict[str, dict[str, Any]]) -> None:
        self.jobs = jobs
        self.patched: list[tuple[str, dict[str, Any]]] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        found = re.fullmatch(r"/api/jobs/(\d+)", request.url.path)
        if found is None or found.group(1) not in self.jobs:
            return httpx.Response(404, json={"detail": f"no {request.url.path}"})
        job_id = found.group(1)
        if request.method == "PATCH":
            change = json.loads(request.content)
            self.patched.append((job_id, change))
            self.jobs[job_id] = {**self.jobs[job_id], **change}
        return httpx.Response(200, json=self.jobs[job_id])
