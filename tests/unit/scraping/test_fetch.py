"""The fetcher's transport: proxies in turn, timeouts and proxy settings as clear errors."""

from __future__ import annotations

import asyncio

import pytest
from pydantic import ValidationError

from jobscraper.config import ScrapingSettings
from jobscraper.demo import DemoBoard, DemoKnobs
from jobscraper.errors import ScrapeError, SourceUnavailable
from jobscraper.scraping.fetch import Fetched, Fetcher

FAST = {"per_domain_min_delay_s": 0, "respect_robots_txt": False, "max_retries": 0}


def _get_all(settings: ScrapingSettings, urls: list[str]) -> list[Fetched | ScrapeError]:
    async def main() -> list[Fetched | ScrapeError]:
        fetcher = Fetcher(settings)
        try:
            return await asyncio.gather(*(fetcher.get(u) for u in urls), return_exceptions=False)
        except ScrapeError as error:
            return [error]
        finally:
            await fetcher.aclose()

    return asyncio.run(main())


def test_requests_go_through_the_proxies_in_turn() -> None:
    # two demo boards act as HTTP proxies (they answer absolute-form requests themselves); the
    # site named in the URL is never contacted directly
    with DemoBoard() as site, DemoBoard() as proxy_a, DemoBoard() as proxy_b:
        proxies = [proxy_a.base_url.removeprefix("http://"), proxy_b.base_url]  # both spellings
        settings = ScrapingSettings(**FAST, proxies=proxies)
        pages = _get_all(settings, [f"{site.base_url}/robots.txt"] * 6)
        assert all(isinstance(p, Fetched) and p.status == 200 for p in pages)
        assert site.stats.requests == 0
        assert proxy_a.stats.requests == proxy_b.stats.requests == 3


def test_a_slow_site_is_a_typed_timeout() -> None:
    with DemoBoard(DemoKnobs(latency_s=2.0)) as slow:
        settings = ScrapingSettings(**FAST, timeout_s=0.3)
        [error] = _get_all(settings, [f"{slow.base_url}/robots.txt"])
    assert isinstance(error, SourceUnavailable) and "timed out after 0.3 s" in str(error)


@pytest.mark.parametrize("proxy", ["socks5://127.0.0.1:1080", "ftp://proxy:21"])
def test_unsupported_proxy_schemes_are_refused_when_the_config_loads(proxy: str) -> None:
    with pytest.raises(ValidationError, match="only http\\(s\\) proxies are supported"):
        ScrapingSettings(proxies=[proxy])


def test_every_request_is_reported_with_its_domain_time_and_outcome() -> None:
    seen: list[tuple[str, float, str | None]] = []

    def observe(domain: str, seconds: float, error: ScrapeError | None) -> None:
        seen.append((domain, seconds, type(error).__name__ if error else None))

    async def main(base: str) -> None:
        fetcher = Fetcher(ScrapingSettings(**FAST), on_request=observe)
        try:
            await fetcher.get(f"{base}/robots.txt")
            with pytest.raises(ScrapeError):
                await fetcher.get(f"{base}/no/such/page")
        finally:
            await fetcher.aclose()

    with DemoBoard(DemoKnobs(latency_s=0.05)) as board:
        asyncio.run(main(board.base_url))
        host = board.base_url.removeprefix("http://")
    assert [(d, e) for d, _, e in seen] == [(host, None), (host, "NotFoundAt")]
    assert all(0.04 < s < 30 for _, s, _ in seen)  # the board's latency is inside the measured time
