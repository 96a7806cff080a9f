"""The Jobs page's cards in a real browser (issue 17, items 4-6 and 9): bulk actions on selected
jobs, the keyboard shortcuts, the boards each card names, the undo of a hide, the "N new jobs"
link of a finished run; screenshots at 1280 and 390 px. What it changes it puts back."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import httpx
import pytest
from flows import api, ensure_demo_jobs, wait_for
from uistack import UiStack

pytestmark = [pytest.mark.browser, pytest.mark.slow]

_ADDRESS = re.compile(r"^\d{1,3}(\.\d{1,3}){3}(:\d+)?$")


def _patch(stack: UiStack, job_id: str, change: dict[str, Any]) -> None:
    httpx.patch(f"{stack.api}/api/jobs/{job_id}", json=change, timeout=30).raise_for_status()


def _active_job(page: Any) -> str | None:
    found: str | None = page.evaluate(
        "() => document.activeElement?.closest('.job-card')?.dataset.jobId ?? null"
    )
    return found


def _open_jobs(page: Any) -> Any:
    page.goto("/")
    cards = page.locator(".job-card")
    cards.nth(2).wait_for()
    page.locator("#shortcuts-open").wait_for()  # mounted: the key listener is in
    page.wait_for_function("() => window.__jobscraperKeys === true")
    return cards


def test_bulk_favourite_and_the_boards_on_each_card(page: Any, stack: UiStack, artifacts: Path) -> None:
    ensure_demo_jobs(page, stack, artifacts)
    listed = api(stack, "/api/jobs?per_page=50")["items"]
    assert all(job["sources"] for job in listed)  # the list names every board, not `sources: []`
    cards = _open_jobs(page)
    # every card names where it was seen; a career page by its company, never by an address
    for card in cards.all()[:10]:
        boards = card.locator(".job-board").all_inner_texts()
        assert boards and not any(_ADDRESS.match(b.strip()) for b in boards), boards
        assert not _ADDRESS.match(card.locator(".job-where").inner_text().split(" · ")[0].strip())

    chosen = [
        c for c in cards.all() if c.locator(".favorite-toggle").get_attribute("aria-pressed") != "true"
    ][:2]
    ids = [c.get_attribute("data-job-id") for c in chosen]
    assert len(ids) == 2
    try:
        for card in chosen:
            title = card.locator(".job-title").inner_text()
            card.get_by_label(f"select {title}", exact=True).first.click()
        page.locator("#bulk-bar").wait_for()  # shown after the first click: the second may be on its way
        page.wait_for_function(
            "() => document.querySelector('#selected-count')?.innerText.startsWith('2 selected')"
        )
        page.screenshot(path=str(artifacts / "jobs-cards-bulk-1280.png"), full_page=False)
        page.locator("#bulk-favourite").click()
        for job_id in ids:
            page.wait_for_selector(f".job-card[data-job-id='{job_id}'] .favorite-toggle[aria-pressed='true']")
            wait_for(lambda job_id=job_id: api(stack, f"/api/jobs/{job_id}")["favorite"] is True)
        assert page.locator("#bulk-bar").count() == 0  # the selection is done with
    finally:
        for job_id in ids:
            _patch(stack, str(job_id), {"favorite": False})


def test_keyboard_shortcuts_move_favourite_hide_search_and_list(
    page: Any, stack: UiStack, artifacts: Path
) -> None:
    ensure_demo_jobs(page, stack, artifacts)
    cards = _open_jobs(page)
    first, second = (cards.nth(i).get_attribute("data-job-id") for i in (0, 1))
    before = api(stack, f"/api/jobs/{first}")["favorite"]
    try:
        page.locator("#job-count").click()  # nothing focused: keys go to the page
        page.keyboard.press("j")
        assert _active_job(page) == first
        page.keyboard.press("j")
        assert _active_job(page) == second
        page.keyboard.press("k")
        assert _active_job(page) == first
        href = cards.nth(0).locator("a.apply-link").get_attribute("href")
        # o: the focused job's posting in a new tab (window.open recorded, not followed: the
        # demo board's job pages are not what this test is about)
        page.evaluate(
            "() => { window.__opened = []; window.open = (u, t) => { window.__opened.push([u, t]); } }"
        )
        page.keyboard.press("o")
        assert page.evaluate("() => window.__opened") == [[href, "_blank"]]
        assert _active_job(page) == first
        page.keyboard.press("f")
        wanted = "false" if before else "true"
        page.wait_for_selector(f".job-card[data-job-id='{first}'] .favorite-toggle[aria-pressed='{wanted}']")
        wait_for(lambda: api(stack, f"/api/jobs/{first}")["favorite"] is (not before))
        page.screenshot(path=str(artifacts / "jobs-cards-focus-1280.png"), full_page=False)

        page.keyboard.press("h")  # hidden, and offered back
        page.locator("#undo-line").wait_for()
        page.wait_for_function("id => !document.querySelector(`.job-card[data-job-id='${id}']`)", arg=first)
        assert api(stack, f"/api/jobs/{first}")["hidden"] is True
        page.locator("#undo-hide").click()
        page.locator(f".job-card[data-job-id='{first}']").wait_for()
        assert api(stack, f"/api/jobs/{first}")["hidden"] is False

        page.locator("#job-count").click()
        page.keyboard.press("?")
        dialog = page.get_by_role("dialog")
        dialog.wait_for()
        assert "Keyboard shortcuts" in dialog.inner_text() and page.locator(".shortcut").count() >= 8
        page.screenshot(path=str(artifacts / "jobs-shortcuts-1280.png"), full_page=False)
        page.keyboard.press("Escape")
        dialog.wait_for(state="detached")

        page.keyboard.press("/")
        assert page.evaluate("() => document.activeElement?.id") == "search-q"
        page.keyboard.type("jk")  # typed into the box: not shortcuts
        assert _active_job(page) is None and page.locator("#search-q").input_value().endswith("jk")
        page.locator("#search-q").fill("")
    finally:
        _patch(stack, str(first), {"favorite": before, "hidden": False})


def test_a_finished_run_links_its_new_jobs_and_the_phone_layout(
    page: Any, stack: UiStack, artifacts: Path
) -> None:
    ensure_demo_jobs(page, stack, artifacts)
    runs = [
        r for r in api(stack, "/api/runs?limit=50") if r["status"] == "done" and r["counts"].get("inserted")
    ]
    assert runs, "the demo run found new jobs"
    run = runs[-1]  # the first run over the empty database: every job it found was new
    new = api(stack, f"/api/jobs?run={run['id']}&per_page=1")["total"]
    assert 0 < new <= run["counts"]["inserted"]
    page.goto(f"/?run={run['id']}")
    page.locator("#run-filter").wait_for()
    wait_for(lambda: page.locator("#job-count").inner_text().split()[0] == str(new))
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/")
    page.locator(".job-card").first.wait_for()
    page.screenshot(path=str(artifacts / "jobs-cards-390.png"), full_page=False)
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 390, f"the Jobs page scrolls sideways at 390 px ({width})"
