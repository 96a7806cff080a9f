"""A started run's first events show with the answer to the click (issue 17): the API's answer to
POST /api/runs holds the run's events so far, and the poller goes on after the last of them."""

from __future__ import annotations

import asyncio
import types
from datetime import UTC, datetime
from typing import Any

import httpx
from jobscraper_ui.client import use_client
from jobscraper_ui.pages.scrape_state import ScrapeState

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
