"""Scheduler: starts a run of every saved search and watched company whose interval has come round.

It runs **inside the cluster's coordinator** (:class:`ScheduleLoop`, started with the Serve app when
``scheduler.enabled``, by :mod:`actors.bootstrap`), not as an actor of its own: a Python process of
its own held ~150 MB of an idle stack to wake up every ``scheduler.tick_s``, and every tick asked the
coordinator for its runs and started one on it. In the coordinator's process both are plain calls.
Every ``scheduler.tick_s`` it reads the scheduled entries from the database and the coordinator's
runs (see :mod:`jobscraper.store.schedule` for "due").

- **Not while the previous run still runs:** an entry in a running run (the run's ``entries``) is
  busy, whoever started that run.
- **Not twice:** a finished run the coordinator still remembers counts as the entry's last run
  even before its result reaches the database, and one tick at a time runs.
- **Across restarts:** nothing is kept in memory that matters; the last runs' start times come from
  the database (and from the coordinator while it lives), so a restarted coordinator's scheduler
  neither re-fires an entry that ran recently nor forgets one that is overdue.

All entries due at one tick go into **one run**: they share the run's limits and its extraction
pass, and the UI shows one run instead of a burst of them.
"""

from __future__ import annotations

import asyncio
import logging
from collections import deque
from datetime import UTC, datetime
from typing import Any, Protocol

import ray

from actors.runs import RunSpec, RunState
from actors.writer import WRITER_NAME, writer_client
from jobscraper.config import Settings
from jobscraper.store import Database, open_reader, saved
from jobscraper.store.location import location_of
from jobscraper.store.schedule import due, next_due, scheduled_entries

__all__ = ["RunStarter", "ScheduleLoop", "SchedulerCore", "start_scheduler"]

RUN_KIND = "scheduled"
log = logging.getLogger(__name__)


class RunStarter(Protocol):
    """What the scheduler asks of the coordinator it runs in (the coordinator's own methods)."""

    async def runs(self) -> list[RunState]: ...

    async def start_run(self, spec: RunSpec, kind: str = ...) -> int: ...


class SchedulerCore:
    """One tick, and the loop of them, over ``coordinator`` (the one whose process it runs in)."""

    def __init__(self, settings: Settings, coordinator: RunStarter) -> None:
        self._settings = settings
        self._db: Database | None = None
        self._coordinator = coordinator
        self.ticking = asyncio.Lock()  # one tick at a time; stop() waits for the one in progress
        self.fired: deque[dict[str, Any]] = deque(maxlen=100)

    async def forever(self) -> None:
        while True:
            try:
                await self.tick()
            except Exception:  # a bad tick (database busy, coordinator restarting) must not end the loop
                log.exception("scheduler tick failed")
            await asyncio.sleep(self._settings.scheduler.tick_s)

    async def _ready(self) -> None:
        namespace = self._settings.ray.namespace
        if self._db is None:
            # the writer first: it has created and migrated the database the settings name (the
            # file's absolute path, or the PostgreSQL URL with its password, which the writer's
            # own answer leaves out)
            writer = writer_client(ray.get_actor(WRITER_NAME, namespace=namespace))
            await writer.db_path()
            where = location_of(self._settings.database)
            self._db = await asyncio.to_thread(open_reader, where.target)

    async def tick(self) -> int | None:
        """Start one run of everything due now; its run id, or None when nothing is due."""
        async with self.ticking:
            await self._ready()
            runs = await self._coordinator.runs()
            busy = {key for run in runs if run.status == "running" for key in run.entries}
            live: dict[str, datetime] = {}
            for run in runs:
                for key in run.entries:
                    live[key] = max(live.get(key, run.started_at), run.started_at)
            entries = next_due(await asyncio.to_thread(scheduled_entries, self._db_or_fail()), live)
            ready = due(entries, datetime.now(UTC), busy)
            if not ready:
                return None
            searches, companies = await asyncio.to_thread(
                saved.saved_for_run,
                self._db_or_fail(),
                [e.name for e in ready if e.kind == "search"],
                [e.name for e in ready if e.kind == "company"],
                trusted_urls={c.url for c in self._settings.companies},  # the config file's own
            )
            spec = RunSpec(searches=searches, companies=companies)
            run_id = int(await self._coordinator.start_run(spec, RUN_KIND))
            self.fired.append({"run_id": run_id, "at": datetime.now(UTC), "entries": [e.key for e in ready]})
            log.info("scheduled run %s: %s", run_id, ", ".join(e.key for e in ready))
            return run_id

    def _db_or_fail(self) -> Database:
        assert self._db is not None, "tick() opens the database first"
        return self._db


class ScheduleLoop:
    """The scheduler's loop in the coordinator's event loop: :meth:`start` (idempotent), :meth:`stop`,
    the runs it fired. A coordinator has one, ticking only once started."""

    def __init__(self, settings: Settings, coordinator: RunStarter) -> None:
        self._core = SchedulerCore(settings, coordinator)
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        """Tick from now on (again, if the loop ended: it never should)."""
        if self._task is None or self._task.done():
            self._task = asyncio.get_running_loop().create_task(self._core.forever())

    async def stop(self) -> None:
        """No more ticks; a tick in progress finishes first (its run is started, or not at all)."""
        if self._task is not None:
            async with self._core.ticking:
                self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
            self._task = None

    @property
    def running(self) -> bool:
        return self._task is not None and not self._task.done()

    def fired(self) -> list[dict[str, Any]]:
        """The runs this scheduler started (newest last; the last 100)."""
        return list(self._core.fired)


def start_scheduler(settings: Settings) -> Any:
    """The cluster's coordinator (the running one, or a new detached one), its scheduler ticking; the
    writer (with the config's entries seeded) is started first (:mod:`actors.bootstrap`)."""
    from actors.bootstrap import bootstrap_sync  # it imports this module

    return bootstrap_sync(settings, coordinator="shared", scheduler=True).coordinator
