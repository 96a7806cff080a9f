"""Feedback on every action, in a real Chromium (issue 17, items 10, 12, 15).

A saved search is deleted only after its confirmation dialog says so (Cancel keeps it); the
Analytics funnel is named after the statuses (no 'saved'); a click on Scrape shows its busy state
right away, and the run's event log reads as plain words (no 'posting(s)'). Screenshots:
``feedback-confirm-delete.png``, ``feedback-analytics.png``, ``feedback-scrape-busy.png``,
``feedback-scrape-running.png``.
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any

import httpx
import pytest
from flows import api, ensure_demo_jobs, wait_for
from uistack import UiStack

from jobscraper.models import JobStatus

pytestmark = [pytest.mark.browser, pytest.mark.slow]

NAME = "feedback-e2e search"


def _search_id(stack: UiStack) -> int | None:
    return next((s["id"] for s in api(stack, "/api/searches") if s["name"] == NAME), None)


def test_a_saved_search_is_deleted_only_once_the_dialog_is_confirmed(
    page: Any, stack: UiStack, artifacts: Path
) -> None:
    created = httpx.post(
        f"{stack.api}/api/searches", json={"name": NAME, "term": "rust", "sites": ["linkedin"]}, timeout=30
    )
    created.raise_for_status()
    try:
        page.goto("/searches")
        row = page.locator(".search-row", has_text=NAME)
        row.wait_for()
        row.get_by_label("delete search").click()
        dialog = page.locator("#confirm-delete-search")
        dialog.wait_for()
        assert NAME in dialog.inner_text()
        page.screenshot(path=str(artifacts / "feedback-confirm-delete.png"))
        page.click("#confirm-delete-search-cancel")
        dialog.wait_for(state="hidden")
        assert _search_id(stack) is not None, "Cancel keeps the search"

        row.get_by_label("delete search").click()
        dialog.wait_for()
        page.click("#confirm-delete-search-confirm")
        wait_for(lambda: _search_id(stack) is None)
        row.wait_for(state="detached")
    finally:
        search_id = _search_id(stack)
        if search_id is not None:
            httpx.delete(f"{stack.api}/api/searches/{search_id}", timeout=30)


def test_the_funnel_names_its_stages_after_the_statuses(page: Any, stack: UiStack, artifacts: Path) -> None:
    ensure_demo_jobs(page, stack, artifacts)
    page.goto("/analytics")
    page.locator("#charts .recharts-surface").first.wait_for()
    page.wait_for_timeout(500)
    text = page.locator("#charts").text_content() or ""
    page.screenshot(path=str(artifacts / "feedback-analytics.png"), full_page=True)
    for status in JobStatus:
        assert status.value in text, f"the funnel shows {status.value!r}"
    assert "saved" not in text.split("Application funnel", 1)[1], "no stage named 'saved'"


def test_a_scrape_click_shows_busy_at_once_and_the_log_reads_as_words(
    page: Any, stack: UiStack, artifacts: Path
) -> None:
    ensure_demo_jobs(page, stack, artifacts)
    page.goto("/scrape")
    page.wait_for_function("!document.querySelector('#run-all').disabled")
    page.click("#run-all")
    try:
        # right after the click (the run itself takes longer to start): the spinner, or a live run
        page.wait_for_function(
            "document.querySelector('#scrape-busy') || document.querySelector('#run-all').disabled",
            timeout=5_000,
        )
        page.screenshot(path=str(artifacts / "feedback-scrape-busy.png"))
        page.locator(".event").first.wait_for()
        # a running source shows a still, striped bar: an endless animation makes the browser draw
        # 60 frames a second for the whole run, which held the run's news back (issue 17)
        with contextlib.suppress(Exception):  # the sources may all have finished already
            page.locator(".source-busy").first.wait_for(timeout=10_000)
            page.locator("#run-progress").screenshot(path=str(artifacts / "feedback-scrape-running.png"))
        endless = "document.querySelector('#run-progress').getAnimations({subtree: true})" + (
            ".filter(a => a.effect && a.effect.getComputedTiming().iterations === Infinity).length"
        )
        assert page.evaluate(endless) == 0
    finally:
        with contextlib.suppress(Exception):  # the run may have ended already
            page.click("#cancel-run", timeout=10_000)
        page.wait_for_function(
            "document.querySelector('#run-status') &&"
            " document.querySelector('#run-status').innerText !== 'running'",
            timeout=300_000,
        )
    log = page.locator("#event-log").inner_text()
    assert log.strip()
    assert "(s)" not in log and "posting" not in log, log
