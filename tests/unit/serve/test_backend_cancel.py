"""DELETE /api/runs/{id} on a run that says "running" but that no coordinator holds (its process
died) ends it as cancelled through the writer, instead of refusing (issue 13, item 13)."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from actors.writer import _Writer
from jobscraper.config import Settings
from jobscraper.store import SyncEngine, open_database
from serve.backend import ApiBackend


class _Call:
    def __init__(self, fn: Any) -> None:
        self._fn = fn

    def remote(self, *args: Any) -> Any:
        async def call() -> Any:
            return self._fn(*args)

        return call()


class WriterHandle:
    """A real writer body behind a Ray-shaped handle."""

    def __init__(self, body: _Writer) -> None:
        self._body = body

    def __getattr__(self, name: str) -> _Call:
        return _Call(getattr(self._body, name))


class IdleCoordinator:
    """A coordinator that holds no run (it was restarted: the runs' process is gone)."""

    def __init__(self) -> None:
        self.progress = _Call(lambda run_id, after, wait_s: (None, [], 0))
        self.cancel = _Call(self._refuse)

    @staticmethod
    def _refuse(run_id: int) -> None:
        raise AssertionError("the coordinator does not hold this run")


def test_cancelling_a_run_no_coordinator_holds_ends_it(tmp_path: Path) -> None:
    db_path = tmp_path / "jobs.db"
    writer = _Writer(str(db_path))
    db = open_database(db_path)
    run_id = SyncEngine(db).start_run("scrape", {})  # owned by this live process: not swept
    db.dispose()
    settings = Settings.model_validate({"database": {"path": str(db_path)}})
    backend = ApiBackend(
        settings,
        start_writer=lambda path, **_: WriterHandle(writer),
        start_coordinator=lambda *args, **kwargs: IdleCoordinator(),
    )

    async def main() -> tuple[Any, Any]:
        before = await backend.run(run_id)
        return before, await backend.cancel(run_id)

    before, after = asyncio.run(main())
    assert before.status == "running" and not before.live
    assert after.status == "cancelled" and after.finished_at is not None
    assert any("cancelled" in e for e in after.errors)
