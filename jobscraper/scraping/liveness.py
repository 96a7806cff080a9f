"""The liveness check of one job: GET its page through the Fetcher and say open, closed or unknown.

Generic on purpose — it reads the HTTP outcome, not a source's format, so board pages, career
pages and ATS job URLs are judged alike:

- **closed**: HTTP 404 or 410; a redirect back up to a listing (``/jobs/123`` → ``/jobs``, what
  Greenhouse does for a filled job); or a page whose visible text says it is closed ("no longer
  accepting applications", "this job has expired", … — :data:`CLOSED_PHRASES`; scripts and styles
  are left out, since sites ship such strings in their translations on every page);
- **unknown**: any other failure — blocked (robots.txt, 401/403), rate limited, 5xx, timeouts. The
  source said nothing about the job, so the job's failed checks do not move;
- **open**: anything else.

An ATS job whose adapter names its posting's own API endpoint (``CheckTarget.detail_url``:
Workable, SmartRecruiters, Workday, BambooHR as their scrapes read them; Greenhouse and Lever on
their own API hosts) is checked there instead, by :func:`judge_detail`: 404 or 410 is **closed**,
a 200 answer in JSON is **open**, anything else **unknown** — some ATS job pages are JavaScript
shells that answer 200 for a closed job too, the API does not. Feed-only ATS (Personio, Teamtailor,
Jobvite) have no such endpoint: a posting gone from the feed is archived by the company's next
scrape, and until then its page is checked.

Every request goes through the given :class:`~jobscraper.scraping.fetch.Fetcher`, so robots.txt,
the per-domain limits, retries and the circuit breaker apply as to scraping. :func:`check_jobs`
keeps ``concurrency`` checks in flight — low, so a run's scraping keeps most of the limits.

With ``scraping.jobspy_base_url`` set (the demo board), a job board's URL (linkedin.com,
indeed.com, …) is sent to that base instead, as JobSpy's own requests are
(:mod:`jobscraper.sources.jobspy_route`): the demo never reaches the real boards.
"""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import Callable, Sequence
from typing import Protocol
from urllib.parse import urlsplit, urlunsplit

from jobscraper.errors import ScrapeError
from jobscraper.scraping.fetch import Fetched, domain_of
from jobscraper.scraping.retry import describe
from jobscraper.store.liveness import CheckResult, CheckTarget
from jobscraper.vocabulary import SITE_DOMAINS

__all__ = [
    "CLOSED_PHRASES",
    "GONE_STATUSES",
    "PageGetter",
    "check_job",
    "check_jobs",
    "judge",
    "judge_detail",
    "routed",
]

GONE_STATUSES = (404, 410)
CLOSED_PHRASES = (
    "no longer accepting applications",
    "no longer available",
    "no longer open",
    "this job has expired",
    "this job posting has expired",
    "job has been filled",
    "position has been filled",
    "this job is closed",
    "this position is closed",
    "posting is closed",
    "posting has closed",
    "applications are closed",
    "applications have closed",
)
_HIDDEN = re.compile(r"<(script|style|template|noscript)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")
_GONE_MESSAGES = frozenset(f"HTTP {status}" for status in GONE_STATUSES)


class PageGetter(Protocol):
    """What a check needs of a Fetcher: one polite GET that raises a ScrapeError on failure."""

    async def get(self, url: str) -> Fetched: ...


def _visible_text(page: str) -> str:
    return _SPACE.sub(" ", _TAG.sub(" ", _HIDDEN.sub(" ", page))).lower()


def _up_to_listing(asked: str, answered: str) -> bool:
    """The answer came from a parent path of the same host: the job page redirected to its listing."""
    a, b = urlsplit(asked), urlsplit(answered)
    if domain_of(asked) != domain_of(answered):
        return False
    mine, theirs = a.path.rstrip("/"), b.path.rstrip("/")
    return mine != theirs and (theirs == "" or mine.startswith(theirs + "/"))


def judge(job_id: int, url: str, outcome: Fetched | ScrapeError) -> CheckResult:
    """The verdict on ``job_id`` from its page (``outcome``: what fetching ``url`` gave)."""
    if isinstance(outcome, ScrapeError):
        if outcome.reason in _GONE_MESSAGES:  # the Fetcher's text for a status (fetch.status_error)
            return CheckResult(job_id=job_id, verdict="closed", reason=outcome.reason)
        return CheckResult(job_id=job_id, verdict="unknown", reason=describe(outcome))
    if _up_to_listing(url, outcome.url):
        return CheckResult(job_id=job_id, verdict="closed", reason=f"redirected to {outcome.url}")
    text = _visible_text(outcome.text)
    for phrase in CLOSED_PHRASES:
        if phrase in text:
            return CheckResult(job_id=job_id, verdict="closed", reason=f"page says: {phrase}")
    return CheckResult(job_id=job_id, verdict="open", reason=f"HTTP {outcome.status}")


def judge_detail(job_id: int, url: str, outcome: Fetched | ScrapeError) -> CheckResult:
    """The verdict on ``job_id`` from its posting's API endpoint ``url``: only the status counts
    (a description's words are not a notice), and a 200 that is not JSON is not the API talking."""
    if isinstance(outcome, ScrapeError):
        said = judge(job_id, url, outcome)
        gone = said.verdict == "closed"
        return said.model_copy(update={"reason": f"{said.reason} from the API"}) if gone else said
    try:
        json.loads(outcome.text)
    except ValueError:
        return CheckResult(job_id=job_id, verdict="unknown", reason=f"not JSON from {url}")
    return CheckResult(job_id=job_id, verdict="open", reason=f"HTTP {outcome.status} (API)")


def routed(url: str, base_url: str | None) -> str:
    """``url``, or — with a demo base URL — a job board's URL sent to that base (path and query kept)."""
    if base_url is None:
        return url
    domain = domain_of(url)
    if not any(domain == d or domain.endswith("." + d) for d in SITE_DOMAINS.values()):
        return url
    parts, base = urlsplit(url), urlsplit(base_url)
    return urlunsplit((base.scheme, base.netloc, parts.path, parts.query, ""))


async def check_job(fetcher: PageGetter, target: CheckTarget, base_url: str | None = None) -> CheckResult:
    """Check one job — at its posting's API endpoint when it has one, else its page; never raises
    for what the site answered (that is the verdict)."""
    url = target.detail_url or routed(target.url, base_url)
    try:
        outcome: Fetched | ScrapeError = await fetcher.get(url)
    except ScrapeError as error:
        outcome = error
    return (judge_detail if target.detail_url else judge)(target.job_id, url, outcome)


async def check_jobs(
    fetcher: PageGetter,
    targets: Sequence[CheckTarget],
    *,
    concurrency: int = 2,
    base_url: str | None = None,
    on_result: Callable[[CheckResult], object] | None = None,
) -> list[CheckResult]:
    """Check ``targets`` with at most ``concurrency`` in flight; the verdicts in the targets' order.
    ``on_result`` is told each verdict as it comes (a progress bar)."""
    gate = asyncio.Semaphore(max(1, concurrency))

    async def one(target: CheckTarget) -> CheckResult:
        async with gate:
            result = await check_job(fetcher, target, base_url)
        if on_result is not None:
            on_result(result)
        return result

    return list(await asyncio.gather(*(one(t) for t in targets)))
