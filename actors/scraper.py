"""ScraperActor: runs source adapters; every request holds a slot from the coordinator's limiter.

Many ScraperActors share one set of limits, so slots are handed out centrally: the actor's
:class:`~jobscraper.scraping.fetch.Fetcher` holds a coordinator permit for every request
(``acquire(domain)`` / ``release(permit)``), reused locally while its requests wait
(actors/permits.py). JobSpy searches run in a thread (JobSpy is blocking) while holding one permit
for the board's domain, so one board sees at most its domain limit of concurrent searches.
A ScraperActor that dies is not restarted by Ray: the coordinator replaces it with a new one
(a new owner token, so the dead one's permits are told apart and freed) and retries its task
(:mod:`actors.workers`).
"""

from __future__ import annotations

import asyncio
import os
import time
from typing import Any

import ray

from actors.metrics import metrics
from actors.permits import PermitPool
from jobscraper.config import CompanyConfig, SavedSearch, ScrapingSettings
from jobscraper.priority import lower_process
from jobscraper.scraping import liveness
from jobscraper.scraping.browser import BrowserFetcher
from jobscraper.scraping.fetch import Fetcher, checking_urls, limiter_for, policy_for
from jobscraper.sources.boards import BoardSource, SiteResult
from jobscraper.sources.company import CompanyResult, scrape_company
from jobscraper.store.liveness import CheckResult, CheckTarget
from jobscraper.vocabulary import REMOTE_SITES, board_domain

__all__ = ["ScraperActor"]


class _Scraper:
    def __init__(
        self,
        settings: ScrapingSettings,
        coordinator: Any,
        owner: str = "",
    ) -> None:
        # background work: parsing, and the Chromium it starts, yield the CPU to the progress
        # polls, the API and the UI (jobscraper.priority); never on the driver's process
        if ray.is_initialized() and ray.get_runtime_context().get_actor_id():
            lower_process()
        self._settings = settings
        rules = limiter_for(settings)
        self._slots = PermitPool(
            coordinator, owner=owner, reusable=lambda domain: rules.rule(domain).min_delay_s == 0
        )
        self._fetcher: Fetcher | None = None
        self._browser: BrowserFetcher | None = None
        # with scraping.jobspy_base_url set (the demo), this process's JobSpy talks to that board
        # for the actor's lifetime
        self._boards = BoardSource(settings)

    def _get_fetcher(self) -> Fetcher:
        if self._fetcher is None:  # created on the actor's own event loop
            self._fetcher = Fetcher(self._settings, limiter=self._slots, on_request=metrics().request)
        return self._fetcher

    def _get_browser(self) -> BrowserFetcher:
        # Chromium starts on the first render_js page this worker sees, and stops with the worker
        if self._browser is None:
            self._browser = BrowserFetcher(self._settings, limiter=self._slots, on_request=metrics().request)
        return self._browser

    async def scrape_company(self, company: CompanyConfig) -> CompanyResult:
        browser = self._get_browser() if company.render_js else None
        # a URL that came in over HTTP is fetched under the URL policy (jobscraper.urlpolicy)
        policy = policy_for(self._settings) if company.url_from_api else None
        with checking_urls(policy):
            return await scrape_company(company, self._get_fetcher(), self._settings, browser=browser)

    async def scrape_board(self, search: SavedSearch) -> list[SiteResult]:
        site = search.sites[0]
        if site in REMOTE_SITES:  # through the Fetcher: a slot per request, like a company's pages
            return await self._boards.search_remote(search, self._get_fetcher())
        domain = board_domain(site)
        async with self._slots.slot(domain):
            started = time.perf_counter()
            results = await asyncio.to_thread(self._boards.search, search)
        # a board search is one "request" to its domain as far as latency goes (JobSpy pages inside)
        errors = [r.error for r in results if r.error is not None]
        metrics().request(domain, time.perf_counter() - started, errors[0] if errors else None)
        return results

    async def check_jobs(self, targets: list[CheckTarget], concurrency: int = 2) -> list[CheckResult]:
        """Liveness checks of these jobs' pages (jobscraper.scraping.liveness), under the shared limits."""
        base = self._settings.jobspy_base_url  # the demo: board URLs go to the demo board
        return await liveness.check_jobs(self._get_fetcher(), targets, concurrency=concurrency, base_url=base)

    def ping(self) -> str:
        return "ok"

    def pid(self) -> int:
        """This worker's process id (what an operator, or a fault test, would kill)."""
        return os.getpid()


# SPREAD: a pool lands on every node of a cluster (its parsing and its traffic shared), not packed
# on the coordinator's node; on one machine it changes nothing. Ray's SPREAD is best effort for an
# actor that asks for no CPU, so the coordinator also names the node of each (actors.spread)
ScraperActor = ray.remote(  # type: ignore[call-overload]
    num_cpus=0, max_restarts=0, max_task_retries=0, max_concurrency=64, scheduling_strategy="SPREAD"
)(_Scraper)
