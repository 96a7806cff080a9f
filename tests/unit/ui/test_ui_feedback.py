"""Feedback a user sees (issue 17 items 10, 12, 15): the run's event log in plain words, a click on
Scrape that shows at once, and analytics that do not mislead (funnel named after the statuses,
every currency's salaries offered)."""

from __future__ import annotations

import asyncio
import types
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime
from typing import Any

import httpx
from jobscraper_ui.base import MAX_RETRY_S, next_delay
from jobscraper_ui.client import use_client
from jobscraper_ui.pages.analytics_state import AnalyticsState
from jobscraper_ui.pages.scrape_rows import adhoc_search, event_row, event_text
from jobscraper_ui.pages.scrape_state import ScrapeState
from jobscraper_ui.pages.searches_state import SearchesState

from jobscraper.models import JobStatus
from jobscraper.run_shapes import Event
from jobscraper.store.stats import DayCount, FunnelStage, JobStats, SalaryBucket, SalaryStats
from tests.unit.ui.fake_api import mock_client

_AT = datetime(2025, 3, 1, 9, 30, tzinfo=UTC)


def _event(type_: str, message: str, source: str | None = None, **data: Any) -> Event:
    return Event(n=1, at=_AT, source=source, type=type_, message=message, data=data)


# --------------------------------------------------------------------------- the event log


def test_a_company_s_events_read_as_plain_words_with_its_name() -> None:
    labels = {"company:Hooli": "Hooli"}
    done = event_row(_event("source_done", "12 found", "company:Hooli", found=12, verdict="ok"), labels)
    assert f"{done.source} {done.message}" == "Hooli: 12 jobs found"

    written = _event(
        "written", "12 posting(s)", "company:Hooli", inserted=3, updated=0, unchanged=9, merged_duplicates=0
    )
    assert event_text(written) == "12 jobs saved — 3 new, 9 unchanged"
    assert "posting" not in event_row(written, labels).message
    assert event_row(written, {}).source == "Hooli:", "the name even without the run's labels"


def test_one_is_singular_and_a_board_source_is_named_by_its_label() -> None:
    row = event_row(
        _event("source_done", "1 found", "linkedin:demo", found=1), {"linkedin:demo": "linkedin · demo"}
    )
    assert (row.source, row.message) == ("linkedin · demo:", "1 job found")
    assert event_text(_event("run_started", "3 source(s)")) == "run started: 3 sources to scrape"
    assert event_text(_event("fits_stored", "1 fit(s) stored for profile 'me'")) == (
        "1 fit stored for profile 'me'"
    )
    assert event_row(_event("run_done", "run done: 4 found, 2 new")).source == "", "the run's own"


def test_an_empty_source_and_a_failed_one_say_what_happened() -> None:
    empty = _event("source_done", "0 found (empty…)", "company:Acme", found=0, verdict="empty")
    assert event_text(empty).startswith("no jobs found")
    failed = event_row(_event("source_failed", "HTTP 403 from acme", "company:Acme", status="blocked"))
    assert failed.message == "blocked: HTTP 403 from acme" and failed.bad


# --------------------------------------------------------------------------- a click shows at once


def test_a_scrape_click_shows_its_busy_state_before_the_api_is_asked() -> None:
    page = types.SimpleNamespace(pending="")
    asked: list[str] = []

    async def start(body: dict[str, Any]) -> None:
        asked.append(page.pending)  # the API is asked only after the page showed the click

    page._start = start

    async def click() -> None:
        updates: AsyncIterator[Any] = ScrapeState._click(page, "search:demo", {"searches": ["demo"]})  # type: ignore[arg-type]
        first = await anext(updates)  # the first update the page gets: the clicked button spins
        assert page.pending == "search:demo" and asked == []
        # ...and it clears the page's own click mark (CLICKED), set before the server heard of it
        assert "_client_state_setScrape_clicked" in str(first.args)
        async for _ in updates:
            pass

    asyncio.run(click())
    assert asked == ["search:demo"]
    assert page.pending == "", "the busy state ends with the start"


def test_the_ad_hoc_form_becomes_a_search_or_one_sentence_about_what_is_wrong() -> None:
    form = {"term": " rust ", "site_indeed": "on", "remote": "on", "results_wanted": "20"}
    assert adhoc_search(form, ["linkedin", "indeed"], ["linkedin"]) == {
        "name": "rust",
        "term": "rust",
        "sites": ["indeed"],
        "is_remote": True,
        "results_wanted": 20,
    }
    assert adhoc_search({"term": "rust"}, ["linkedin"], ["linkedin"])["sites"] == ["linkedin"]  # type: ignore[index]
    assert adhoc_search({"term": "x", "results_wanted": "lots"}, [], ["linkedin"]) == (
        "Results per site must be a whole number."
    )


# --------------------------------------------------------------------------- analytics


def _salary(currency: str | None, count: int) -> SalaryStats:
    return SalaryStats(
        currency=currency,
        count=count,
        median=50_000.0,
        buckets=[
            SalaryBucket(low=40_000, high=50_000, count=count),
            SalaryBucket(low=50_000, high=None, count=0),
        ],
    )


