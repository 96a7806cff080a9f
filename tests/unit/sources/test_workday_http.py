"""Workday over real HTTP: the Northwind fixture served by a local stdlib server, read through the
project's Fetcher and AtsClient — a 429 with ``Retry-After`` on page 3 is waited out and the board
completes; a 404 for one job's details keeps that job from the listing."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest
from workday_served import WorkdayTenant, serving

from jobscraper.config import CompanyConfig, ScrapingSettings
from jobscraper.scraping.fetch import Fetched, Fetcher
from jobscraper.sources.ats import resolve_board
from jobscraper.sources.ats.base import ParsedBoard
from jobscraper.sources.ats.client import FetcherClient
from jobscraper.sources.ats.workday import ADAPTER
from jobscraper.sources.company import CompanyResult, scrape_company

API = "/wday/cxs/northwind/Northwind_Careers/jobs"


@pytest.fixture
def tenant() -> Iterator[WorkdayTenant]:
    """Northwind's CXS API on 127.0.0.1; page 3 (offset 40) answers 429 the first time."""
    with serving(WorkdayTenant("workday_northwind.json", API, refuse_once=frozenset({40}))) as server:
        yield server


SETTINGS = ScrapingSettings(per_domain_min_delay_s=0, per_domain_concurrency=2, respect_robots_txt=False)
HOST = "https://northwind.wd3.myworkdayjobs.com"


class Rerouted(Fetcher):
    """A Fetcher that sends Northwind's Workday host to the local server (no internet here)."""

    def __init__(self, target: str) -> None:
        super().__init__(SETTINGS)
        self._target = target

    async def get(self, url: str) -> Fetched:
        return await super().get(url.replace(HOST, self._target))

    async def post_json(self, url: str, body: object) -> Fetched:
        return await super().post_json(url.replace(HOST, self._target), body)


def _scrape(url: str) -> ParsedBoard:
    settings = SETTINGS

    async def main() -> ParsedBoard:
        fetcher = Fetcher(settings)
        try:
            board = resolve_board(url, "workday")
            assert board is not None
            return await ADAPTER.scrape(board, FetcherClient(fetcher), company="Northwind")
        finally:
            await fetcher.aclose()

    return asyncio.run(main())


def test_a_429_on_page_3_is_waited_out_and_a_404_detail_keeps_its_job(tenant: WorkdayTenant) -> None:
    parsed = _scrape(tenant.base_url + API)
    assert tenant.asked["offset 40"] == 2  # refused once with Retry-After, then answered
    assert (tenant.asked["offset 0"], tenant.asked["offset 20"]) == (1, 1)
    assert len(parsed.postings) == 44
    kept = next(p for p in parsed.postings if p.id == "wd-JR-1003")
    assert (kept.title, kept.description) == ("Warehouse Lead", None)
    assert any(s.startswith("wd-JR-1003") and "404" in s for s in parsed.skipped)
    munich = next(p for p in parsed.postings if p.id == "wd-JR-1001")
    assert munich.location == "München; Zürich; Wien"
    path = "/Northwind_Careers/job/Munich/Senior-Data-Engineer--m-w-d-_JR-1001"
    assert munich.job_url == tenant.base_url + path  # the public careers page, built from the listing


def test_a_pasted_careers_url_is_detected_and_read(tenant: WorkdayTenant) -> None:
    """What `jobscraper scrape --company URL` does with a Workday careers URL (no --ats)."""
    company = CompanyConfig(name="northwind.wd3.myworkdayjobs.com", url=HOST + "/en-US/Northwind_Careers")

    async def main() -> CompanyResult:
        fetcher = Rerouted(tenant.base_url)
        try:
            return await scrape_company(company, fetcher, SETTINGS)
        finally:
            await fetcher.aclose()

    result = asyncio.run(main())
    assert (result.method, len(result.postings), result.errors) == ("workday", 44, [])
    assert result.pages == 3 + 43  # answers: 3 pages, 44 details less the 404 (one job is listed twice)
    munich = next(p for p in result.postings if p.id == "wd-JR-1001")
    assert munich.company == "Northwind Traders GmbH"  # not the host name the CLI gives it
    assert munich.job_url == HOST + "/Northwind_Careers/job/Munich/Senior-Data-Engineer--m-w-d-_JR-1001"
