"""Fixtures for every test folder, and the markers each folder's tests carry.

A test's folder says what it needs (``integration``: a real Ray; ``e2e``: the whole stack and a
browser; ``security``; ``gpu``: CUDA), so those markers are applied here rather than written in
each file; ``slow`` goes with the folders whose tests take seconds each (Ray, Serve, Chromium).
The fast loop is ``pytest tests/unit`` or ``pytest -m "not slow"``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from selfserved import SelfServed

from tests.pg_server import pg_db, pg_server, pg_url  # noqa: F401  (fixtures for every folder: a real PostgreSQL)

TESTS = Path(__file__).resolve().parent
FOLDER_MARKERS: dict[str, tuple[str, ...]] = {
    "integration": ("integration", "slow"),
    "e2e": ("e2e", "slow"),
    "gpu": ("gpu", "slow"),
    "security": ("security",),
}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Each test under tests/<folder>/ gets that folder's markers (see :data:`FOLDER_MARKERS`)."""
    for item in items:
        path = Path(item.path)
        if not path.is_relative_to(TESTS):
            continue
        for name in FOLDER_MARKERS.get(path.relative_to(TESTS).parts[0], ()):
            item.add_marker(name)


@pytest.fixture(scope="session")
def self_served() -> Iterator[SelfServed]:
    """Career sites and ATS APIs shaped like real ones, on a stdlib server (see tests/selfserved.py)."""
    with SelfServed() as server:
        yield server


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> Any:
    """``cli("jobs", "list", …)``: the jobscraper command line run in this process, isolated from the
    caller's environment, in the test's folder (see tests/cli_inprocess.py)."""
    from tests.cli_inprocess import isolate, run

    isolate(monkeypatch, tmp_path)
    return lambda *args: run(capsys, *args)
