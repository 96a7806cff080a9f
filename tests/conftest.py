"""Fixtures for every test folder."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from selfserved import SelfServed


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
