"""The demo board's Personio, Recruitee and Teamtailor shapes, read by the real adapters.

The demo modules' routes answer in-process (no server): a client hands each request to the
module's ``DEMO.route`` the way the demo board does, and what the adapters make of the answers is
compared with the catalogue the demo serves.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Mapping
from types import ModuleType
from urllib.parse import urlsplit

import pytest

from jobscraper.demo import ats_personio, ats_recruitee, ats_teamtailor
from jobscraper.demo.ats import DemoRequest
from jobscraper.demo.data import DemoJob, catalogue
from jobscraper.errors import SourceUnavailable
from jobscraper.posting import Posting
from jobscraper.sources.ats.base import AtsAdapter
from jobscraper.sources.ats.personio import ADAPTER as PERSONIO
from jobscraper.sources.ats.recruitee import ADAPTER as RECRUITEE
from jobscraper.sources.ats.teamtailor import ADAPTER as TEAMTAILOR

BASE = "http://demo.test"
JOBS = catalogue(companies=2, jobs_per_company=9, style="jsonld")  # any style: the routes take jobs
SLUG = JOBS[0].company.slug
SHAPES: list[tuple[AtsAdapter, ModuleType]] = [
    (PERSONIO, ats_personio),
    (RECRUITEE, ats_recruitee),
    (TEAMTAILOR, ats_teamtailor),
]


def _jobs(slug: str) -> list[DemoJob]:
    return [j for j in JOBS if j.company.slug == slug]


def _answer(module: ModuleType, url: str) -> tuple[int, str, bytes] | None:
    parts = urlsplit(url)
    segments = [s for s in parts.path.split("/") if s]
    request = DemoRequest("GET", parts.path, segments, parts.query, b"", BASE, _jobs)
    answer: tuple[int, str, bytes] | None = module.DEMO.route(request)
    return answer


class DemoClient:
    """An AtsClient answered by one demo module's route, as the demo board would answer it."""

    def __init__(self, module: ModuleType) -> None:
        self.module = module
        self.requests: list[str] = []

    async def get_text(self, url: str) -> str:
        self.requests.append(url)
        found = _answer(self.module, url)
        if found is None:
            raise SourceUnavailable(url, "HTTP 404")
        assert found[0] == 200
        return found[2].decode()

    async def get_json(self, url: str) -> object:
        return json.loads(await self.get_text(url))

    async def post_json(self, url: str, body: Mapping[str, object]) -> object:
        raise AssertionError(url)


def _scrape(adapter: AtsAdapter, module: ModuleType, slug: str = SLUG) -> tuple[list[Posting], DemoClient]:
    url = BASE + module.DEMO.api_path(slug)
    board = adapter.endpoint(url, [s for s in urlsplit(url).path.split("/") if s], "demo.test")
    client = DemoClient(module)
    parsed = asyncio.run(adapter.scrape(board, client, company=None))
    assert parsed.skipped == []
    return parsed.postings, client


@pytest.mark.parametrize(("adapter", "module"), SHAPES, ids=lambda x: getattr(x, "kind", ""))
def test_every_demo_job_comes_out_whole_in_one_request(adapter: AtsAdapter, module: ModuleType) -> None:
    postings, client = _scrape(adapter, module)
    assert len(client.requests) == 1
    jobs = {j.title: j for j in _jobs(SLUG)}
    assert sorted(p.title for p in postings) == sorted(jobs)
    for posting in postings:
        job = jobs[posting.title]
        assert posting.site == adapter.kind and posting.company == job.company.name
        assert posting.date_posted == job.posted
        assert job.city in (posting.location or "")
        if job.remote:  # Personio says so only by an office named "Remote": not-remote is unknown
            assert posting.is_remote is True
        text = posting.description or ""
        assert job.skills[0] in text and "<script" not in text and "track" not in text
        # the job page the posting links to is served by the demo too
        page = _answer(module, posting.job_url)
        assert page is not None and page[0] == 200 and job.title.encode() in page[2]


def test_each_shape_fills_what_its_real_api_has() -> None:
    by_kind = {a.kind: {p.title: p for p in _scrape(a, m)[0]} for a, m in SHAPES}
    for job in _jobs(SLUG):
        personio, recruitee, teamtailor = (
            by_kind[k][job.title] for k in ("personio", "recruitee", "teamtailor")
        )
        assert personio.job_type == job.job_type and personio.job_function == "Engineering"
        assert personio.min_amount is None  # the demo's Personio publishes no pay
        assert recruitee.location == job.location and recruitee.job_type == job.job_type
        assert (recruitee.min_amount, recruitee.max_amount) == (
            (float(job.salary_min), float(job.salary_max or job.salary_min))
            if job.salary_min
            else (None, None)
        )
        assert recruitee.interval == (job.interval if job.salary_min else None)
        assert recruitee.is_remote is job.remote and teamtailor.is_remote is job.remote
        assert teamtailor.location == f"{job.city}, {job.country}" and teamtailor.job_type is None


@pytest.mark.parametrize(("adapter", "module"), SHAPES, ids=lambda x: getattr(x, "kind", ""))
def test_an_unknown_company_or_path_is_not_the_shapes(adapter: AtsAdapter, module: ModuleType) -> None:
    assert _answer(module, BASE + module.DEMO.api_path("no-such-company")) is None
    assert _answer(module, f"{BASE}/{adapter.kind}/{SLUG}/nothing/here") is None
    assert _answer(module, f"{BASE}/v1/boards/{SLUG}/jobs") is None
