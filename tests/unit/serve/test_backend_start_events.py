"""POST /api/runs answers with the run's events so far (issue 17): a run's first events (its
sources starting) reach the page with the answer to the click, not one poll later."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from actors.runs import RunState
from actors.writer import _Writer
from jobscraper.config import Settings
from jobscraper.run_shapes import Event
from jobscraper.store import SyncEngine, open_database
from serve.backend import ApiBackend
from serve.schemas import RunRequest
from tests.unit.serve.test_backend_cancel import WriterHandle, _Call


class StartingCoordinator:
    """A coordinator whose run has already said three things when the API asks for its progress."""

    def __init__(self, run_id: int) -> None:
        self.asked: list[tuple[int, int, float]] = []
        self.runs = _Call(lambda: [])
        self.start_run = _Call(lambda spec, kind: run_id)
        self.progress = _Call(self._progress)
        self._state = RunState(run_id=run_id, started_at=datetime.now(UTC))
        self._events = [
            Event(n=n, at=datetime.now(UTC), source=None, type=kind, message=kind)
            for n, kind in enumerate(("run_started", "extraction_started", "source_started"), start=1)
        ]

    def _progress(self, run_id: int, after: int, wait_s: float) -> tuple[RunState, list[Event], int]:
        self.asked.append((run_id, after, wait_s))
        return self._state, [e for e in self._events if e.n > after], len(self._events)


def test_a_started_run_comes_back_with_its_events_so_far(tmp_path: Path) -> None:
    db_path = tmp_path / "jobs.db"
    writer = _Writer(str(db_path))
    db = open_database(db_path)
    run_id = SyncEngine(db).start_run("scrape", {})
    db.dispose()
    settings = Settings.model_validate({"database": {"path": str(db_path)}})
    coordinator = StartingCoordinator(run_id)
    backend = ApiBackend(
        settings,
        start_writer=lambda path, **_: WriterHandle(writer),
        start_coordinator=lambda *args, **kwargs: coordinator,
    )
    body: dict[str, Any] = {"company": {"name": "Acme", "url": "https://acme.example/jobs"}}
    detail = asyncio.run(backend.start_run(RunRequest.model_validate(body)))
    assert detail.id == run_id and detail.live
    assert [e.n for e in detail.events] == [1, 2, 3] and detail.last_event == 3
    assert coordinator.asked == [(run_id, 0, 0.0)], "one progress call, no long poll: the answer is not held"
