"""What one board gave for one search, and the honest word for it: never a silent zero.

A board that returns no rows may have no matching jobs, or may have refused us. JobSpy keeps a
board's failure in ``df.attrs["errors"]`` and the remote boards raise typed errors, so every
:class:`SiteResult` carries the rows that arrived and the error that stopped it. :func:`verdict_for`
names a finished source for the run's summary (``SourceState.verdict``), per site:

- ``ok``: rows arrived and nothing failed;
- ``empty``: the source answered and had nothing that matched (the search may be too narrow);
- ``partial``: some rows arrived, then the source failed (a later page, a rate limit);
- ``rate_limited``: it asked us to slow down (429/503) before any row arrived;
- ``blocked``: it refused us (403, a captcha, robots.txt);
- ``failed``: anything else (network, a shape we cannot read).

It sits apart from :mod:`jobscraper.sources.boards` so that the remote boards
(:mod:`jobscraper.sources.remote`) build the same result without importing JobSpy's side.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from jobscraper.errors import Blocked, RateLimited, ScrapeError
from jobscraper.posting import Posting
from jobscraper.run_shapes import SourceVerdict

__all__ = ["SiteResult", "verdict", "verdict_for"]


@dataclass
class SiteResult:
    """What one board gave for one search: rows, and the error that stopped it (if any)."""

    site: str
    postings: list[Posting] = field(default_factory=list)
    error: ScrapeError | None = None
    warnings: list[str] = field(default_factory=list)
    rejected: list[str] = field(default_factory=list)


def verdict_for(found: int, error: BaseException | None) -> SourceVerdict:
    """The word for a source that gave ``found`` rows and stopped on ``error`` (None: it finished)."""
    if error is None:
        return "ok" if found else "empty"
    if found:
        return "partial"
    if isinstance(error, RateLimited):
        return "rate_limited"
    if isinstance(error, Blocked):
        return "blocked"
    return "failed"


def verdict(result: SiteResult) -> SourceVerdict:
    """:func:`verdict_for` of one board's result."""
    return verdict_for(len(result.postings), result.error)