def _analytics_page() -> types.SimpleNamespace:
    fields = {name: field.default for name, field in AnalyticsState.get_fields().items()}
    page = types.SimpleNamespace(**{k: v for k, v in fields.items() if not k.startswith("_")})
    page.currency = ""
    page._pick_currency = types.MethodType(AnalyticsState._pick_currency, page)
    return page


def test_every_currency_is_offered_with_its_count_and_the_funnel_is_named_after_the_statuses() -> None:
    salaries = [_salary("EUR", 35), _salary("USD", 20), _salary(None, 12)]
    statuses = [s.value for s in JobStatus]
    stats = JobStats(
        totals={"jobs": 86},
        per_day=[DayCount(day=date(2025, 3, 1), new=86)],
        by_source={"linkedin": 86},
        by_status=dict.fromkeys(statuses, 0) | {"new": 86},
        salary=salaries[0],
        salaries=salaries,
        top_skills=[],
        funnel=[
            FunnelStage(stage=s, count=86 if s == "new" else 0, reached=86 if s == "new" else 0)
            for s in statuses
        ],
    )
    page = _analytics_page()
    AnalyticsState._show(page, stats)  # type: ignore[arg-type]

    assert page.currencies == [
        ["EUR", "EUR (35 jobs)"],
        ["USD", "USD (20 jobs)"],
        ["none", "no currency (12 jobs)"],
    ]
    assert page.currency == "EUR" and page.salary_note.startswith(
        "35 of 67 jobs with a yearly salary are in EUR"
    )
    AnalyticsState.set_currency.fn(page, "USD")  # type: ignore[attr-defined]
    assert page.salary_note.startswith("20 of 67") and page.salary[0]["jobs"] == 20
    assert [row["stage"] for row in page.funnel] == statuses
    assert "saved" not in [row["stage"] for row in page.funnel]
    assert page.funnel[0] == {"stage": "new", "now": 86, "reached": 86}


# --------------------------------------------------------------------------- delete asks first


def test_a_saved_search_is_deleted_only_after_the_dialog_is_confirmed() -> None:
    asked: list[str] = []

    def api(request: httpx.Request) -> httpx.Response:
        asked.append(f"{request.method} {request.url.path}")
        return httpx.Response(204)

    page = types.SimpleNamespace(
        confirm_id=0,
        confirm_name="",
        editing_id=0,
        raw={"7": {"name": "python berlin"}},
        error="",
        unreachable="",
    )

    async def refresh() -> None:
        asked.append("reload")

    page._refresh = refresh
    page.call = types.MethodType(SearchesState.call.fn, page)  # type: ignore[attr-defined]
    use_client(mock_client(api))
    try:
        SearchesState.ask_remove.fn(page, 7)  # type: ignore[attr-defined]
        assert (page.confirm_id, page.confirm_name) == (7, "python berlin") and asked == []
        SearchesState.keep.fn(page, False)  # type: ignore[attr-defined]  # Cancel: the dialog closes
        assert page.confirm_id == 0 and asked == [], "cancelled: nothing deleted"
        asyncio.run(SearchesState.remove.fn(page))  # type: ignore[attr-defined]  # no dialog open: no-op
        assert asked == []
        SearchesState.ask_remove.fn(page, 7)  # type: ignore[attr-defined]
        asyncio.run(SearchesState.remove.fn(page))  # type: ignore[attr-defined]
    finally:
        use_client(None)
    assert asked == ["DELETE /api/searches/7", "reload"]
    assert page.confirm_id == 0, "the dialog closes"


def test_the_health_check_backs_off_to_one_request_every_half_minute() -> None:
    delays = [1.0]
    for _ in range(8):
        delays.append(next_delay(delays[-1]))
    assert delays[:6] == [1.0, 2.0, 4.0, 8.0, 16.0, 30.0]
    assert max(delays) == MAX_RETRY_S == 30.0


def test_the_by_source_chart_names_a_career_page_as_the_source_filter_does() -> None:
    facets = [
        {"name": "linkedin", "kind": "board", "label": "LinkedIn", "jobs": 5},
        {"name": "127.0.0.1", "kind": "career", "label": "Acme GmbH (career page)", "jobs": 3},
    ]

    def api(request: httpx.Request) -> httpx.Response:
        assert request.url.path == "/api/jobs/sources"
        return httpx.Response(200, json=facets)

    page = _analytics_page()
    page.by_source = [
        {"source": "linkedin", "jobs": 5},
        {"source": "127.0.0.1", "jobs": 3},
        {"source": "x", "jobs": 1},
    ]
    use_client(mock_client(api))
    try:
        asyncio.run(AnalyticsState._label_sources(page))  # type: ignore[arg-type]
    finally:
        use_client(None)
    assert [row["source"] for row in page.by_source] == ["LinkedIn", "Acme GmbH (career page)", "x"]
