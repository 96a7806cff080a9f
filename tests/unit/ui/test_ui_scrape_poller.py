"""The Scrape page's one poller follows the run on show: when another live run is put on show while
it waits (a run picked from the recent runs, or the run a 409 names), it follows that one — the
new run's own poller was refused, since a page has one poller at a time."""

from __future__ import annotations

import asyncio
import types
from datetime import UTC, datetime
from typing import Any

import httpx
from jobscraper_ui.client import ApiClient, UiConfig, use_client
from jobscraper_ui.pages.scrape_state import ScrapeState

from jobscraper.run_shapes import Event, RunDetail
from tests.unit.ui.fake_api import mock_client


class _Page(types.SimpleNamespace):
    """The state's vars, and ``async with self`` as a background task takes the state's lock."""

    async def __aenter__(self) -> _Page:
        return self

    async def __aexit__(self, *exc: object) -> None:
        return None


def _detail(run_id: int, live: bool, n: int) -> RunDetail:
    now = datetime.now(UTC)
    events = [Event(n=n, at=now, source=None, type="written", message=f"event {n}")]
    return RunDetail(
        id=run_id, kind="scrape", status="running" if live else "done", started_at=now, live=live,
        last_event=n, events=events,
    )  # fmt: skip


def _page_on_run_7() -> Any:
    """The Scrape page's state on live run 7, with the real handlers a poll calls."""
    page = _Page(
        run_id=7, last_event=0, _polling=False, unreachable="", error="", run_status="", run_live=False,
        busy_error="", busy_run=0, run_counts="", run_new=0, run_errors=[], sources=[], sources_done=0,
        extraction="", extraction_pct=0, events=[], runs=[],
    )  # fmt: skip
    page._apply = types.MethodType(ScrapeState._apply, page)
    page._load_runs = types.MethodType(ScrapeState._load_runs, page)
    page.call = types.MethodType(getattr(ScrapeState.call, "fn", ScrapeState.call), page)
    return page


def test_the_poller_follows_a_run_put_on_show_while_it_waits() -> None:
    page = _page_on_run_7()
    asked: list[str] = []

    def answer(request: httpx.Request) -> httpx.Response:
        asked.append(request.url.path)
        if request.url.path == "/api/runs/7":  # while run 7's poll waits, run 9 is put on show
            page.run_id, page.events, page.last_event = 9, [], 4
            return httpx.Response(200, content=_detail(7, True, 1).model_dump_json())
        if request.url.path == "/api/runs/9":
            assert request.url.params["events_after"] == "4"
            return httpx.Response(200, content=_detail(9, False, 5).model_dump_json())
        return httpx.Response(200, json=[])  # the recent runs

    poll: Any = getattr(ScrapeState.poll, "fn", ScrapeState.poll)
    use_client(mock_client(answer))
    try:
        asyncio.run(poll(page))
    finally:
        use_client(None)
    assert asked[:2] == ["/api/runs/7", "/api/runs/9"]
    assert [e.n for e in page.events] == [5], "run 7's answer is not shown on run 9"
    assert page.run_status == "done" and page._polling is False


def test_the_recent_runs_are_asked_for_alongside_the_first_poll() -> None:
    """Asked between two polls, the recent runs held the run's next events for their round trip."""
    page = _page_on_run_7()
    polls: list[bool] = []  # per poll: were the recent runs asked for while it was held
    listed = asyncio.Event()

    async def answer(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/api/runs":
            listed.set()
            return httpx.Response(200, json=[])
        try:  # a held poll: the API answers at the run's next change
            await asyncio.wait_for(listed.wait(), timeout=1.0)
            polls.append(True)
        except TimeoutError:
            polls.append(False)
        return httpx.Response(200, content=_detail(7, len(polls) < 2, len(polls)).model_dump_json())

    poll: Any = getattr(ScrapeState.poll, "fn", ScrapeState.poll)
    use_client(ApiClient(UiConfig("http://api", "tok", 0.5), transport=httpx.MockTransport(answer)))
    try:
        asyncio.run(poll(page))
    finally:
        use_client(None)
    assert polls[0] is True, "the first poll was held without the recent runs being asked for"
