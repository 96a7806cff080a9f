"""The web UI on PostgreSQL (issue 18, item 1): ``jobscraper ui --demo`` with ``database.url`` set
runs the WriterActor, the API and the scheduler on the server. In a real Chromium: a demo scrape
from the Scrape page reaches done, its jobs are listed (the same number the server holds), a search
finds one, and a favourite and a note survive a reload. Screenshots: ``pg-scrape.png``,
``pg-jobs.png``, ``pg-reloaded.png``.

This module starts its own stack (the shared one runs on SQLite) and its own tab.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flows import api, run_from_scrape_page, wait_for
from sqlalchemy import func, select
from uistack import UiStack, ui_stack

from jobscraper.store import open_reader
from jobscraper.store.tables import JOB
from tests.pg_server import create_database

pytestmark = [pytest.mark.browser, pytest.mark.slow]

NOTE = "on PostgreSQL — call Thursday"


@pytest.fixture(scope="module")
def pg_stack(pg_server: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[UiStack, str]]:
    """`jobscraper ui --demo` on a new PostgreSQL database; the stack and the database's URL."""
    url = create_database(pg_server)
    with ui_stack(tmp_path_factory.mktemp("ui-pg"), database_url=url) as running:
        yield running, url


@pytest.fixture
def pg_page(browser: Any, pg_stack: tuple[UiStack, str]) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=pg_stack[0].url)
    tab = context.new_page()
    tab.set_default_timeout(30_000)
    errors: list[str] = []
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    yield tab
    context.close()
    assert not errors, f"JavaScript errors on the page: {errors}"


def _server_jobs(url: str) -> int:
    db = open_reader(url)
    try:
        with db.reader() as conn:
            return int(conn.execute(select(func.count()).select_from(JOB)).scalar_one())
    finally:
        db.dispose()


def _narrowing_word(stack: UiStack, total: int) -> tuple[str, int]:
    """A word of a job title that finds some of the jobs but not all, and how many it finds."""
    for job in api(stack, "/api/jobs?per_page=50")["items"]:
        for word in re.findall(r"[A-Za-z]{5,}", job["title"]):
            found = int(api(stack, f"/api/jobs?per_page=1&q={word}")["total"])
            if 0 < found < total:
                return word, found
    raise AssertionError("no title word narrows the demo jobs")


def test_scrape_list_search_and_edit_on_postgresql(
    pg_page: Any, pg_stack: tuple[UiStack, str], artifacts: Path
) -> None:
    stack, url = pg_stack
    page = pg_page
    assert "database postgresql+psycopg://" in "".join(stack.output)  # `ui` says where the jobs go
    assert not stack.db.exists(), "no SQLite file beside it"

    seen = run_from_scrape_page(page, stack, artifacts, "pg-scrape.png")
    assert seen["statuses"][-1] == "done", seen
    total = api(stack, "/api/jobs?per_page=1")["total"]
    assert total > 0 and _server_jobs(url) >= total  # the API reads what the writer put on the server

    page.goto("/")
    page.locator(".job-card").first.wait_for()  # the page is live
    assert int(page.locator("#job-count").inner_text().split()[0]) == total
    page.screenshot(path=str(artifacts / "pg-jobs.png"), full_page=True)

    # a search narrows the list by a word of a title (PostgreSQL's own search behind the API)
    word, found = _narrowing_word(stack, total)
    page.locator("#search-q").fill(word)
    page.locator("#search-submit").click()
    page.wait_for_function(
        "t => document.querySelector('#job-count')?.innerText.trim() === t",
        arg=f"{found} job{'' if found == 1 else 's'}",
    )

    card = page.locator(".job-card").first
    job_id = card.get_attribute("data-job-id")
    mine = page.locator(f".job-card[data-job-id='{job_id}']")
    mine.locator(".favorite-toggle").click()
    page.wait_for_selector(f".job-card[data-job-id='{job_id}'] .favorite-toggle[aria-pressed='true']")
    mine.locator(".notes-toggle").click()
    mine.get_by_label("notes").fill(NOTE)
    page.locator("#job-count").click()  # leaving the box saves the note
    mine.locator(".notes-state[data-state='saved']").wait_for()
    wait_for(lambda: api(stack, f"/api/jobs/{job_id}")["notes"] == NOTE)

    page.reload()
    mine.wait_for()
    assert mine.locator(".favorite-toggle").get_attribute("aria-pressed") == "true"
    assert mine.get_by_label("notes").input_value() == NOTE
    page.screenshot(path=str(artifacts / "pg-reloaded.png"), full_page=True)
    job = api(stack, f"/api/jobs/{job_id}")
    assert job["favorite"] is True and job["notes"] == NOTE
