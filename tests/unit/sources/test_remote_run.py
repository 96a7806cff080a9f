"""Remote boards through the real Fetcher against the demo board (429 with Retry-After, a 429 that
persists), BoardSource routing them to a local board, and the verdict of every way a board ends:
ok, empty, partial, rate limited, blocked, failed — never a silent zero."""

from __future__ import annotations

import asyncio
import json

import pytest

from jobscraper.config import SavedSearch, ScrapingSettings
from jobscraper.demo import DemoBoard, DemoKnobs
from jobscraper.demo.remote_board import remote_jobs
from jobscraper.errors import Blocked, ParseError, RateLimited, ScrapeError, SourceUnavailable
from jobscraper.scraping.fetch import Fetched, Fetcher
from jobscraper.sources.boards import BoardSource, scrape_search
from jobscraper.sources.remote import scrape_remote
from jobscraper.sources.site_result import SiteResult, verdict, verdict_for

FAST = ScrapingSettings(per_domain_min_delay_s=0, per_domain_concurrency=2, max_concurrency=4, max_retries=3)


def _search(
    term: str = "engineer developer", sites: tuple[str, ...] = ("remotive",), **more: object
) -> SavedSearch:
    return SavedSearch.model_validate({"name": "r", "term": term, "sites": list(sites), **more})


def _run(site: str, search: SavedSearch, board: DemoBoard, settings: ScrapingSettings = FAST) -> SiteResult:
    async def main() -> SiteResult:
        fetcher = Fetcher(settings)
        try:
            return await scrape_remote(site, search, fetcher, base_url=board.base_url)
        finally:
            await fetcher.aclose()

    return asyncio.run(main())


def test_the_demo_boards_are_read_end_to_end_through_the_fetcher() -> None:
    with DemoBoard() as board:
        remote = remote_jobs(board.jobs())
        remotive = _run("remotive", _search("python"), board)
        wwr = _run("weworkremotely", _search("python", ("weworkremotely",)), board)
    pythonic = [j for j in remote if "python" in f"{j.title} {' '.join(j.skills)} {j.description}".lower()]
    assert remotive.error is None and len(remotive.postings) == len(pythonic) > 0
    assert all(p.site == "remotive" and p.job_url.startswith(board.base_url) for p in remotive.postings)
    assert all(p.description and "alert" not in p.description for p in remotive.postings)
    assert any(p.min_amount and p.currency for p in remotive.postings)  # the demo's pay text, parsed
    assert wwr.error is None and 0 < len(wwr.postings) <= len(pythonic)
    assert all("/listings/" in p.job_url for p in wwr.postings)  # each board links its own page
    overlap = {p.job_url.rsplit("/", 1)[1] for p in wwr.postings} <= {
        p.job_url.rsplit("/", 1)[1] for p in remotive.postings
    }
    assert overlap  # the boards list the same jobs (WWR every other one)


def test_a_429_with_retry_after_is_waited_out_by_the_fetcher() -> None:
    with DemoBoard(DemoKnobs(burst_429=2, retry_after_s=0)) as limited:
        result = _run("remotive", _search("python"), limited)
        asked = limited.stats.requests
    assert result.error is None and result.postings and verdict(result) == "ok"
    assert asked >= 3  # robots.txt aside: two 429s, then the answer


def test_a_429_that_persists_is_rate_limited_not_zero_jobs() -> None:
    once = ScrapingSettings(per_domain_min_delay_s=0, max_retries=1, respect_robots_txt=False)
    with DemoBoard(DemoKnobs(burst_429=50, retry_after_s=0)) as limited:
        result = _run("remotive", _search("python"), limited, once)
    assert isinstance(result.error, RateLimited) and result.postings == []
    assert verdict(result) == "rate_limited"


def test_a_search_nothing_matches_is_empty() -> None:
    with DemoBoard() as board:
        result = _run("remotive", _search("cobol mainframe"), board)
    assert result.error is None and result.postings == [] and verdict(result) == "empty"


def test_board_source_routes_remote_boards_to_the_demo_and_jobspy_sites_stay_apart() -> None:
    def no_jobspy(**kwargs: object) -> object:
        raise AssertionError("JobSpy must not be asked for remote boards")

    search = _search("python", ("remotive", "weworkremotely"))
    assert scrape_search(search, scrape=no_jobspy) == []
    with DemoBoard() as board:
        boards = BoardSource(ScrapingSettings(jobspy_base_url=board.base_url), scrape=no_jobspy)

        async def main() -> list[SiteResult]:
            fetcher = Fetcher(FAST)
            try:
                return await boards.search_remote(search, fetcher)
            finally:
                await fetcher.aclose()
                boards.close()

        results = asyncio.run(main())
    assert [r.site for r in results] == ["remotive", "weworkremotely"]
    assert all(r.error is None and r.postings for r in results)


class Failing:
    """The first page answers (a Remotive-shaped body from the demo), every later one raises."""

    def __init__(self, first: str | None, error: ScrapeError) -> None:
        self.first, self.error = first, error

    async def get(self, url: str) -> Fetched:
        if self.first is not None:
            body, self.first = self.first, None
            return Fetched(url, 200, "application/json", body)
        raise self.error


def _arbeitnow_page(titles: list[str], following: str | None) -> str:

    jobs = [
        {"slug": t, "title": t, "url": f"https://www.arbeitnow.com/jobs/{t}", "company_name": "A"}
        for t in titles
    ]
    return json.dumps({"data": jobs, "links": {"next": following}})


def test_a_board_that_fails_after_its_first_page_is_partial() -> None:
    first = _arbeitnow_page(
        ["python-one", "python-two"], "https://www.arbeitnow.com/api/job-board-api?page=2"
    )
    client = Failing(first, RateLimited("arbeitnow.com", "HTTP 429", retry_after=60))
    result = asyncio.run(scrape_remote("arbeitnow", _search("python", ("arbeitnow",)), client))
    assert len(result.postings) == 2 and isinstance(result.error, RateLimited)
    assert verdict(result) == "partial"


@pytest.mark.parametrize(
    ("error", "word"),
    [
        (RateLimited("x", "HTTP 429"), "rate_limited"),
        (Blocked("x", "disallowed by robots.txt"), "blocked"),
        (SourceUnavailable("x", "HTTP 503"), "failed"),
        (ParseError("x", "unexpected response"), "failed"),
    ],
)
def test_a_board_that_fails_at_once_says_how(error: ScrapeError, word: str) -> None:
    result = asyncio.run(scrape_remote("remoteok", _search("python", ("remoteok",)), Failing(None, error)))
    assert result.postings == [] and result.error is error and verdict(result) == word


def test_verdict_for_counts_and_errors() -> None:
    assert verdict_for(3, None) == "ok" and verdict_for(0, None) == "empty"
    assert verdict_for(3, Blocked("x", "403")) == "partial"
