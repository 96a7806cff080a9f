"""Companies scraped from the demo board over real HTTP: every ATS and career-site style, the
limits, robots.txt, 429 with Retry-After, a huge page, malformed and unstructured pages."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator

import pytest

from jobscraper.config import CompanyConfig, ScrapingSettings
from jobscraper.demo import DemoBoard, DemoKnobs
from jobscraper.errors import Blocked, ParseError, ScrapeError
from jobscraper.scraping import Limiter
from jobscraper.scraping.fetch import Fetcher
from jobscraper.sources.company import CompanyResult, scrape_company

FAST = ScrapingSettings(per_domain_min_delay_s=0, per_domain_concurrency=4, max_concurrency=8, max_retries=3)


@pytest.fixture(scope="module")
def board() -> Iterator[DemoBoard]:
    with DemoBoard(DemoKnobs(companies=7, jobs_per_company=12, malformed_every=0)) as running:
        yield running


def _company(board: DemoBoard, style: str) -> CompanyConfig:
    name = next(j.company.name for j in board.jobs() if j.company.style == style)
    return next(c for c in board.company_configs() if c.name == name)


def _scrape(company: CompanyConfig, settings: ScrapingSettings = FAST) -> tuple[CompanyResult, Fetcher]:
    async def main() -> tuple[CompanyResult, Fetcher]:
        fetcher = Fetcher(settings)
        try:
            return await scrape_company(company, fetcher, settings), fetcher
        finally:
            await fetcher.aclose()

    return asyncio.run(main())


@pytest.mark.parametrize("style", ["greenhouse", "lever", "ashby", "jsonld", "listing"])
def test_every_structured_style_yields_exactly_the_companys_jobs(board: DemoBoard, style: str) -> None:
    company = _company(board, style)
    result, _ = _scrape(company)
    expected = {j.title: j for j in board.jobs() if j.company.name == company.name}
    assert result.errors == [] and result.needs_extraction == []
    assert sorted(p.title for p in result.postings) == sorted(expected)
    for posting in result.postings:
        job = expected[posting.title]
        assert posting.company == job.company.name
        assert posting.location and (
            job.city in posting.location or (job.remote and "Remote" in posting.location)
        )
        assert posting.min_amount == job.salary_min and posting.max_amount == job.salary_max
        if job.salary_min is not None:
            assert posting.interval == job.interval and posting.currency == job.currency
        assert bool(posting.is_remote) == job.remote
        assert posting.job_type == job.job_type
        assert posting.date_posted == job.posted


def test_pages_without_structured_data_become_postings_that_need_extraction(board: DemoBoard) -> None:
    plain, _ = _scrape(_company(board, "plain"))
    assert len(plain.needs_extraction) == 12 and plain.errors == []
    jobs = {j.title: j for j in board.jobs() if j.company.style == "plain"}
    assert sorted(p.title for p in plain.postings) == sorted(jobs)  # title and text, nothing invented
    for posting in plain.postings:
        job = jobs[posting.title]
        assert posting.location == job.location and posting.company == job.company.name
        assert posting.description and job.title not in ("", None)
        assert posting.min_amount is None and posting.is_remote is None  # left to extraction
    js, _ = _scrape(_company(board, "js"))
    assert js.postings == [] and js.needs_extraction == [_company(board, "js").url]


def test_malformed_json_ld_is_reported_and_the_crawl_goes_on() -> None:
    with DemoBoard(DemoKnobs(malformed_every=3)) as broken:
        result, _ = _scrape(_company(broken, "jsonld"))
        jobs = [j for j in broken.jobs() if j.company.style == "jsonld"]
    bad = [j for j in jobs if j.key % 3 == 0]
    assert len(result.postings) == len(jobs)  # the broken pages' title and text are kept
    assert len(result.needs_extraction) == len(bad)
    structured = [p for p in result.postings if p.job_url not in result.needs_extraction]
    assert len(structured) == len(jobs) - len(bad) and all(p.date_posted for p in structured)
    assert any("not valid JSON" in w for w in result.warnings)


def test_limits_hold_with_latency_and_the_peak_is_measured() -> None:
    settings = ScrapingSettings(per_domain_min_delay_s=0, per_domain_concurrency=3, max_concurrency=3)
    with DemoBoard(DemoKnobs(latency_s=0.05)) as slow:
        result, fetcher = _scrape(_company(slow, "listing"), settings)
        assert slow.stats.peak_in_flight <= 3
    assert isinstance(fetcher.limiter, Limiter) and fetcher.limiter.peak_in_flight == 3
    assert len(result.postings) == 12


def test_a_429_with_retry_after_is_waited_out() -> None:
    with DemoBoard(DemoKnobs(burst_429=2, retry_after_s=1)) as limited:
        started = time.monotonic()
        result, _ = _scrape(_company(limited, "greenhouse"))
        took = time.monotonic() - started
    assert len(result.postings) == 12
    assert took >= 1.0  # Retry-After: 1 was honoured, not hammered through


def test_robots_huge_pages_and_missing_pages_are_typed_errors(board: DemoBoard) -> None:
    async def get(url: str, settings: ScrapingSettings = FAST) -> ScrapeError:
        fetcher = Fetcher(settings)
        try:
            await fetcher.get(url)
        except ScrapeError as error:
            return error
        finally:
            await fetcher.aclose()
        raise AssertionError("expected an error")

    assert isinstance(asyncio.run(get(board.base_url + "/private/jobs")), Blocked)
    small = ScrapingSettings(per_domain_min_delay_s=0, max_response_mb=1)
    huge = asyncio.run(get(board.base_url + "/careers/huge/", small))
    assert isinstance(huge, ParseError) and "larger than 1 MB" in str(huge)
    missing = asyncio.run(get(board.base_url + "/careers/no-such-company/"))
    assert "HTTP 404" in str(missing)


def test_an_unreachable_career_site_fails_the_company() -> None:
    company = CompanyConfig(name="Gone", url="http://127.0.0.1:9/careers/", ats="html")
    settings = ScrapingSettings(per_domain_min_delay_s=0, max_retries=0, timeout_s=2)
    with pytest.raises(ScrapeError):
        _scrape(company, settings)
