"""ScrapeCoordinator: runs scrape runs over a ScraperActor pool under one set of exact limits.

The actor composes three parts, each in its own module and unit-tested without Ray:

- the permit service (:class:`~actors.leases.PermitService`): it owns the
  :class:`~jobscraper.scraping.limits.Limiter`; ScraperActors take a permit per request
  (``acquire``/``release``), so overlapping runs share the limits. Permits are held by worker: a
  dead worker's are freed as soon as its death is seen;
- the run log (:class:`~actors.run_log.RunLog`): each run's live state and append-only events
  (``state``, ``runs``, ``events(run_id, after=n)``, the long-polled ``progress``);
- the run driver (:class:`~actors.run_driver.RunDriver`): ``start_run(spec)`` expands the spec into
  source tasks and the driver runs them on the worker pool (:mod:`actors.workers`: a ScraperActor
  that dies or hangs is replaced at once and its task retried), writes through the writer, runs the
  extraction pass (:mod:`actors.enrich`), and records the run's end. ``cancel(run_id)`` stops it.

Its writer (a :class:`~jobscraper.store.writer_client.WriterClient`) and its workers come in
through the constructor, with the cluster's WriterActor and new ScraperActors as the defaults.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from typing import Any

import ray

from actors.alerts import AlertSteps
from actors.embedding import Embeddings
from actors.leases import PermitService
from actors.metrics import metrics
from actors.pool_size import cluster_pool_size
from actors.run_driver import RunDriver
from actors.run_log import RunLog, now
from actors.runs import Event, RunSpec, RunState, SourceState
from actors.scheduler import ScheduleLoop
from actors.scraper import ScraperActor
from actors.spread import NodeTurns
from actors.workers import WORKER_CALL_TIMEOUT_S, WORKER_IDLE_S, WorkerPool
from actors.writer import WRITER_NAME, writer_client
from jobscraper.config import Settings
from jobscraper.scraping.fetch import limiter_for
from jobscraper.store.writer_client import WriterClient

__all__ = ["COORDINATOR_NAME", "ScrapeCoordinator", "start_coordinator"]

COORDINATOR_NAME = "coordinator"
START_WAIT_S = 0.15  # the most a start waits for its sources to start (35-50 ms on 2 loaded cores)
HEAD_NODE = "node:__internal_head__"  # a resource Ray gives the head node of every cluster
log = logging.getLogger(__name__)


def _kill_worker(handle: Any) -> None:
    ray.kill(handle, no_restart=True)


class _Coordinator:
    """The actor's body. ``writer``, ``worker_factory``, ``kill_worker`` and ``embeddings`` default to
    a client of the cluster's WriterActor, new ScraperActors, ``ray.kill`` and the configured matching
    model; tests pass fakes and run it without Ray. ``pool_size`` None: ``scraping.workers``, sized
    from the cluster when ``auto`` (:mod:`actors.pool_size`)."""

    def __init__(
        self,
        settings: Settings,
        *,
        pool_size: int | None = None,
        writer_name: str = WRITER_NAME,
        extraction_app: str = "jobscraper",
        writer: WriterClient | None = None,
        worker_factory: Callable[[str], Any] | None = None,
        call_timeout_s: float = WORKER_CALL_TIMEOUT_S,
        kill_worker: Callable[[Any], None] | None = None,
        embeddings: Embeddings | None = None,
    ) -> None:
        self._settings = settings
        self._permits = PermitService(limiter_for(settings.scraping))
        self._log = RunLog()
        self._swept = False
        self._tasks: dict[int, asyncio.Task[None]] = {}
        if writer is None:
            handle = ray.get_actor(writer_name, namespace=settings.ray.namespace)
            writer = writer_client(handle, in_flight=metrics().writer_call)
        self._writer = writer
        if worker_factory is None:
            me = ray.get_runtime_context().current_actor
            turns = NodeTurns()  # the live nodes in turn: Ray's SPREAD can pack a pool on one node

            def worker_factory(owner: str) -> Any:
                return ScraperActor.options(**turns.options()).remote(settings.scraping, me, owner)

        self._pool = WorkerPool(
            worker_factory,
            cluster_pool_size(settings.scraping) if pool_size is None else pool_size,
            on_lost=self._permits.release_owner,
            kill=kill_worker or _kill_worker,
            call_timeout_s=call_timeout_s,
            idle_after_s=WORKER_IDLE_S,  # started on demand, ended when idle (a stack waits most of the day)
        )
        self._driver = RunDriver(
            settings.extraction,
            writer=writer,
            pool=self._pool,
            log=self._log,
            extraction_app=extraction_app,
            embeddings=embeddings or Embeddings(settings.matching),
            liveness=settings.liveness,
            alerts=AlertSteps(settings, writer),
        )
        self._schedule = ScheduleLoop(settings, self)  # ticks once started: schedule()

    # ---------------------------------------------------------------- permits
    async def acquire(self, domain: str, owner: str = "") -> int:
        """A permit for one request to ``domain`` (see :mod:`actors.leases`)."""
        return await self._permits.acquire(domain, owner)

    async def release(self, permit: int) -> None:
        self._permits.release(permit)

    async def limits(self) -> dict[str, Any]:
        return {**self._permits.figures(), "workers_replaced": self._pool.replaced}

    # ---------------------------------------------------------------- workers
    async def ready(self) -> int:
        """Wait until every ScraperActor has started; returns the pool size."""
        await self._sweep_orphans()
        return await self._pool.ping_all()

    async def worker_pids(self) -> list[int]:
        """The process id of each ScraperActor (what an operator, or a fault test, would kill)."""
        return [int(await self._pool.call(n, "pid")) for n in range(len(self._pool))]

    async def _sweep_orphans(self) -> None:
        """Once, when it starts: runs left "running" by a coordinator (or CLI) whose process died are
        ended as ``interrupted`` (:mod:`jobscraper.store.runs`)."""
        if self._swept:
            return
        self._swept = True
        try:
            ended = await self._writer.interrupt_orphaned_runs()
        except Exception:  # the runs stay as they are; this coordinator still works
            log.exception("could not end the runs left running by a dead process")
            return
        if ended:
            log.warning("runs %s were left running by a process that died: marked interrupted", ended)

    async def schedule(self, on: bool = True) -> list[dict[str, Any]]:
        """Start (or with ``on`` False stop) the scheduler in this coordinator's process (it has no
        actor of its own: :mod:`actors.scheduler`); the runs it fired, newest last."""
        if on:
            self._schedule.start()
        else:
            await self._schedule.stop()
        return self._schedule.fired()

    # ------------------------------------------------------------------- runs
    async def start_run(self, spec: RunSpec, kind: str = "scrape") -> int:
        await self._sweep_orphans()
        tasks = spec.tasks()
        run_id = await self._writer.start_run(kind, spec.model_dump(mode="json"))
        self._log.open(
            RunState(
                run_id=run_id,
                started_at=now(),
                sources={t.key: SourceState(key=t.key, label=t.label, kind=t.kind) for t in tasks},
                entries=spec.entry_keys(),
            )
        )
        self._log.event(run_id, None, "run_started", f"{len(tasks)} source(s)")
        under_way = self._driver.under_way(run_id)
        self._tasks[run_id] = asyncio.get_running_loop().create_task(
            self._driver.execute(run_id, spec, tasks)
        )
        # the answer waits (briefly) for the run's sources to start: the caller's first look at the
        # run then holds that burst of events, not a round trip and a page update later (issue 17)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(under_way.wait(), START_WAIT_S)
        return run_id

    async def state(self, run_id: int) -> RunState:
        return self._log.state(run_id)

    async def find(self, run_id: int) -> RunState | None:
        """The run's live state, or None when this coordinator does not know it (an old run)."""
        return self._log.find(run_id)

    async def runs(self) -> list[RunState]:
        return self._log.runs()

    async def events(self, run_id: int, after: int = 0) -> list[Event]:
        return self._log.events(run_id, after)

    async def progress(
        self, run_id: int, after: int = 0, wait_s: float = 0.0
    ) -> tuple[RunState | None, list[Event], int]:
        """The run's live state, its events after ``after`` and its newest event's number, in one
        call (what the UI polls); with ``wait_s`` a long poll (see :meth:`RunLog.progress`)."""
        return await self._log.progress(run_id, after, wait_s)

    async def wait(self, run_id: int, timeout_s: float | None = None) -> RunState:
        task = self._tasks.get(run_id)
        if task is not None:
            await asyncio.wait_for(asyncio.shield(task), timeout=timeout_s)
        return self._log.state(run_id)

    async def cancel(self, run_id: int) -> RunState:
        task = self._tasks.get(run_id)
        if task is not None and not task.done():
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)
        return self._log.state(run_id)


# on the head node, as Ray's own state actors are: a run's state and the permits live here, and the
# head is the one node a cluster cannot lose (a worker node removed mid-run takes only its scrapers)
ScrapeCoordinator = ray.remote(  # type: ignore[call-overload]
    num_cpus=0, max_concurrency=10_000, resources={HEAD_NODE: 0.001}
)(_Coordinator)


def start_coordinator(settings: Settings, *, pool_size: int | None = None) -> Any:
    """The cluster's named, detached coordinator (the one the Api starts runs on), or a new one.

    The WriterActor must be running first. A coordinator keeps the settings it was started with.
    """
    return ScrapeCoordinator.options(
        name=COORDINATOR_NAME,
        namespace=settings.ray.namespace,
        lifetime="detached",
        get_if_exists=True,
    ).remote(settings, pool_size=pool_size)
