"""Scheduler: starts a run of every saved search and watched company whose interval has come round.

One detached, named actor per cluster (``scheduler``), started with the Serve app when
``scheduler.enabled`` (by :mod:`actors.bootstrap`). Every ``scheduler.tick_s`` it reads the
scheduled entries from the database and asks the coordinator which runs it knows (see
:mod:`jobscraper.store.schedule` for "due").

- **Not while the previous run still runs:** an entry in a running run (the run's ``entries``) is
  busy, whoever started that run.
- **Not twice:** a finished run the coordinator still remembers counts as the entry's last run
  even before its result reaches the database, and one tick at a time runs.
- **Across restarts:** nothing is kept in the actor; the last runs' start times come from the
  database (and from the coordinator while it lives), so a restarted scheduler neither re-fires
  an entry that ran recently nor forgets one that is overdue.

All entries due at one tick go into **one run**: they share the run's limits and its extraction
pass, and the UI shows one run instead of a burst of them.
"""

from __future__ import annotations

import asyncio
import logging
from collections import deque
from datetime import UTC, datetime
from typing import Any

import ray

from actors.coordinator import COORDINATOR_NAME
from actors.runs import RunSpec, RunState
from actors.writer import WRITER_NAME, writer_client
from jobscraper.config import Settings
from jobscraper.store import Database, open_reader, saved
from jobscraper.store.location import location_of
from jobscraper.store.schedule import due, next_due, scheduled_entries

__all__ = ["SCHEDULER_NAME", "Scheduler", "SchedulerCore", "start_scheduler"]

SCHEDULER_NAME = "scheduler"
RUN_KIND = "scheduled"
log = logging.getLogger(__name__)


class SchedulerCore:
    """What the actor does, as a plain object (Ray wraps an actor's own methods; the loop calls these)."""

    def __init__(self, settings: Settings) -> None:
        self._settings = settings
        self._db: Database | None = None
        self._coordinator: Any = None
        self._tick = asyncio.Lock()
        self.fired: deque[dict[str, Any]] = deque(maxlen=100)

    async def forever(self) -> None:
        while True:
            try:
                await self.tick()
            except Exception:  # a bad tick (database busy, coordinator restarting) must not end the loop
                log.exception("scheduler tick failed")
            await asyncio.sleep(self._settings.scheduler.tick_s)

    async def _ready(self) -> None:
        # looked up, not created: start_scheduler creates them (a coordinator created from this
        # background loop was never scheduled in our tests on Ray 2.60: its first call hung)
        namespace = self._settings.ray.namespace
        if self._db is None:
            # the writer first: it has created and migrated the database the settings name (the
            # file's absolute path, or the PostgreSQL URL with its password, which the writer's
            # own answer leaves out)
            writer = writer_client(ray.get_actor(WRITER_NAME, namespace=namespace))
            await writer.db_path()
            where = location_of(self._settings.database)
            self._db = await asyncio.to_thread(open_reader, where.target)
        if self._coordinator is None:
            self._coordinator = ray.get_actor(COORDINATOR_NAME, namespace=namespace)

    async def tick(self) -> int | None:
        """Start one run of everything due now; its run id, or None when nothing is due."""
        async with self._tick:
            await self._ready()
            runs: list[RunState] = await self._coordinator.runs.remote()
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
            run_id = int(await self._coordinator.start_run.remote(spec, RUN_KIND))
            self.fired.append({"run_id": run_id, "at": datetime.now(UTC), "entries": [e.key for e in ready]})
            log.info("scheduled run %s: %s", run_id, ", ".join(e.key for e in ready))
            return run_id

    def _db_or_fail(self) -> Database:
        assert self._db is not None, "tick() opens the database first"
        return self._db


class _Scheduler:
    def __init__(self, settings: Settings) -> None:
        self._core = SchedulerCore(settings)
        # an async actor is constructed inside its event loop: ticking starts here, so an actor
        # Ray restarts after a crash resumes on its own
        self._task: asyncio.Task[None] | None = asyncio.get_running_loop().create_task(self._core.forever())

    async def start(self) -> None:
        """Tick again if the loop has ended (it never should; idempotent)."""
        if self._task is None or self._task.done():
            self._task = asyncio.get_running_loop().create_task(self._core.forever())

    async def tick(self) -> int | None:
        """One tick now (the loop's lock keeps it from racing the loop's own)."""
        await self.start()
        return await self._core.tick()

    async def fired(self) -> list[dict[str, Any]]:
        """The runs this scheduler started (newest last; the last 100)."""
        await self.start()
        return list(self._core.fired)


Scheduler = ray.remote(num_cpus=0, max_restarts=-1)(_Scheduler)


def start_scheduler(settings: Settings) -> Any:
    """The cluster's scheduler (the running one, or a new detached one next to the database), ticking;
    the writer (with the config's entries seeded) and the coordinator are started first
    (:mod:`actors.bootstrap`)."""
    from actors.bootstrap import bootstrap_sync  # it imports this module

    return bootstrap_sync(settings, coordinator="shared", scheduler=True).scheduler
