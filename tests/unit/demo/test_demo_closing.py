"""The demo board's closed jobs: in week 2 the jobs gone from the catalogue answer their pages with a
"no longer accepting applications" notice or a 404, and the real liveness check (the Fetcher, the
demo routing of board URLs) reads them as closed — while what a scrape finds is unchanged."""

from __future__ import annotations

import asyncio

from jobscraper.config import ScrapingSettings
from jobscraper.demo import DemoBoard, DemoKnobs
from jobscraper.demo.closing import CLOSED_NOTICE
from jobscraper.demo.data import catalogue
from jobscraper.scraping.fetch import Fetcher
from jobscraper.scraping.liveness import check_jobs
from jobscraper.store.liveness import CheckResult, CheckTarget

# keys of the default catalogue (7 companies × 12 jobs): 10 and 24 are gone in week 2 and answer a
# notice (key ≡ 10 mod 14); 3 and 45 are gone and answer 404; 2, 12 and 30 stay
LINKEDIN = "https://www.linkedin.com/jobs/view/{}"
INDEED = "https://www.indeed.com/viewjob?jk={:x}"


def _targets(board: DemoBoard) -> list[CheckTarget]:
    career = board.base_url + "/careers/acme-robotics/jobs/{}"
    urls = [
        LINKEDIN.format(10), LINKEDIN.format(12), INDEED.format(24), INDEED.format(45), INDEED.format(30),
        career.format(3), career.format(10), career.format(2),
    ]  # fmt: skip
    return [CheckTarget(job_id=n, url=u) for n, u in enumerate(urls)]


def _check(board: DemoBoard) -> list[CheckResult]:
    async def run() -> list[CheckResult]:
        fetcher = Fetcher(ScrapingSettings(per_domain_min_delay_s=0, max_retries=0))
        try:
            return await check_jobs(fetcher, _targets(board), concurrency=4, base_url=board.base_url)
        finally:
            await fetcher.aclose()

    return asyncio.run(run())


def test_week_one_pages_are_open_and_week_two_closes_the_gone_jobs() -> None:
    with DemoBoard(DemoKnobs()) as board:
        assert [r.verdict for r in _check(board)] == ["open"] * 8
        board.knobs.version = 2
        week2 = _check(board)
    closed, still = "closed", "open"
    assert [r.verdict for r in week2] == [closed, still, closed, closed, still, closed, closed, still]
    reasons = {r.job_id: r.reason for r in week2}
    assert reasons[0] == reasons[2] == reasons[6] == f"page says: {CLOSED_NOTICE.lower()}"
    assert reasons[3] == reasons[5] == "HTTP 404"


def test_the_catalogue_counts_are_what_they_were() -> None:
    assert len(catalogue(version=1)) == 84
    assert len(catalogue(version=2)) == 84 - 12 + 14  # every 7th gone, two new per company
