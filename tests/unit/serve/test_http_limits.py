"""Items 18 and 21 of issue 13 over the real ApiBackend (fake Ray parts, a real database).

18: a page number beyond SQLite's integers and a note holding a lone surrogate were 500s; they are
422. A request body over ``serve.max_body_mb`` is 413, refused before it is read whole.
21: a second "Scrape" of entries a live run is scraping is 409 naming that run.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from test_backend_startup import FakeWriter, _Method

from actors.runs import RunSpec, RunState
from jobscraper.config import Settings
from jobscraper.store import open_database
from serve.backend import ApiBackend
from serve.http import create_api


class FakeCoordinator:
    def __init__(self, live: list[RunState]) -> None:
        self.live = live
        self.started: list[RunSpec] = []
        self.runs = _Method(self._runs)
        self.start_run = _Method(self._start_run)
        self.progress = _Method(self._progress)

    async def _runs(self) -> list[RunState]:
        return self.live

    async def _start_run(self, spec: RunSpec, kind: str) -> int:
        self.started.append(spec)
        return 99

    async def _progress(self, run_id: int, after: int, wait_s: float) -> Any:
        return None, [], 0


@pytest.fixture
def api(tmp_path: Path) -> Iterator[tuple[TestClient, FakeWriter, FakeCoordinator]]:
    path = tmp_path / "jobs.db"
    open_database(path).dispose()
    writer = FakeWriter(path)
    running = RunState(run_id=7, started_at=datetime.now(UTC), entries=["company:acme", "search:py"])
    finished = RunState(run_id=6, status="done", started_at=datetime.now(UTC), entries=["company:globex"])
    coordinator = FakeCoordinator([finished, running])
    backend = ApiBackend(
        Settings.model_validate({"database": {"path": str(path)}}),
        start_writer=lambda path, namespace: writer,
        start_coordinator=lambda settings: coordinator,
    )
    app = create_api(backend, router=None, max_body_bytes=64 * 1024)
    yield TestClient(app, base_url="http://127.0.0.1:8000"), writer, coordinator


@pytest.mark.parametrize("page", ["9223372036854775808", "9223372036854775807", str(2**62 + 1), "99" * 40])
def test_a_page_beyond_any_integer_is_a_422_not_a_500(api: Any, page: str) -> None:
    client, _, _ = api
    answer = client.get("/api/jobs", params={"page": page})
    assert answer.status_code == 422, answer.text
    assert "page" in str(answer.json()["detail"])
    assert client.get("/api/jobs", params={"page": 3}).status_code == 200


@pytest.mark.parametrize(
    "body",
    [
        b'{"notes": "\\ud800"}',
        b'{"notes": "ok \\uDFFF then"}',
        b'{"notes": "\\ud83d\\ud83d"}',  # two high halves: still no pair
        b'{"\\ud800": true}',
    ],
)
def test_text_that_is_not_valid_unicode_is_a_422_before_the_writer(api: Any, body: bytes) -> None:
    client, writer, _ = api
    writer.update_user_fields = _Method(_fail)
    answer = client.patch("/api/jobs/1", content=body, headers={"Content-Type": "application/json"})
    assert answer.status_code == 422 and "lone surrogate" in answer.json()["detail"]


def test_a_surrogate_pair_and_an_escaped_backslash_are_fine(api: Any) -> None:
    client, _, _ = api
    for body in (b'{"name": "\\ud83d\\ude00", "term": "x", "sites": ["mars"]}', b'{"name": "\\\\ud800"}'):
        answer = client.post("/api/searches", content=body, headers={"Content-Type": "application/json"})
        assert answer.status_code == 422 and "lone surrogate" not in answer.text  # the model's own 422


async def _fail(*_: Any) -> None:
    raise AssertionError("the writer must not be reached")


def test_a_body_declared_over_the_limit_is_413_unread(api: Any) -> None:
    client, _, _ = api
    answer = client.post(
        "/api/searches", content=b"x" * (64 * 1024 + 1), headers={"Content-Type": "application/json"}
    )
    assert answer.status_code == 413 and "max_body_mb" in answer.json()["detail"]


def test_a_streamed_body_is_cut_off_at_the_limit(api: Any) -> None:
    client, _, _ = api
    sent: list[int] = []

    def chunks() -> Iterator[bytes]:
        for n in range(64):  # 4 MiB offered, 64 KiB at a time, no Content-Length
            sent.append(n)
            yield b" " * 65536

    answer = client.post("/api/searches", content=chunks(), headers={"Content-Type": "application/json"})
    assert answer.status_code == 413 and "max_body_mb" in answer.json()["detail"]


def test_a_second_run_of_entries_a_live_run_scrapes_is_409_naming_it(api: Any) -> None:
    client, _, coordinator = api
    for body in (
        {"company": {"name": "ACME", "url": "https://93.184.216.34/careers"}},
        {"search": {"name": "py", "term": "python"}},
    ):
        answer = client.post("/api/runs", json=body)
        assert answer.status_code == 409, answer.text
        assert answer.json()["run_id"] == 7 and "run 7" in answer.json()["detail"]
    assert coordinator.started == []
    # a finished run of the same company, or other entries, do not stand in the way
    client.post("/api/runs", json={"company": {"name": "Globex", "url": "https://93.184.216.34/jobs"}})
    [spec] = coordinator.started
    assert spec.entry_keys() == ["company:globex"] and spec.companies[0].url_from_api
