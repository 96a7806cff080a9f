"""Browser end-to-end tests: `jobscraper ui --demo` driven in the system Chromium by Playwright."""

from __future__ import annotations

import shutil
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from uistack import BROWSER_ARGS, CHROMIUM, UiStack, ui_stack

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts" / "e2e"


# Modules that start a `jobscraper ui` stack of their own, in ui/ like the shared one: its start
# rebuilds ui/.web for its own ports, so the shared stack's pages would then talk to a server that
# is gone. They run after every module of the shared stack (test_unreachable builds a copy of ui/).
OWN_STACK_MODULES = ("test_ui_postgres.py",)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Move the own-stack modules' tests right after the last browser test that is not theirs."""
    here = Path(__file__).parent
    own = [i for i in items if Path(i.path).parent == here and Path(i.path).name in OWN_STACK_MODULES]
    if not own:
        return
    rest = [i for i in items if i not in own]
    last = max((n for n, i in enumerate(rest) if Path(i.path).parent == here), default=len(rest) - 1)
    items[:] = [*rest[: last + 1], *own, *rest[last + 1 :]]


# package scope (tests/e2e/__init__.py makes this folder a package): every browser test module shares
# one stack, started once (a start builds the UI and takes a minute or more), and the stack (its own
# local Ray among others) and the browser are gone before the next folder's tests start, so no other
# test sees a second Ray cluster or stray Chromium on this machine. test_ui.py runs first and starts
# from the empty database; later modules find its demo jobs (flows.ensure_demo_jobs when run alone)
# and put back what they change.
@pytest.fixture(scope="package")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[UiStack]:
    """`jobscraper ui --demo`, running."""
    if not Path(CHROMIUM).exists() and shutil.which("chromium") is None:
        pytest.fail(
            "the browser tests need the system Chromium (/usr/bin/chromium): apt-get install chromium"
        )
    with ui_stack(tmp_path_factory.mktemp("ui")) as running:
        yield running


@pytest.fixture(scope="package")
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


@pytest.fixture
def page(browser: Any, stack: UiStack) -> Iterator[Any]:
    """A fresh 1280×900 tab on the UI; the test fails on any JavaScript error the page raised."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=stack.url)
    tab = context.new_page()
    tab.set_default_timeout(30_000)
    errors: list[str] = []
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    yield tab
    context.close()
    assert not errors, f"JavaScript errors on the page: {errors}"
