"""The pipeline board in a real Chromium (issue 17, item 1): a job marked interested is dragged to
Applied (its applied date appears), moved back with the arrow key while focused (the move is
announced and the card keeps the focus), and given a follow-up date in the past, which puts it in
the due list marked overdue. axe-core finds no serious or critical problem on the filled board, and
at 390 px the board scrolls inside its box while the page keeps the phone's width. Screenshots:
``pipeline-board-1280.png``, ``pipeline-board-390.png``. The job's fields are put back afterwards.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from flows import api, ensure_demo_jobs
from uistack import UiStack

pytestmark = [pytest.mark.browser, pytest.mark.slow]

KEPT = ("favorite", "status", "applied_at", "follow_up_at")


def _patch(stack: UiStack, job_id: int, change: dict[str, Any]) -> dict[str, Any]:
    response = httpx.patch(f"{stack.api}/api/jobs/{job_id}", json=change, timeout=30)
    response.raise_for_status()
    answer: dict[str, Any] = response.json()
    return answer


def _column(page: Any, status: str) -> Any:
    return page.locator(f".pipeline-column[data-status='{status}']")


def test_drag_to_applied_move_back_by_key_and_a_due_follow_up(
    page: Any, stack: UiStack, artifacts: Path
) -> None:
    ensure_demo_jobs(page, stack, artifacts)
    jobs = api(stack, "/api/jobs?per_page=50")["items"]
    job = next((j for j in jobs if j["status"] == "new" and not j["follow_up_at"]), jobs[0])
    job_id, title = job["id"], job["title"]
    before = {name: job[name] for name in KEPT}
    card = f".pipeline-card[data-job-id='{job_id}']"
    try:
        _patch(stack, job_id, {"status": "interested", "follow_up_at": None})
        page.goto("/pipeline")
        _column(page, "interested").locator(card).wait_for()
        page.wait_for_load_state("networkidle")

        page.locator(card).drag_to(_column(page, "applied"))
        moved = _column(page, "applied").locator(card)
        moved.wait_for()
        today = date.today().isoformat()
        assert moved.locator(".pipeline-applied").inner_text() == f"Applied {today}"
        assert (
            page.locator("#pipeline-announce").inner_text() == f"Moved “{title}” to Applied, applied {today}."
        )
        assert api(stack, f"/api/jobs/{job_id}")["status"] == "applied"

        page.locator(f"#pipeline-card-{job_id}").focus()
        page.keyboard.press("ArrowLeft")
        _column(page, "interested").locator(card).wait_for()
        page.wait_for_function(f"document.activeElement?.id === 'pipeline-card-{job_id}'")
        assert page.locator("#pipeline-announce").inner_text() == f"Moved “{title}” to Interested."
        back = _column(page, "interested").locator(card)
        assert back.locator(".pipeline-applied").inner_text() == f"Applied {today}", "the day applied stays"

        yesterday = (date.today() - timedelta(days=1)).isoformat()
        back.locator("input[type=date]").fill(yesterday)
        page.locator("#page-title").click()  # leaving the box saves it (Tab walks the date's parts first)
        due = page.locator("#pipeline-due .pipeline-due-row", has_text=title)
        try:
            due.wait_for()
        except Exception as exc:
            seen = {
                "announce": page.locator("#pipeline-announce").inner_text(),
                "box": back.locator("input[type=date]").input_value(),
                "api": api(stack, f"/api/jobs/{job_id}")["follow_up_at"],
                "focused": page.evaluate("document.activeElement?.outerHTML?.slice(0, 200)"),
            }
            raise AssertionError(f"no due row: {seen}") from exc
        assert yesterday in due.inner_text()
        assert "overdue" in _column(page, "interested").locator(card).inner_text()
        assert job_id in {c["id"] for c in api(stack, "/api/jobs/due")}
        page.screenshot(path=str(artifacts / "pipeline-board-1280.png"), full_page=True)

        from axe_playwright_python.sync_playwright import Axe

        violations = Axe().run(page).response["violations"]
        blocking = [v for v in violations if v["impact"] in ("serious", "critical")]
        assert not blocking, [f"{v['id']} ({v['impact']}): {v['nodes'][0]['target']}" for v in blocking]

        page.set_viewport_size({"width": 390, "height": 844})
        page.wait_for_timeout(300)
        page.screenshot(path=str(artifacts / "pipeline-board-390.png"), full_page=True)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1, f"the page is {overflow}px wider than the phone"
        scrolls = "(b => b.scrollWidth > b.clientWidth)(document.querySelector('#pipeline-board'))"
        assert page.evaluate(scrolls), "the columns scroll inside the board"
    finally:
        page.screenshot(path=str(artifacts / "pipeline-last.png"), full_page=True)
        _patch(stack, job_id, before)
