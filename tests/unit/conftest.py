"""Shared fixtures for the unit tests: a fresh job database, a controllable clock, a posting factory.

The migrations run once per session, into a template file; each test's ``db`` is a copy of it
(a file copy instead of an Alembic run per test), opened the way every command opens one.
"""

from __future__ import annotations

import itertools
import shutil
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, cast

import pytest

from jobscraper.store import Database, SyncEngine, open_database
from tests.postings import posting_dict


class FakeClock:
    """A clock the test moves by hand; pass it as ``SyncEngine(db, clock=...)``."""

    def __init__(self, start: datetime | None = None) -> None:
        self.now = start or datetime(2025, 1, 1, 12, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> datetime:
        self.now += timedelta(**delta)
        return self.now


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An empty job database with every migration applied, closed (no -wal/-shm left): copy it."""
    path = tmp_path_factory.mktemp("template") / "jobs.db"
    open_database(path).dispose()
    assert not path.with_name(f"{path.name}-wal").exists(), "a copy would miss what the WAL still holds"
    return path


@pytest.fixture
def db(tmp_path: Path, migrated_template: Path) -> Iterator[Database]:
    """A new, migrated job database in the test's temporary folder."""
    path = tmp_path / "jobs.db"
    shutil.copyfile(migrated_template, path)
    database = open_database(path)
    yield database
    database.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def either_db(request: pytest.FixtureRequest) -> Database:
    """The test's database on SQLite (``db``), then on PostgreSQL (``pg_db``: a real server)."""
    return cast(Database, request.getfixturevalue("db" if request.param == "sqlite" else "pg_db"))


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def sync(db: Database, clock: FakeClock) -> SyncEngine:
    """A sync engine on ``db`` driven by ``clock``."""
    return SyncEngine(db, clock=clock)


@pytest.fixture
def make_posting() -> Callable[..., dict[str, Any]]:
    """Factory of JobSpy-shaped posting dicts; every call gets its own URL, company and title.

    Keyword arguments override any field, e.g. ``make_posting(site="indeed", job_url=...)``.
    """
    counter = itertools.count(1)

    def make(**overrides: Any) -> dict[str, Any]:
        return posting_dict(next(counter), **overrides)

    return make
