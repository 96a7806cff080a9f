"""Job boards: one saved search → postings per site, or a typed error. JobSpy's sites here; the
remote boards (:mod:`jobscraper.sources.remote`) through :meth:`BoardSource.search_remote`.

JobSpy never raises for a failing board: it logs, stores the message in
``df.attrs["errors"][site]`` and returns whatever rows it had. A blocked or rate-limited board
must not look like "0 jobs", so :func:`scrape_search` turns each site's message into
``RateLimited`` / ``Blocked`` / ``SourceUnavailable`` next to the rows that did arrive.

JobSpy is synchronous (requests, curl_cffi, sleeps between pages): callers on an event loop run
:func:`scrape_search` in a thread (``asyncio.to_thread``). It is imported lazily: importing it
costs ~1.7 s (pandas).

:class:`BoardSource` is what a scraping process holds: the searches with its scraping settings
(proxies, and ``jobspy_base_url``, which sends JobSpy and the remote boards to a local board such
as the demo).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

from pydantic import ValidationError

from jobscraper.config import SavedSearch, ScrapingSettings
from jobscraper.errors import Blocked, RateLimited, ScrapeError, SourceUnavailable
from jobscraper.posting import Posting
from jobscraper.sources.jobspy_route import route_jobspy_to
from jobscraper.sources.remote import scrape_remote
from jobscraper.sources.remote.run import RemoteClient
from jobscraper.sources.site_result import SiteResult
from jobscraper.vocabulary import JOBSPY_SITES, REMOTE_SITES

__all__ = ["BoardSource", "SiteResult", "classify_site_error", "jobspy_arguments", "scrape_search"]

ScrapeFn = Callable[..., Any]  # jobspy.scrape_jobs: (**kwargs) -> pandas.DataFrame

_STATUS = re.compile(r"status code (\d{3})")
_BLOCK_WORDS = ("blocked", "captcha", "forbidden", "access denied", "cloudflare")


def classify_site_error(site: str, message: str) -> ScrapeError:
    """JobSpy's per-site error text as a typed error."""
    match = _STATUS.search(message)
    status = int(match.group(1)) if match else None
    lowered = message.lower()
    if status == 429:
        return RateLimited(site, message)
    if status in (401, 403) or (status is None and any(w in lowered for w in _BLOCK_WORDS)):
        return Blocked(site, message)
    if status == 503:
        return RateLimited(site, message)
    return SourceUnavailable(site, message)


def jobspy_arguments(
    search: SavedSearch, *, proxies: list[str], user_agent: str | None = None
) -> dict[str, Any]:
    """``scrape_jobs`` keyword arguments for a saved search (descriptions as markdown)."""
    args: dict[str, Any] = {
        "site_name": [s for s in search.sites if s in JOBSPY_SITES],
        "search_term": search.term,
        "location": search.location,
        "distance": search.distance_miles,
        "is_remote": search.is_remote,
        "job_type": search.job_type,
        "hours_old": search.hours_old,
        "results_wanted": search.results_wanted,
        "country_indeed": search.country,
        "description_format": "markdown",
        "fetch_description": True,
        "verbose": 0,
    }
    if proxies:
        args["proxies"] = proxies
    if user_agent:
        args["user_agent"] = user_agent
    return {k: v for k, v in args.items() if v is not None}


def _rows(frame: Any) -> list[dict[str, Any]]:
    records: list[dict[str, Any]] = frame.to_dict("records")
    for record in records:
        for key, value in list(record.items()):
            if isinstance(value, float) and math.isnan(value):
                record[key] = None
    return records


def scrape_search(
    search: SavedSearch,
    *,
    proxies: list[str] | None = None,
    user_agent: str | None = None,
    scrape: ScrapeFn | None = None,
) -> list[SiteResult]:
    """Run one saved search on every JobSpy site it names; one :class:`SiteResult` per site
    (the remote boards it names are :meth:`BoardSource.search_remote`'s)."""
    sites = [s for s in search.sites if s in JOBSPY_SITES]
    if not sites:
        return []
    if scrape is None:
        from jobspy import scrape_jobs

        scrape = scrape_jobs
    try:
        frame = scrape(**jobspy_arguments(search, proxies=proxies or [], user_agent=user_agent))
    except ValueError as exc:  # JobSpy's own argument validation
        return [SiteResult(site, error=SourceUnavailable(site, f"invalid search: {exc}")) for site in sites]
    results = {site: SiteResult(site) for site in sites}
    for record in _rows(frame):
        site = str(record.get("site") or "")
        result = results.setdefault(site, SiteResult(site))
        try:
            result.postings.append(Posting.model_validate(record))
        except ValidationError as exc:
            first = exc.errors()[0]
            result.rejected.append(f"{record.get('job_url') or '?'}: {first['loc'][0]}: {first['msg']}")
    attrs = getattr(frame, "attrs", {}) or {}
    for site, message in (attrs.get("errors") or {}).items():
        results.setdefault(site, SiteResult(site)).error = classify_site_error(site, str(message))
    for site, messages in (attrs.get("warnings") or {}).items():
        results.setdefault(site, SiteResult(site)).warnings.extend(str(m) for m in messages)
    return list(results.values())


class BoardSource:
    """Job-board searches as one scraping process runs them, with its scraping settings.

    With ``settings.jobspy_base_url`` set, every JobSpy request of this process goes to that base
    URL (:func:`~jobscraper.sources.jobspy_route.route_jobspy_to`) from construction until
    :meth:`close`. The route is entered once, not per search: searches run concurrently in
    threads, and per-call patches would interleave (one search's exit would undo another's entry).
    ``scrape`` replaces ``jobspy.scrape_jobs`` in tests.
    """

    def __init__(self, settings: ScrapingSettings, *, scrape: ScrapeFn | None = None) -> None:
        self._proxies = list(settings.proxies)
        self._scrape = scrape
        self._route: AbstractContextManager[None] | None = None
        self._base_url = settings.jobspy_base_url  # the remote boards go there too (the demo)
        if settings.jobspy_base_url is not None:
            self._route = route_jobspy_to(settings.jobspy_base_url)
            self._route.__enter__()

    def search(self, search: SavedSearch) -> list[SiteResult]:
        """:func:`scrape_search` with this process's proxies (blocking: run it in a thread)."""
        return scrape_search(search, proxies=self._proxies, scrape=self._scrape)

    async def search_remote(self, search: SavedSearch, client: RemoteClient) -> list[SiteResult]:
        """The remote boards ``search`` names, read through ``client`` (the process's Fetcher:
        its per-domain limits, robots.txt and retries), to ``jobspy_base_url`` when one is set."""
        return [
            await scrape_remote(site, search, client, base_url=self._base_url)
            for site in search.sites
            if site in REMOTE_SITES
        ]

    def close(self) -> None:
        """Leave JobSpy as it was found (a no-op without a route, or when already closed)."""
        route, self._route = self._route, None
        if route is not None:
            route.__exit__(None, None, None)
