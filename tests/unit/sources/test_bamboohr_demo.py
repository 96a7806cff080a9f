"""The demo board's BambooHR shape, read by the real adapter in-process: the list, each opening's
details, and the openings whose details are gone kept from the list."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Mapping
from urllib.parse import urlsplit

from jobscraper.demo import ats_bamboohr
from jobscraper.demo.ats import DemoRequest
from jobscraper.demo.data import DemoJob, catalogue
from jobscraper.errors import SourceUnavailable
from jobscraper.sources.ats.bamboohr import ADAPTER

BASE = "http://demo.test"
JOBS = catalogue(companies=2, jobs_per_company=11, style="jsonld")  # any style: the route takes jobs
SLUG = JOBS[0].company.slug


def _jobs(slug: str) -> list[DemoJob]:
    return [j for j in JOBS if j.company.slug == slug]


class DemoClient:
    """An AtsClient answered by the demo module's route, as the demo board would answer it."""

    def __init__(self) -> None:
        self.requests: list[str] = []

    async def get_json(self, url: str) -> object:
        self.requests.append(url)
        parts = urlsplit(url)
        segments = [s for s in parts.path.split("/") if s]
        found = ats_bamboohr.DEMO.route(DemoRequest("GET", parts.path, segments, "", b"", BASE, _jobs))
        if found is None:
            error = SourceUnavailable(url, "HTTP 404")
            error.status = 404  # type: ignore[attr-defined]
            raise error
        return json.loads(found[2])

    async def get_text(self, url: str) -> str:
        raise AssertionError(url)

    async def post_json(self, url: str, body: Mapping[str, object]) -> object:
        raise AssertionError(url)


def test_every_demo_opening_comes_out_and_those_without_details_are_kept() -> None:
    url = BASE + ats_bamboohr.DEMO.api_path(SLUG)
    board = ADAPTER.endpoint(url, [s for s in urlsplit(url).path.split("/") if s], "demo.test")
    client = DemoClient()
    parsed = asyncio.run(ADAPTER.scrape(board, client, company=None))
    jobs = {j.title: j for j in _jobs(SLUG)}
    assert sorted(p.title for p in parsed.postings) == sorted(jobs)
    assert len(client.requests) == parsed.requests == 1 + len(jobs)
    gone = {f"bh-{ats_bamboohr.opening_id(j)}" for j in jobs.values() if j.key % 5 == 0}
    assert gone and {note.split(":")[0] for note in parsed.skipped} == gone
    for posting in parsed.postings:
        job = jobs[posting.title]
        assert posting.is_remote is job.remote and job.city in (posting.location or "")
        page = ats_bamboohr.DEMO.route(
            DemoRequest(
                "GET",
                urlsplit(posting.job_url).path,
                urlsplit(posting.job_url).path.split("/")[1:],
                "",
                b"",
                BASE,
                _jobs,
            )
        )
        assert page is not None and page[0] == 200
        if posting.id in gone:
            assert posting.description is None and posting.date_posted is None
            continue
        text = posting.description or ""
        assert job.skills[0] in text and "_paq" not in text and posting.date_posted == job.posted
        if job.salary_min:
            assert (posting.min_amount, posting.currency, posting.interval) == (
                float(job.salary_min),
                job.currency,
                job.interval,
            )
        else:
            assert posting.min_amount is None
