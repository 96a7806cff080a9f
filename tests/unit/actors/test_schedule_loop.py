"""The scheduler's loop as the coordinator runs it (no actor of its own): it ticks once started,
fires a due entry, and stop() ends the ticks (what ``coordinator.schedule(False)`` does)."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

from actors.runs import RunSpec, RunState
from actors.scheduler import ScheduleLoop
from jobscraper.config import Settings
from jobscraper.store import Database
from jobscraper.store.saved import create_company
from jobscraper.store.saved_shapes import CompanyCreate

T0 = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)


class _Coordinator:
    def __init__(self) -> None:
        self.started: list[str] = []

    async def runs(self) -> list[RunState]:
        return []  # none remembered: the database's start times decide

    async def start_run(self, spec: RunSpec, kind: str = "scrape") -> int:
        self.started.append(kind)
        return len(self.started)


def test_the_loop_ticks_once_started_and_not_after_stop(db: Database) -> None:
    settings = Settings.model_validate({"scheduler": {"tick_s": 0.01}})
    create_company(db, CompanyCreate(url="https://boards.greenhouse.io/acme", interval_s=3600), T0)
    coordinator = _Coordinator()

    async def scenario() -> tuple[int, int, bool, int]:
        loop = ScheduleLoop(settings, coordinator)
        loop._core._db = db  # what the first tick opens once the writer has migrated it
        await asyncio.sleep(0.05)
        assert coordinator.started == [] and not loop.running  # not before start()
        loop.start()
        loop.start()  # idempotent: still one loop
        while not coordinator.started:
            await asyncio.sleep(0.01)
        await loop.stop()
        at_stop = len(coordinator.started)
        await asyncio.sleep(0.05)
        return at_stop, len(coordinator.started), loop.running, len(loop.fired())

    at_stop, later, running, fired = asyncio.run(scenario())
    assert coordinator.started[0] == "scheduled" and fired == at_stop  # each start is in fired()
    assert later == at_stop and not running  # no tick after stop()
