"""Fetching one URL politely: limits, robots.txt, retries, a size cap, typed errors.

Browser-less pages and ATS JSON go through aiohttp (not Crawl4AI's HTTP strategy, which raises on
non-2xx and so loses ``Retry-After``, and reads bodies without a size limit — see
docs/sources-research.md; nor httpx, whose connection pool costs about 1 ms of CPU per request
against aiohttp's 0.2 ms, which decides throughput on a small machine: bench/pipeline.py).
Proxies from ``scraping.proxies`` are used in turn, one per request. :meth:`Fetcher.get` and
:meth:`Fetcher.post_json` (the ATS APIs that list with a POST: Workday, Workable) share all of it.
Every request:

1. is refused with ``Blocked`` if robots.txt disallows it (when ``respect_robots_txt``) or the
   domain's circuit is open;
2. waits for a slot from the shared :class:`~jobscraper.scraping.limits.Limiter`;
3. streams the body and stops at ``max_response_mb`` (a 50 MB page cannot take a worker down);
4. maps the outcome: 429/503 → ``RateLimited`` (with ``Retry-After``), 401/403 → ``Blocked``,
   other 4xx → :class:`NotFoundAt` (a ``SourceUnavailable`` with the ``status``, not retried: an
   ATS adapter keeps a listed posting whose detail page 404s), 5xx / timeouts / network →
   ``SourceUnavailable``;
5. is retried by the tenacity policy of :mod:`jobscraper.scraping.retry`.

URLs that came in over HTTP (the API, the web UI) are fetched under a
:class:`~jobscraper.urlpolicy.UrlPolicy` (no loopback, private, link-local or metadata addresses):
the Fetcher's own ``url_policy``, or the one :func:`checking_urls` sets for the current task and
the tasks it starts (the ScraperActor sets it around a company whose ``url_from_api`` is set, so
one Fetcher, and one Chromium, serve both kinds). Under a policy, every URL is checked before it
is requested (its name resolved and judged), redirects are followed one hop at a time and each hop
checked, and the connector's resolver refuses a forbidden address, so the address connected to is
always one that was checked (its DNS cache is off for that reason: a rebinding name is resolved,
and judged, again).
"""

from __future__ import annotations

import itertools
import json
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager, contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, Protocol
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

import aiohttp
from aiohttp.abc import AbstractResolver

from jobscraper.config import ScrapingSettings
from jobscraper.errors import Blocked, ParseError, RateLimited, ScrapeError, SourceUnavailable
from jobscraper.scraping.limits import DomainRule, Limiter
from jobscraper.scraping.retry import CircuitBreaker, parse_retry_after, retrying
from jobscraper.urlpolicy import PolicyResolver, UrlPolicy, UrlRefused

__all__ = [
    "Fetched",
    "Fetcher",
    "NotFoundAt",
    "RequestObserver",
    "Slots",
    "checking_urls",
    "domain_of",
    "limiter_for",
    "policy_for",
    "status_error",
]

_CHUNK = 64 * 1024
_ROBOTS_MAX = 512 * 1024  # Google reads the first 500 KiB of a robots.txt
_MAX_REDIRECTS = 10
_REDIRECTS = (301, 302, 303, 307, 308)
_policy: ContextVar[UrlPolicy | None] = ContextVar("jobscraper_url_policy", default=None)


@contextmanager
def checking_urls(policy: UrlPolicy | None) -> Iterator[None]:
    """Fetch under ``policy`` in this task and the tasks it starts (None: no policy)."""
    token = _policy.set(policy)
    try:
        yield
    finally:
        _policy.reset(token)


def policy_for(settings: ScrapingSettings) -> UrlPolicy | None:
    """The policy for URLs that came in over HTTP: None when ``allow_private_urls`` lets them all
    through. The configured proxies are the user's own and never checked."""
    if settings.allow_private_urls:
        return None
    proxies = [urlsplit(_proxy_url(p)).hostname for p in settings.proxies]
    return UrlPolicy(exempt_hosts=[p for p in proxies if p])


# told each request's domain, seconds in its slot and error (None when it succeeded): metrics
RequestObserver = Callable[[str, float, ScrapeError | None], None]


class Slots(Protocol):
    """Anything that hands out request slots per domain: a local :class:`Limiter`, or the
    coordinator's limiter reached over Ray when many workers share one set of limits."""

    def slot(self, domain: str) -> AbstractAsyncContextManager[None]: ...


@dataclass(frozen=True)
class Fetched:
    url: str
    status: int
    content_type: str
    text: str


class NotFoundAt(SourceUnavailable):
    """A 4xx other than 401/403/429 (404, 410, 400, …), or a redirect loop: the page is not there and
    asking again will not help, so it is never retried. ``status`` is the HTTP status (0: redirects)."""

    def __init__(self, source: str, message: str, status: int = 0) -> None:
        super().__init__(source, message)
        self.status = status

    def __reduce__(self) -> tuple[Any, ...]:  # crosses process boundaries (Ray) intact
        return (type(self), (self.source, self.reason, self.status))


