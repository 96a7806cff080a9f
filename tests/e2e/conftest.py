"""Browser end-to-end tests: `jobscraper ui --demo` driven in the system Chromium by Playwright."""

from __future__ import annotations

import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from uistack import BROWSER_ARGS, CHROMIUM, UiStack, ui_stack

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts" / "e2e"


# module scope: the stack (its own local Ray among others) and the browser are gone before the next
# test module starts, so no other test sees a second Ray cluster or stray Chromium on this machine
@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[UiStack]:
    """`jobscraper ui --demo`, running."""
    if not Path(CHROMIUM).exists() and shutil.which("chromium") is None:
        pytest.fail(
            "the browser tests need the system Chromium (/usr/bin/chromium): apt-get install chromium"
        )
    with ui_stack(tmp_path_factory.mktemp("ui")) as running:
        yield running


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=BROWSER_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS
