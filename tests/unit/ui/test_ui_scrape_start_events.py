"""A started run's first events show with the answer to the click (issue 17): the API's answer to
POST /api/runs holds the run's events so far, the click asks at once for the next ones, and the
poller goes on after the last of them; the page holds only the newest events."""

from __future__ import annotations

import asyncio
import types
from datetime import UTC, datetime
from typing import Any

import httpx
from jobscraper_ui.client import use_client
from jobscraper_ui.pages.scrape_state import FIRST_WAIT_S, MAX_EVENTS, ScrapeState

from jobscraper.run_shapes import Event, RunDetail, SourceState
from tests.unit.ui.fake_api import mock_client


def _page() -> types.SimpleNamespace:
    page = types.SimpleNamespace(
        starting=False, run_id=0, run_live=False, run_status="", busy_error="", busy_run=0,
        events=[], last_event=0, error="", unreachable="", run_counts="", run_new=0, run_errors=[],
        sources=[], sources_done=0, extraction="", extraction_pct=0,
    )  # fmt: skip
    page._live = types.MethodType(ScrapeState._live, page)
    page._apply = types.MethodType(ScrapeState._apply, page)
    return page


def _started() -> RunDetail:
    now = datetime.now(UTC)
    events = [
        Event(n=1, at=now, source=None, type="run_started", message="1 source(s)"),
        Event(n=2, at=now, source="company:Acme", type="source_started", message="scraping…"),
    ]
    return RunDetail(
        id=7, kind="scrape", status="running", started_at=now, live=True, last_event=2, events=events,
        sources=[SourceState(key="company:Acme", label="Acme", kind="company", status="running")],
    )  # fmt: skip


def test_the_events_in_the_start_answer_show_at_once_and_the_poller_follows_on() -> None:
    def answer(request: httpx.Request) -> httpx.Response:
        assert (request.method, request.url.path) == ("POST", "/api/runs")
        return httpx.Response(201, content=_started().model_dump_json())

    use_client(mock_client(answer))
    page = _page()
    try:
        follow: Any = asyncio.run(ScrapeState._start(page, {"all_saved": True}))  # type: ignore[arg-type]
    finally:
        use_client(None)
    assert follow is not None, "the poller starts"
    assert page.run_id == 7 and page.last_event == 2, "it polls for what came after the answer's events"
    assert [(e.n, e.source, e.message) for e in page.events] == [
        (1, "", "run started: 1 source to scrape"),
        (2, "Acme:", "scraping…"),
    ]


def _more(*numbers: int) -> RunDetail:
    detail = _started()
    now = datetime.now(UTC)
    detail.events = [
        Event(n=n, at=now, source="company:Acme", type="written", message="3 posting(s)") for n in numbers
    ]
    detail.last_event = max(numbers)
    return detail


def test_a_click_asks_at_once_for_the_events_after_the_start_answer_before_the_poller() -> None:
    """The poller starts a round trip later (the page asks for it): the sources' first events, which
    come right after the start answer, are fetched by the click in one short long poll."""
    asked: list[tuple[str, dict[str, str]]] = []

    def answer(request: httpx.Request) -> httpx.Response:
        asked.append((request.method, dict(request.url.params)))
        if request.method == "POST":
            return httpx.Response(201, content=_started().model_dump_json())
        assert request.url.path == "/api/runs/7"
        return httpx.Response(200, content=_more(1, 2, 3).model_dump_json())

    use_client(mock_client(answer))
    page = _page()
    page.pending = ""
    for name in ("_start", "_catch_up", "call"):
        method = getattr(ScrapeState, name)
        setattr(page, name, types.MethodType(getattr(method, "fn", method), page))  # an event handler's own

    async def click() -> list[Any]:
        return [update async for update in ScrapeState._click(page, "all", {"all_saved": True})]  # type: ignore[arg-type]

    try:
        updates = asyncio.run(click())
    finally:
        use_client(None)
    method, query = asked[1]
    assert (method, query["events_after"]) == ("GET", "2")
    assert 0 < float(query["wait_s"]) <= FIRST_WAIT_S, "a long poll until the start's burst is over"
    assert [e.n for e in page.events] == [1, 2, 3], "only the new event is added"
    assert page.last_event == 3, "the poller goes on after it"
    assert updates[-1] is not None, "then the poller starts"


def test_the_page_holds_only_the_newest_events() -> None:
    """Each change sends the whole list to the page: it is bounded, the newest kept, oldest first."""
    page = _page()
    page._apply(_started(), _started().events)
    newer = _more(*range(3, MAX_EVENTS + 53))
    page._apply(newer, newer.events)
    assert len(page.events) == MAX_EVENTS
    assert [e.n for e in page.events] == list(range(53, MAX_EVENTS + 53))
    assert page.last_event == MAX_EVENTS + 52


def test_the_click_follows_the_run_until_the_start_s_burst_is_over() -> None:
    """An answer with no new event (the run's state changed) does not end the click's catching
    up: the sources' next events still come before the poller, a round trip later, takes over."""
    gets: list[str] = []

    def answer(request: httpx.Request) -> httpx.Response:
        if request.method == "POST":
            return httpx.Response(201, content=_started().model_dump_json())
        gets.append(request.url.params["events_after"])
        if len(gets) == 1:  # a source's counts changed: no event
            return httpx.Response(200, content=_started().model_dump_json())
        if len(gets) == 2:
            return httpx.Response(200, content=_more(3).model_dump_json())
        ended = _more(3)
        ended.status, ended.live = "done", False
        return httpx.Response(200, content=ended.model_dump_json())

    use_client(mock_client(answer))
    page = _page()
    page.pending = ""
    for name in ("_start", "_catch_up", "call"):
        method = getattr(ScrapeState, name)
        setattr(page, name, types.MethodType(getattr(method, "fn", method), page))

    async def click() -> list[Any]:
        return [update async for update in ScrapeState._click(page, "all", {"all_saved": True})]  # type: ignore[arg-type]

    try:
        asyncio.run(click())
    finally:
        use_client(None)
    assert gets[:2] == ["2", "2"], "asked again after an answer without events"
    assert [e.n for e in page.events] == [1, 2, 3]