class _Final(Exception):
    """Carries a NotFoundAt past the retry policy (which retries every SourceUnavailable)."""

    def __init__(self, error: NotFoundAt) -> None:
        super().__init__(str(error))
        self.error = error


def domain_of(url: str) -> str:
    return (urlsplit(url).netloc or "").lower().removeprefix("www.")


def limiter_for(settings: ScrapingSettings) -> Limiter:
    """The limiter the scraping settings describe."""
    rules = {d: DomainRule(r.concurrency, r.min_delay_s) for d, r in settings.domains.items()}
    default = DomainRule(settings.per_domain_concurrency, settings.per_domain_min_delay_s)
    return Limiter(settings.max_concurrency, default, rules)


class Fetcher:
    """Polite GETs for one event loop; share one per process (limits are per Fetcher).

    ``url_policy`` applies to every request (``checking_urls`` adds one per task); ``resolver`` is
    the DNS resolver the policy's check wraps (tests pass one that maps made-up names).
    """

    def __init__(
        self,
        settings: ScrapingSettings,
        *,
        limiter: Slots | None = None,
        breaker: CircuitBreaker | None = None,
        on_request: RequestObserver | None = None,
        url_policy: UrlPolicy | None = None,
        resolver: AbstractResolver | None = None,
    ) -> None:
        self._settings = settings
        self._resolver = resolver  # the DNS resolver under the policy's check (aiohttp's default)
        self._on_request = on_request
        self.url_policy = url_policy  # always applied; checking_urls() adds one per task
        self.limiter: Slots = limiter or limiter_for(settings)
        self._breaker = breaker or CircuitBreaker()
        self._headers = {
            "User-Agent": settings.user_agent,
            "Accept": "text/html,application/json;q=0.9,*/*;q=0.8",
        }
        self._proxies = itertools.cycle([_proxy_url(p) for p in settings.proxies] or [None])
        self._session: aiohttp.ClientSession | None = None
        self._robots: dict[str, RobotFileParser | None] = {}
        self._max_bytes = int(settings.max_response_mb * 1024 * 1024)

    def _client(self) -> aiohttp.ClientSession:
        # created on first use, inside the event loop that will run the requests
        if self._session is None:
            self._session = aiohttp.ClientSession(
                headers=self._headers,
                timeout=aiohttp.ClientTimeout(total=self._settings.timeout_s),
                # the limiter is the only cap; every new connection resolves its name through the
                # policy (when one applies), so no cached answer skips the check
                connector=aiohttp.TCPConnector(
                    limit=0,
                    resolver=PolicyResolver(self._active_policy, self._resolver),
                    use_dns_cache=False,
                ),
            )
        return self._session

    def _active_policy(self) -> UrlPolicy | None:
        return self.url_policy or _policy.get()

    @asynccontextmanager
    async def _open(
        self, url: str, proxy: str | None, method: str = "GET", body: bytes | None = None
    ) -> AsyncIterator[aiohttp.ClientResponse]:
        """The response to ``method`` ``url`` (``body``: a JSON document); under a policy each
        redirect hop is checked before it is followed (a public page must not bounce the scraper
        into this machine's network). A 307/308 repeats a POST; other redirects turn it into a GET,
        as browsers and aiohttp do."""
        headers = {"Content-Type": "application/json", "Accept": "application/json"} if body else None
        policy = self._active_policy()
        if policy is None:
            request = self._client().request(method, url, data=body, headers=headers, proxy=proxy)
            async with request as response:
                yield response
            return
        for _ in range(_MAX_REDIRECTS + 1):
            await policy.check(url)
            async with self._client().request(
                method, url, data=body, headers=headers, proxy=proxy, allow_redirects=False
            ) as response:
                location = response.headers.get("Location")
                if response.status not in _REDIRECTS or not location:
                    yield response
                    return
                url = urljoin(str(response.url), location)
                if response.status not in (307, 308):
                    method, body, headers = "GET", None, None
        raise NotFoundAt(url, f"more than {_MAX_REDIRECTS} redirects")

    async def aclose(self) -> None:
        if self._session is not None:
            await self._session.close()

    async def get(self, url: str) -> Fetched:
        """The page at ``url`` or a :class:`~jobscraper.errors.ScrapeError` saying why not."""
        return await self._polite(url, lambda domain: self._once(url, domain))

    async def post_json(self, url: str, body: object) -> Fetched:
        """The answer to POSTing ``body`` as JSON to ``url``, under the same rules as :meth:`get`
        (robots.txt, the URL policy, limits, retries with ``Retry-After``, the size cap)."""
        data = json.dumps(body, ensure_ascii=False).encode("utf-8")
        return await self._polite(url, lambda domain: self._send(url, domain, "POST", data))

    async def _polite(self, url: str, once: Callable[[str], Awaitable[Fetched]]) -> Fetched:
        """``once(domain)`` after the policy, robots.txt and the breaker allow it, retried."""
        domain = domain_of(url)
        policy = self._active_policy()
        if policy is not None:
            await policy.check(url)  # before robots.txt: nothing is sent to a refused host
        if self._settings.respect_robots_txt and not await self._allowed(url):
            raise Blocked(url, "disallowed by robots.txt")
        self._breaker.check(domain)
        try:
            async for attempt in retrying(
                self._settings.max_retries, max_wait_s=self._settings.timeout_s * 2
            ):
                with attempt:
                    try:
                        result = await once(domain)
                    except NotFoundAt as error:  # not there: asking again will not help
                        raise _Final(error) from None
        except _Final as final:
            self._breaker.record(domain, final.error)
            raise final.error from None
        except ScrapeError as error:
            self._breaker.record(domain, error)
            raise
        self._breaker.record(domain, None)
        return result

    async def _once(self, url: str, domain: str) -> Fetched:
        """One GET (a subclass may fetch pages another way: the browser renders them)."""
        return await self._send(url, domain, "GET", None)

    async def _send(self, url: str, domain: str, method: str, data: bytes | None) -> Fetched:
        proxy = next(self._proxies)
        async with self._request(domain):
            try:
                async with self._open(url, proxy, method, data) as response:
                    status = response.status
                    if status >= 400:
                        raise status_error(url, status, response.headers.get("Retry-After"))
                    body = bytearray()
                    async for chunk in response.content.iter_chunked(_CHUNK):
                        body += chunk  # decompressed bytes: the cap holds for gzip bombs too
                        if len(body) > self._max_bytes:
                            raise ParseError(
                                url, f"response larger than {self._settings.max_response_mb:g} MB"
                            )
                    text = body.decode(response.charset or "utf-8", errors="replace")
                    return Fetched(str(response.url), status, response.headers.get("Content-Type", ""), text)
            except TimeoutError as exc:
                raise SourceUnavailable(url, f"timed out after {self._settings.timeout_s:g} s") from exc
            except LookupError as exc:  # an unknown charset in Content-Type
                raise ParseError(url, f"unreadable response: {exc}") from exc
            except aiohttp.ClientConnectorError as exc:
                reason = exc.os_error.strerror or str(exc.os_error)
                raise SourceUnavailable(url, f"cannot connect to {exc.host}:{exc.port} ({reason})") from exc
            except aiohttp.ClientError as exc:
                raise SourceUnavailable(url, f"{type(exc).__name__}: {exc}") from exc

    @asynccontextmanager
    async def _request(self, domain: str) -> AsyncIterator[None]:
        """A slot for one request to ``domain``; its time in the slot and outcome go to ``on_request``."""
        async with self.limiter.slot(domain):
            started = time.perf_counter()
            try:
                yield
            except ScrapeError as error:
                if self._on_request is not None:
                    self._on_request(domain, time.perf_counter() - started, error)
                raise
            if self._on_request is not None:
                self._on_request(domain, time.perf_counter() - started, None)

    async def _allowed(self, url: str) -> bool:
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        if origin not in self._robots:
            self._robots[origin] = await self._load_robots(origin)
        rules = self._robots[origin]
        return True if rules is None else rules.can_fetch(self._settings.user_agent, url)

    async def _load_robots(self, origin: str) -> RobotFileParser | None:
        """The site's robots.txt rules; None (allow all) when it has none or cannot be read."""
        try:
            robots = f"{origin}/robots.txt"
            async with (
                self.limiter.slot(domain_of(origin)),
                self._open(robots, next(self._proxies)) as response,
            ):
                if response.status >= 400:
                    return None
                text = (await response.content.read(_ROBOTS_MAX)).decode("utf-8", "replace")
        except (aiohttp.ClientError, TimeoutError, UrlRefused, SourceUnavailable):
            return None  # the page itself is checked (and refused) on its own
        rules = RobotFileParser()
        rules.parse(text.splitlines())
        return rules


def status_error(url: str, status: int, retry_after: str | None) -> ScrapeError:
    """The typed error for an HTTP error status (see the module docstring for the mapping)."""
    if status in (429, 503):
        return RateLimited(url, f"HTTP {status}", retry_after=parse_retry_after(retry_after))
    if status in (401, 403):
        return Blocked(url, f"HTTP {status}")
    if status < 500:
        return NotFoundAt(url, f"HTTP {status}", status)
    return SourceUnavailable(url, f"HTTP {status}")


def _proxy_url(proxy: str) -> str:
    return proxy if "://" in proxy else f"http://{proxy}"
