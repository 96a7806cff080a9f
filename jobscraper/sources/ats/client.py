"""The :class:`~jobscraper.sources.ats.base.AtsClient` every adapter is given: the project's Fetcher.

Each request goes through :class:`~jobscraper.scraping.fetch.Fetcher` — robots.txt, the URL policy,
the per-domain limits, retries with ``Retry-After`` on 429, the size cap — so an adapter never
opens a connection or sleeps itself. A 404 arrives as
:class:`~jobscraper.scraping.fetch.NotFoundAt` (a ``SourceUnavailable`` whose ``status`` is 404).
"""

from __future__ import annotations

import json
from collections.abc import Mapping

from jobscraper.errors import ParseError
from jobscraper.scraping.fetch import Fetched, Fetcher

__all__ = ["FetcherClient", "decode_json"]


def decode_json(url: str, page: Fetched) -> object:
    """The JSON document in ``page`` (the answer to ``url``); a ParseError naming ``url`` if not JSON."""
    try:
        return json.loads(page.text)
    except json.JSONDecodeError as exc:
        raise ParseError(url, f"not JSON: {exc.msg} at line {exc.lineno}") from exc


class FetcherClient:
    """An AtsClient over a Fetcher, counting the answers it got (a scrape's pages).

    ``primed`` answers a GET of one URL without a request: the payload a career URL already
    served (an ATS mirror found by its shape) is not fetched twice.
    """

    def __init__(self, fetcher: Fetcher, *, primed: Mapping[str, object] | None = None) -> None:
        self._fetcher = fetcher
        self._primed = dict(primed or {})
        self.requests = 0

    async def get_text(self, url: str) -> str:
        page = await self._fetcher.get(url)
        self.requests += 1
        return page.text

    async def get_json(self, url: str) -> object:
        if url in self._primed:
            return self._primed.pop(url)
        page = await self._fetcher.get(url)
        self.requests += 1
        return decode_json(url, page)

    async def post_json(self, url: str, body: Mapping[str, object]) -> object:
        page = await self._fetcher.post_json(url, dict(body))
        self.requests += 1
        return decode_json(url, page)
