"""Item 10 of issue 13: the Api's lazy start-up is atomic and cancellation-safe.

It used to record the writer before the reader: a first request abandoned during a cold start left
the reader unset, every later read was a 500, and /healthz still said ok. The backend here gets
fake Ray parts through its constructor (a writer whose start can be held), and a real database.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from jobscraper.config import Settings
from jobscraper.errors import StoreError
from jobscraper.store import JobQuery, open_database
from serve.backend import ApiBackend
from serve.http import create_api


class _Method:
    def __init__(self, fn: Callable[..., Awaitable[Any]]) -> None:
        self._fn = fn

    def remote(self, *args: Any) -> Awaitable[Any]:
        return self._fn(*args)


class FakeWriter:
    """Answers ``db_path`` once ``gate`` is set (a slow cold start), with ``owns``."""

    def __init__(self, owns: Path, gate: asyncio.Event | None = None) -> None:
        self.owns = owns
        self.gate = gate
        self.asked = asyncio.Event()
        self.db_path = _Method(self._db_path)
        self.seed_saved = _Method(self._seed)

    async def _db_path(self) -> str:
        self.asked.set()
        if self.gate is not None:
            await self.gate.wait()
        return str(self.owns)

    async def _seed(self, searches: Any, companies: Any) -> None:
        return None


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    path = tmp_path / "jobs.db"
    open_database(path).dispose()  # created and migrated, as the writer would
    return path


def _backend(db_path: Path, writers: list[FakeWriter]) -> tuple[ApiBackend, list[str]]:
    started: list[str] = []

    def start_writer(path: Path, *, namespace: str) -> FakeWriter:
        started.append("writer")
        return writers[min(len(started), len(writers)) - 1]

    def start_coordinator(settings: Settings) -> object:
        started.append("coordinator")
        return object()

    settings = Settings.model_validate({"database": {"path": str(db_path)}})
    backend = ApiBackend(settings, start_writer=start_writer, start_coordinator=start_coordinator)
    return backend, started


def test_a_request_abandoned_during_a_cold_start_does_not_wedge_the_backend(db_path: Path) -> None:
    async def main() -> None:
        gate = asyncio.Event()
        writer = FakeWriter(db_path, gate)
        backend, started = _backend(db_path, [writer])
        first = asyncio.create_task(backend.jobs(JobQuery()))
        await writer.asked.wait()  # the start-up waits for the writer
        first.cancel()  # the client went away
        with pytest.raises(asyncio.CancelledError):
            await first
        gate.set()
        page = await backend.jobs(JobQuery())  # the next request gets the finished start-up
        assert page.total == 0
        assert (await backend.jobs(JobQuery(page=2))).page == 2
        assert started == ["writer", "coordinator"]  # started once, not abandoned half-way
        assert backend.failure is None

    asyncio.run(main())


def test_concurrent_first_requests_share_one_start_up(db_path: Path) -> None:
    async def main() -> None:
        gate = asyncio.Event()
        backend, started = _backend(db_path, [FakeWriter(db_path, gate)])
        requests = [asyncio.create_task(backend.jobs(JobQuery())) for _ in range(5)]
        await asyncio.sleep(0)
        gate.set()
        assert [p.total for p in await asyncio.gather(*requests)] == [0] * 5
        assert started == ["writer", "coordinator"]

    asyncio.run(main())


def test_a_failed_start_up_is_reported_by_healthz_and_tried_again(db_path: Path) -> None:
    wrong = FakeWriter(db_path.with_name("other.db"))  # a cluster whose writer owns another file
    backend, started = _backend(db_path, [wrong, FakeWriter(db_path)])
    client = TestClient(create_api(backend, router=None), base_url="http://127.0.0.1")
    assert client.get("/healthz").json()["status"] == "ok"  # nothing tried yet
    answer = client.get("/api/jobs")
    assert answer.status_code == 503 and "other.db" in answer.json()["detail"]
    health = client.get("/healthz")
    assert health.status_code == 503
    assert health.json()["status"] == "degraded" and "other.db" in health.json()["reason"]
    assert client.get("/api/jobs").status_code == 200  # the next request starts again, and succeeds
    assert client.get("/healthz").json()["status"] == "ok"
    assert started == ["writer", "writer", "coordinator"]


def test_the_failure_is_a_store_error_to_the_caller(db_path: Path) -> None:
    backend, _ = _backend(db_path, [FakeWriter(db_path.with_name("other.db"))])
    with pytest.raises(StoreError, match="owns"):
        asyncio.run(backend.jobs(JobQuery()))
