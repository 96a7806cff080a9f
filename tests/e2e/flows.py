"""What several browser test modules do: ask the API, follow a run from the Scrape page, wait for
a change to reach the API, and make sure the demo board's jobs are in (a module run alone starts on
an empty database; in the whole suite ``test_ui.py`` has scraped them already).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
from uistack import UiStack

__all__ = ["RUN_TIMEOUT_MS", "api", "ensure_demo_jobs", "run_from_scrape_page", "wait_for"]

RUN_TIMEOUT_MS = 300_000


def api(stack: UiStack, path: str) -> Any:
    response = httpx.get(stack.api + path, timeout=30)
    response.raise_for_status()
    return response.json()


def run_from_scrape_page(page: Any, stack: UiStack, artifacts: Path, shot: str) -> dict[str, Any]:
    """Double-click 'Scrape everything saved'; follow the progress to the end; what was seen on the way."""
    before = len(api(stack, "/api/runs?limit=100"))
    page.goto("/scrape")
    page.locator("#run-all").wait_for()
    page.wait_for_function("!document.querySelector('#run-all').disabled")
    page.dblclick("#run-all")  # an impatient user: one run, not two
    status = page.locator("#run-status")
    status.wait_for()
    seen_status: list[str] = []
    event_counts: list[int] = []
    disabled_while_running: list[bool] = []
    deadline = time.monotonic() + RUN_TIMEOUT_MS / 1000
    while time.monotonic() < deadline:
        # status and button read in one go: the run may end between two separate reads
        raw, disabled = page.evaluate(
            "() => [document.querySelector('#run-status').innerText,"
            " document.querySelector('#run-all').disabled]"
        )
        text = str(raw).strip()
        if not seen_status or seen_status[-1] != text:
            seen_status.append(text)
        event_counts.append(page.locator(".event").count())
        if text != "running":
            break
        disabled_while_running.append(bool(disabled))
        page.wait_for_timeout(200)
    page.screenshot(path=str(artifacts / shot), full_page=True)
    return {
        "statuses": seen_status,
        "event_counts": event_counts,
        "counts": page.locator("#run-counts").inner_text(),
        "sources": page.locator(".source-row").count(),
        "disabled_while_running": disabled_while_running,
        "runs_started": len(api(stack, "/api/runs?limit=100")) - before,
    }


def ensure_demo_jobs(page: Any, stack: UiStack, artifacts: Path) -> None:
    """Scrape the demo board from the Scrape page unless its jobs are in already."""
    if api(stack, "/api/jobs?per_page=1")["total"] == 0:
        seen = run_from_scrape_page(page, stack, artifacts, "scrape-setup.png")
        assert seen["statuses"][-1] == "done", seen


def wait_for(check: Callable[[], bool], timeout_s: float = 15) -> None:
    deadline = time.monotonic() + timeout_s
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError("the change did not reach the API")
        time.sleep(0.2)
