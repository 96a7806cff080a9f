"""Fixtures for every test folder."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from selfserved import SelfServed


@pytest.fixture(scope="session")
def self_served() -> Iterator[SelfServed]:
    """Career sites and ATS APIs shaped like real ones, on a stdlib server (see tests/selfserved.py)."""
    with SelfServed() as server:
        yield server
