"""With no API answering, every page says so — what is unreachable and what to start — never blank."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from uistack import free_port

from jobscraper.webui import UI_DIR, ensure_bun, start_reflex, stop_process, wait_until_up

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def lonely_ui(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """The UI alone (a copy of ui/, so its build does not touch the other test's), its API gone."""
    where = tmp_path_factory.mktemp("lonely") / "ui"
    shutil.copytree(UI_DIR, where, ignore=shutil.ignore_patterns(".web", ".states", "__pycache__"))
    dead_api = f"http://127.0.0.1:{free_port()}"  # bound by nobody: connection refused
    port = free_port()
    log = where / "ui.log"
    env = {"JOBSCRAPER_UI__API_URL": dead_api}
    os.environ.pop("JOBSCRAPER_CONFIG", None)
    process = start_reflex("127.0.0.1", port, env, log, ensure_bun(), ui_dir=where)
    try:
        wait_until_up(f"http://127.0.0.1:{port}", process, log, timeout_s=540)
        yield f"http://127.0.0.1:{port}", dead_api
    finally:
        stop_process(process)


@pytest.mark.parametrize("path", ["/", "/scrape", "/companies", "/searches", "/analytics", "/jobs/1"])
def test_every_page_explains_that_the_api_is_unreachable(
    browser: Any, lonely_ui: tuple[str, str], artifacts: Path, path: str
) -> None:
    url, dead_api = lonely_ui
    context = browser.new_context(base_url=url)
    page = context.new_page()
    try:
        page.goto(path)
        banner = page.locator("#api-unreachable")
        banner.wait_for(timeout=30_000)
        text = banner.inner_text()
        assert "not reachable" in text and dead_api in text and "jobscraper ui" in text
        assert page.locator("#page-title").is_visible()
        assert page.locator(".empty-state").count() == 0  # "no jobs yet" would be a lie here
        name = path.strip("/").replace("/", "-") or "jobs"
        page.screenshot(path=str(artifacts / f"unreachable-{name}.png"), full_page=True)
    finally:
        context.close()
