"""A fake AtsClient that answers like a Workday tenant from a fixture file (pages by offset, details
by externalPath), recording every request — what the Workday unit tests drive the adapter with."""

from __future__ import annotations

import asyncio
import copy
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from jobscraper.errors import ScrapeError
from jobscraper.scraping.fetch import NotFoundAt

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "ats"


def load(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((FIXTURES / name).read_text(encoding="utf-8"))
    return data


def not_found(url: str) -> ScrapeError:
    """A 404 as the client reports it."""
    return NotFoundAt(url, "HTTP 404", status=404)


class FakeWorkday:
    """Serves ``fixture['pages']`` (POST, by ``offset``) and ``fixture['details']`` (GET, by path).

    ``fail`` maps an offset or a path to the error that request raises instead. The number of
    requests in flight at once is counted (``peak``), with every answer given after one yield to
    the event loop so that requests started together overlap.
    """

    def __init__(
        self, fixture: Mapping[str, Any], api_url: str, fail: Mapping[object, Exception] | None = None
    ):
        self.fixture = fixture
        self.api_url = api_url
        self.fail = dict(fail or {})
        self.posts: list[dict[str, Any]] = []
        self.gets: list[str] = []
        self.in_flight = 0
        self.peak = 0

    async def _answer(self, key: object, payload: object) -> object:
        self.in_flight += 1
        self.peak = max(self.peak, self.in_flight)
        try:
            await asyncio.sleep(0)
            if key in self.fail:
                raise self.fail[key]
            return copy.deepcopy(payload)
        finally:
            self.in_flight -= 1

    async def post_json(self, url: str, body: Mapping[str, object]) -> object:
        assert url == self.api_url
        self.posts.append(dict(body))
        offset = body["offset"]
        empty = {"total": 0, "jobPostings": [], "facets": [], "userAuthenticated": False}
        return await self._answer(offset, self.fixture["pages"].get(str(offset), empty))

    async def get_json(self, url: str) -> object:
        self.gets.append(url)
        path = url.removeprefix(self.api_url.removesuffix("/jobs"))
        if path not in self.fixture["details"] and path not in self.fail:
            self.fail[path] = not_found(url)
        return await self._answer(path, self.fixture["details"].get(path))

    async def get_text(self, url: str) -> str:
        raise AssertionError(f"Workday reads no text pages ({url})")

    @property
    def offsets(self) -> list[object]:
        return sorted(p["offset"] for p in self.posts)  # type: ignore[type-var]
