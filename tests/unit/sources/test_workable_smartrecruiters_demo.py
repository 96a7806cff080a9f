"""The demo board's Workable and SmartRecruiters shapes, read by the real adapters.

The demo modules' routes answer in-process (no server): a client hands each request to the
module's ``DEMO.route`` the way the demo board does, and what the adapters make of the answers is
compared with the catalogue the demo serves.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Mapping
from urllib.parse import urlsplit

import pytest

from jobscraper.demo import ats_smartrecruiters, ats_workable
from jobscraper.demo.ats import Answer, DemoRequest
from jobscraper.demo.data import DemoJob, catalogue
from jobscraper.errors import SourceUnavailable
from jobscraper.posting import Posting
from jobscraper.sources.ats.base import AtsAdapter, ParsedBoard
from jobscraper.sources.ats.smartrecruiters import ADAPTER as SMARTRECRUITERS
from jobscraper.sources.ats.workable import ADAPTER as WORKABLE

BASE = "http://demo.test"
JOBS = catalogue(companies=2, jobs_per_company=23, style="jsonld")  # any style: the routes take jobs
SLUG = JOBS[0].company.slug
_TYPES = {"fulltime": "fulltime", "parttime": "parttime", "contract": "contract", "internship": "internship"}


def _jobs(slug: str) -> list[DemoJob]:
    return [j for j in JOBS if j.company.slug == slug]


def _route(method: str, url: str, body: bytes = b"") -> Answer | None:
    parts = urlsplit(url)
    segments = [s for s in parts.path.split("/") if s]
    request = DemoRequest(method, parts.path, segments, parts.query, body, BASE, _jobs)
    return ats_workable.DEMO.route(request) or ats_smartrecruiters.DEMO.route(request)


class DemoClient:
    """An AtsClient answered by a demo module's route, as the demo board would answer it."""

    def __init__(self) -> None:
        self.requests: list[str] = []

    def _answer(self, url: str, method: str, body: bytes) -> object:
        self.requests.append(f"{method} {url}")
        found = _route(method, url, body)
        if found is None:
            error = SourceUnavailable(url, "HTTP 404")
            error.status = 404  # type: ignore[attr-defined]
            raise error
        status, _, payload = found
        assert status == 200, payload
        return json.loads(payload)

    async def get_text(self, url: str) -> str:
        raise AssertionError(url)

    async def get_json(self, url: str) -> object:
        return self._answer(url, "GET", b"")

    async def post_json(self, url: str, body: Mapping[str, object]) -> object:
        return self._answer(url, "POST", json.dumps(body).encode())


def _scrape(adapter: AtsAdapter, url: str) -> tuple[ParsedBoard, DemoClient]:
    board = adapter.endpoint(url, [s for s in urlsplit(url).path.split("/") if s], "demo.test")
    client = DemoClient()
    parsed = asyncio.run(adapter.scrape(board, client, company=None))
    return parsed, client


def _check_common(posting: Posting, job: DemoJob) -> None:
    assert posting.title == job.title
    assert posting.location == job.location
    assert posting.is_remote is job.remote
    assert posting.job_type == _TYPES[job.job_type]
    assert posting.date_posted == job.posted
    text = posting.description or ""
    assert job.skills[0] in text and "<script" not in text and "track" not in text


def test_workable_demo_pages_and_details() -> None:
    parsed, client = _scrape(WORKABLE, BASE + ats_workable.DEMO.api_path(SLUG))
    jobs = _jobs(SLUG)
    posts = [r for r in client.requests if r.startswith("POST")]
    assert len(posts) == 3  # 23 jobs, ten a page
    assert parsed.skipped == []
    by_title = {p.title: p for p in parsed.postings}
    assert len(by_title) == len(jobs)
    for job in jobs:
        posting = by_title[job.title]
        _check_common(posting, job)
        assert posting.id == f"wk-{ats_workable.shortcode(job)}"
        assert posting.job_url == f"{BASE}/workable/{SLUG}/j/{ats_workable.shortcode(job)}/"
        assert posting.min_amount is None  # Workable's public API publishes no pay


def test_workable_demo_serves_the_job_page_it_links_to() -> None:
    job = _jobs(SLUG)[0]
    found = _route("GET", f"{BASE}/workable/{SLUG}/j/{ats_workable.shortcode(job)}/")
    assert found is not None and found[0] == 200 and job.title.encode() in found[2]
    assert _route("GET", f"{BASE}/workable/{SLUG}/j/NOPE/") is None
    assert _route("GET", f"{BASE}/careers/x/") is None


def test_smartrecruiters_demo_pages_and_details() -> None:
    parsed, client = _scrape(SMARTRECRUITERS, BASE + ats_smartrecruiters.DEMO.api_path(SLUG))
    jobs = _jobs(SLUG)
    pages = [r for r in client.requests if "offset=" in r]
    assert [r.rsplit("offset=", 1)[1] for r in pages] == ["0", "10", "20"]  # clamped to 10 a page
    assert parsed.skipped == []
    by_title = {p.title: p for p in parsed.postings}
    assert len(by_title) == len(jobs)
    for job in jobs:
        posting = by_title[job.title]
        _check_common(posting, job)
        assert posting.company == job.company.name
        assert posting.job_url == f"{BASE}/careers/{SLUG}/jobs/{job.key}"
        assert (posting.min_amount, posting.max_amount) == (job.salary_min, job.salary_max)
        if job.salary_min is not None:
            assert posting.currency == job.currency and posting.interval == job.interval


@pytest.mark.parametrize(
    "path",
    [
        "/smartrecruiters/v1/companies/nobody/postings",
        "/smartrecruiters/v1/companies/{s}/postings/1",
        "/smartrecruiters/v1/companies/{s}/other",
        "/workable/api/v3/accounts/nobody/jobs",
    ],
)
def test_the_demo_shapes_answer_nothing_for_unknown_paths(path: str) -> None:
    assert _route("GET", BASE + path.format(s=SLUG)) is None
