"""The Scrape page starts no second run while one is live (issue 13, item 21, the UI's side)."""

from __future__ import annotations

import asyncio
import types
from datetime import UTC, datetime
from typing import Any

import httpx
from jobscraper_ui.client import ApiError, use_client
from jobscraper_ui.pages.scrape_state import BUSY, ScrapeState, conflicting_run

from jobscraper.run_shapes import RunDetail
from tests.unit.ui.fake_api import mock_client


def _page(**state: Any) -> types.SimpleNamespace:
    defaults = {"starting": False, "run_id": 0, "run_live": False, "run_status": ""}
    shown = {"busy_error": "", "busy_run": 0, "events": [], "last_event": 0}
    page = types.SimpleNamespace(**{**defaults, **shown, "error": "", "unreachable": "", **state})
    page._live = types.MethodType(ScrapeState._live, page)
    return page


def _detail(run_id: int, status: str, live: bool) -> RunDetail:
    return RunDetail(id=run_id, kind="scrape", status=status, started_at=datetime.now(UTC), live=live)


def _refused_start(page: types.SimpleNamespace) -> None:
    use_client(mock_client(lambda request: httpx.Response(500)))  # never asked: the page refuses
    try:
        asyncio.run(ScrapeState._start(page, {"all_saved": True}))  # type: ignore[arg-type]
    finally:
        use_client(None)


def test_a_start_while_the_run_on_show_is_live_is_refused() -> None:
    asked: list[str] = []

    def refuse(request: httpx.Request) -> httpx.Response:  # the page itself refuses the second start
        asked.append(request.url.path)
        raise AssertionError("a second run was asked for while one is live")

    use_client(mock_client(refuse))
    try:
        page = _page(run_id=4, run_live=True, run_status="running")
        assert asyncio.run(ScrapeState._start(page, {"all_saved": True})) is None  # type: ignore[arg-type]
    finally:
        use_client(None)
    assert asked == [] and page.error == BUSY


def test_a_409_names_the_run_that_already_scrapes_those_entries() -> None:
    assert conflicting_run(ApiError(409, "run 12 is already scraping search:demo: wait for it")) == 12
    assert conflicting_run(ApiError(409, "taken", {"detail": "taken", "run_id": 7})) == 7
    assert conflicting_run(ApiError(409, "a company named Acme exists already")) is None
    assert conflicting_run(ApiError(422, "run 3 is bad")) is None


def test_the_in_progress_message_goes_when_its_run_ends() -> None:
    page = _page(run_id=4, run_live=True, run_status="running")
    _refused_start(page)
    assert page.error == BUSY
    ScrapeState._apply(page, _detail(4, "running", live=True), [])  # type: ignore[arg-type]
    assert page.error == BUSY  # still going: the message holds
    ScrapeState._apply(page, _detail(4, "done", live=False), [])  # type: ignore[arg-type]
    assert page.error == ""  # the run it spoke of is over: a start would be accepted now


def test_the_in_progress_message_stays_while_another_run_ends_and_other_errors_stay() -> None:
    page = _page(run_id=4, run_live=True, run_status="running")
    _refused_start(page)
    ScrapeState._apply(page, _detail(9, "done", live=False), [])  # type: ignore[arg-type]
    assert page.error == BUSY  # run 9 is not the run that holds the boards
    page.error = "the API said no"  # a later, unrelated error
    ScrapeState._apply(page, _detail(4, "done", live=False), [])  # type: ignore[arg-type]
    assert page.error == "the API said no"
