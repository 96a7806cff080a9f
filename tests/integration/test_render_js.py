"""render_js: a career site whose job list only exists after its JavaScript ran, read through a
real headless Chromium over CDP with Crawl4AI; the browser's lifecycle; a missing browser."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
from collections.abc import Iterator

import psutil
import pytest

from jobscraper.config import CompanyConfig, ScrapingSettings
from jobscraper.demo import DemoBoard, DemoKnobs
from jobscraper.errors import ScrapeError
from jobscraper.scraping.browser import BrowserFetcher, Chromium, find_chromium
from jobscraper.scraping.fetch import Fetcher
from jobscraper.sources.company import CompanyResult, scrape_company

CHROMIUM = find_chromium()
# CI installs Chromium (.ci/run); there a missing browser is a failure, not a skip
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None and not os.environ.get("CI"), reason="no Chromium on PATH"
)
FAST = ScrapingSettings(per_domain_min_delay_s=0, per_domain_concurrency=4, max_concurrency=4, max_retries=1)


@pytest.fixture(scope="module")
def board() -> Iterator[DemoBoard]:
    with DemoBoard(DemoKnobs(companies=7, jobs_per_company=12)) as running:
        yield running


def _scrape(company: CompanyConfig, settings: ScrapingSettings = FAST) -> CompanyResult:
    async def main() -> CompanyResult:
        fetcher, browser = Fetcher(settings), BrowserFetcher(settings)
        try:
            return await scrape_company(company, fetcher, settings, browser=browser)
        finally:
            await browser.aclose()
            await fetcher.aclose()

    return asyncio.run(main())


@pytest.mark.browser
@needs_chromium
def test_a_javascript_career_site_is_rendered_and_its_jobs_read(board: DemoBoard) -> None:
    [company] = [c for c in board.company_configs(render_js=True) if c.render_js]
    without = _scrape(company.model_copy(update={"render_js": False}))
    assert without.postings == [] and without.needs_extraction == [company.url]

    rendered = _scrape(company)
    expected = {j.title: j for j in board.jobs() if j.company.name == company.name}
    assert rendered.method == "browser" and rendered.errors == []
    assert sorted(p.title for p in rendered.postings) == sorted(expected)
    for posting in rendered.postings:
        job = expected[posting.title]
        assert posting.min_amount == job.salary_min and posting.date_posted == job.posted
        assert bool(posting.is_remote) == job.remote


@pytest.mark.browser
@needs_chromium
def test_a_missing_page_in_the_browser_is_a_typed_error(board: DemoBoard) -> None:
    company = CompanyConfig(name="Nope", url=f"{board.base_url}/careers/no-such/", ats="html", render_js=True)
    with pytest.raises(ScrapeError, match="HTTP 404"):
        _scrape(company)


@pytest.mark.browser
@needs_chromium
def test_chromium_stops_when_the_process_that_started_it_is_killed() -> None:
    # a ScraperActor killed by Ray cannot clean up: the watchdog must take its Chromium down
    script = (
        "import asyncio, sys; from jobscraper.scraping.browser import Chromium\n"
        f"c = Chromium({CHROMIUM!r}); asyncio.run(c.start()); print(c.cdp_url, flush=True)\n"
        "import time; time.sleep(600)\n"
    )
    child = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    assert child.stdout is not None
    cdp_url = child.stdout.readline().strip()
    port = cdp_url.rsplit(":", 1)[1]
    flag = f"--remote-debugging-port={port}"
    browsers = [p for p in psutil.process_iter(["cmdline"]) if flag in (p.info["cmdline"] or [])]
    assert browsers, "Chromium was started"
    child.kill()
    child.wait()
    _gone, alive = psutil.wait_procs(browsers, timeout=10)
    assert alive == []


@pytest.mark.browser
@needs_chromium
def test_stop_ends_the_browser_and_removes_its_profile() -> None:
    assert CHROMIUM is not None
    chromium = Chromium(CHROMIUM)
    asyncio.run(chromium.start())
    profile = chromium._profile.name if chromium._profile else ""
    assert os.path.isdir(profile)
    started = time.monotonic()
    chromium.stop()
    assert time.monotonic() - started < 6 and not os.path.exists(profile)


def test_render_js_without_a_browser_is_a_clear_error_and_not_retried(board: DemoBoard) -> None:
    settings = FAST.model_copy(update={"chromium_path": "/nonexistent/chromium", "max_retries": 3})
    company = CompanyConfig(name="JS", url=f"{board.base_url}/careers/x/", ats="html", render_js=True)
    started = time.monotonic()
    with pytest.raises(ScrapeError, match=r"render_js needs Chromium.*apt-get install chromium"):
        _scrape(company, settings)
    assert time.monotonic() - started < 2  # no retries with backoff for a missing binary
