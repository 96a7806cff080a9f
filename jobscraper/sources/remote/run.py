"""Reading one remote board for one saved search: pages through the Fetcher, filtered here.

The remote boards have no search of their own worth the name (RemoteOK, We Work Remotely and
Arbeitnow serve everything they list; Remotive and Himalayas search words only), so every board's
postings are filtered locally by the same rules, the ones a keyword search on a job board follows:

- every word of the search's ``term`` appears in the title, company, tags or description;
- a ``location`` is met by a job open worldwide (no place, "worldwide", "anywhere", "global") or
  whose place names a part of it ("Berlin, Germany": Berlin or Germany);
- ``is_remote`` drops a job the board marks as on-site, ``job_type`` a job of another known type,
  ``hours_old`` a job with a known date older than that;
- at most ``results_wanted`` postings, and no more pages once that many matched.

Every request goes through the caller's client (the project's
:class:`~jobscraper.scraping.fetch.Fetcher`): per-domain limits keyed by the board's domain,
robots.txt, retries with ``Retry-After``. A board that fails after the first page keeps what it
had (``partial``); the failure is the result's error either way, never a silent zero.
"""

from __future__ import annotations

import importlib
import math
import re
from datetime import UTC, datetime, timedelta
from typing import Protocol, cast
from urllib.parse import urlsplit, urlunsplit

from jobscraper.config import SavedSearch
from jobscraper.errors import ScrapeError
from jobscraper.posting import Posting
from jobscraper.scraping.fetch import Fetched
from jobscraper.sources.remote.base import RemoteBoard
from jobscraper.sources.site_result import SiteResult
from jobscraper.vocabulary import REMOTE_SITES

__all__ = ["MAX_PAGES", "RemoteClient", "board_for", "matches", "routed", "scrape_remote"]

MAX_PAGES = 10
"""Pages read per board and search at most (Himalayas lists tens of thousands, newest first)."""
_WORDS = re.compile(r"[\w+#]+")
_ANYWHERE = ("worldwide", "anywhere", "global")


class RemoteClient(Protocol):
    """What a board run needs of a fetcher: one polite GET (the Fetcher's)."""

    async def get(self, url: str) -> Fetched: ...


def board_for(site: str) -> RemoteBoard:
    """The board module's ``BOARD`` for a remote site of the vocabulary (KeyError otherwise)."""
    if site not in REMOTE_SITES:
        raise KeyError(site)
    module = importlib.import_module(f"jobscraper.sources.remote.{site}")
    return cast(RemoteBoard, module.BOARD)


def routed(url: str, base_url: str | None) -> str:
    """``url`` sent to ``base_url`` instead (path and query kept): the demo board stands in for
    every board when ``scraping.jobspy_base_url`` is set. Unchanged without one."""
    if not base_url:
        return url
    target, parts = urlsplit(base_url), urlsplit(url)
    return urlunsplit((target.scheme, target.netloc, parts.path, parts.query, ""))


def _words(text: str) -> set[str]:
    return set(_WORDS.findall(text.lower()))


def _place_ok(where: str | None, location: str | None) -> bool:
    if not location:
        return True
    place = (where or "").lower()
    if not place.strip() or place.strip() == "remote" or any(w in place for w in _ANYWHERE):
        return True
    parts = [p.strip() for p in location.lower().split(",")]
    return any(len(p) >= 2 and p in place for p in parts)


def matches(posting: Posting, search: SavedSearch) -> bool:
    """Whether ``posting`` meets ``search`` (the rules in the module's doc)."""
    text = " ".join(
        filter(None, [posting.title, posting.company, posting.description, " ".join(posting.skills or [])])
    )
    if not _words(search.term) <= _words(text):
        return False
    if not _place_ok(posting.location, search.location):
        return False
    if search.is_remote and posting.is_remote is False:
        return False
    if search.job_type and posting.job_type and posting.job_type != search.job_type:
        return False
    if search.hours_old and posting.date_posted:
        oldest = (datetime.now(UTC) - timedelta(days=math.ceil(search.hours_old / 24))).date()
        return posting.date_posted >= oldest
    return True


async def scrape_remote(
    site: str, search: SavedSearch, client: RemoteClient, *, base_url: str | None = None
) -> SiteResult:
    """Every posting of the remote board ``site`` that meets ``search``, page by page, and the
    error that stopped it (if any)."""
    board = board_for(site)
    result = SiteResult(site)
    seen: set[str] = set()
    url: str | None = board.first_url(search)
    pages = 0
    while url is not None and pages < MAX_PAGES:
        pages += 1
        try:
            fetched = await client.get(routed(url, base_url))
            page = board.parse(fetched.text, url)
        except ScrapeError as error:
            result.error = error
            return result
        result.rejected += page.skipped
        for posting in page.postings:
            if posting.job_url not in seen and matches(posting, search):
                seen.add(posting.job_url)
                result.postings.append(posting)
        if len(result.postings) >= search.results_wanted:
            del result.postings[search.results_wanted :]
            return result
        url = page.next_url
    if url is not None:
        result.warnings.append(f"{site}: stopped after {MAX_PAGES} pages; narrow the search for older jobs")
    return result
