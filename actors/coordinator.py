"""ScrapeCoordinator: runs scrape runs over a ScraperActor pool under one set of exact limits.

- Limits: it owns the :class:`~jobscraper.scraping.limits.Limiter`; ScraperActors take a permit
  per request (``acquire``/``release``), so overlapping runs share the limits. Permits are held
  by worker (:mod:`actors.leases`): a dead worker's are freed as soon as its death is seen.
- Runs: ``start_run(spec)`` expands the spec into source tasks, schedules them on the pool, sends
  each source's postings to the WriterActor in batches (awaiting each acknowledgement: the bounded
  queue that gives backpressure), keeps per-source state and an append-only event list
  (``events(run_id, after=n)``). ``cancel(run_id)`` stops it.
- Crashes: a ScraperActor that dies or does not answer in time is replaced at once and its task
  retried on the next worker (``MAX_ATTEMPTS``; :mod:`actors.workers`); batch ids are stable per
  (run, source, batch), so a re-sent batch is never written twice. Any other unexpected error
  fails its source (or the run), is logged with its traceback and shown in the run's events.
- Extraction: while a run scrapes, an :class:`~actors.enrich.EnrichmentLoop` sends the jobs that
  need extraction through the extraction service (or a CPU engine in this process) and has the
  writer store the results; the run is done when that pass is. See :mod:`actors.enrich`.
- After a run, each company whose full listing was read has its jobs that are gone archived, and
  each saved search and watched company (matched by name) gets the run's outcome as its last result.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import ray
from ray.exceptions import RayActorError, RayError

from actors.enrich import EnrichmentLoop, resolve_extractor
from actors.faults import traceback_text, unexpected
from actors.leases import PermitLedger
from actors.metrics import metrics
from actors.runs import Event, RunSpec, RunState, SourceState, SourceStatus, SourceTask, source_outcomes
from actors.scraper import ScraperActor
from actors.workers import WORKER_CALL_TIMEOUT_S, WorkerLost, WorkerPool
from actors.writer import WRITER_NAME
from jobscraper.config import Settings
from jobscraper.errors import Blocked, JobscraperError, RateLimited, ScrapeError
from jobscraper.posting import Posting
from jobscraper.scraping.fetch import limiter_for
from jobscraper.scraping.retry import describe
from jobscraper.sources.boards import SiteResult
from jobscraper.sources.company import CompanyResult
from jobscraper.store.enrich import EnrichCounts, PendingJob, StoredExtraction
from jobscraper.store.runs import process_owner

__all__ = ["COORDINATOR_NAME", "ScrapeCoordinator", "start_coordinator"]

COORDINATOR_NAME = "coordinator"
MAX_ATTEMPTS = 3
BATCH = 500
log = logging.getLogger(__name__)


def _now() -> datetime:
    return datetime.now(UTC)


def _kill_worker(handle: Any) -> None:
    ray.kill(handle, no_restart=True)


async def _stopped(task: asyncio.Task[None] | None) -> None:
    """Cancel a run's extraction pass and wait until it has stopped."""
    if task is not None:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)


def _settle_sources(state: RunState, status: SourceStatus) -> None:
    """Sources the run did not finish end with the run (never stay "queued" or "running")."""
    for source in state.sources.values():
        if source.status in ("queued", "running"):
            source.status = status


def _metric_source(task: SourceTask) -> str:
    """The ``source`` label: the board's site, or the company's name (both bounded by the config)."""
    if task.search is not None:
        return task.search.sites[0]
    return task.company.name if task.company is not None else task.key


class _Coordinator:
    """The actor's body. ``writer``, ``worker_factory`` and ``kill_worker`` default to the cluster's
    WriterActor, new ScraperActors and ``ray.kill``; tests pass fakes and run it without Ray."""

    def __init__(
        self,
        settings: Settings,
        *,
        pool_size: int = 2,
        writer_name: str = WRITER_NAME,
        extraction_app: str = "jobscraper",
        writer: Any = None,
        worker_factory: Callable[[str], Any] | None = None,
        call_timeout_s: float = WORKER_CALL_TIMEOUT_S,
        kill_worker: Callable[[Any], None] | None = None,
    ) -> None:
        self._settings = settings
        self._extraction_app = extraction_app
        self._loops: dict[int, EnrichmentLoop] = {}
        self._claimed: set[int] = set()  # job ids being extracted by any run
        self._limiter = limiter_for(settings.scraping)
        self._ledger = PermitLedger(self._limiter)
        self._owner = process_owner()  # recorded with each run: the run dies with this process
        self._swept = False
        self._runs: dict[int, RunState] = {}
        self._events: dict[int, list[Event]] = {}
        self._changed: dict[int, asyncio.Event] = {}
        self._tasks: dict[int, asyncio.Task[None]] = {}
        self._writer = (
            writer if writer is not None else ray.get_actor(writer_name, namespace=settings.ray.namespace)
        )
        if worker_factory is None:
            me = ray.get_runtime_context().current_actor

            def worker_factory(owner: str) -> Any:
                return ScraperActor.remote(settings.scraping, me, owner)

        self._pool = WorkerPool(
            worker_factory,
            pool_size,
            on_lost=self._ledger.release_owner,
            kill=kill_worker or _kill_worker,
            call_timeout_s=call_timeout_s,
        )

    # ---------------------------------------------------------------- permits
    async def acquire(self, domain: str, owner: str = "") -> int:
        """A permit for one request to ``domain`` (see :mod:`actors.leases`)."""
        return await self._ledger.acquire(domain, owner)

    async def release(self, permit: int) -> None:
        self._ledger.release(permit)

    async def ready(self) -> int:
        """Wait until every ScraperActor has started; returns the pool size."""
        await self._sweep_orphans()
        return await self._pool.ping_all()

    async def _sweep_orphans(self) -> None:
        """Once, when it starts: runs left "running" by a coordinator (or CLI) whose process died are
        ended as ``interrupted`` (:mod:`jobscraper.store.runs`)."""
        if self._swept:
            return
        self._swept = True
        try:
            ended = await self._call_writer("interrupt_orphaned_runs")
        except Exception:  # the runs stay as they are; this coordinator still works
            log.exception("could not end the runs left running by a dead process")
            return
        if ended:
            log.warning("runs %s were left running by a process that died: marked interrupted", ended)

    async def limits(self) -> dict[str, Any]:
        return {
            "in_flight": self._limiter.in_flight,
            "peak_in_flight": self._limiter.peak_in_flight,
            "permits": self._ledger.held,
            "workers_replaced": self._pool.replaced,
        }

    async def worker_pids(self) -> list[int]:
        """The process id of each ScraperActor (what an operator, or a fault test, would kill)."""
        return [int(await self._pool.call(n, "pid")) for n in range(len(self._pool))]

    # ------------------------------------------------------------------- runs
    async def start_run(self, spec: RunSpec, kind: str = "scrape") -> int:
        await self._sweep_orphans()
        tasks = spec.tasks()
        params = spec.model_dump(mode="json")
        run_id = int(await self._writer.start_run.remote(kind, params, self._owner))
        self._runs[run_id] = RunState(
            run_id=run_id,
            started_at=_now(),
            sources={t.key: SourceState(key=t.key, label=t.label, kind=t.kind) for t in tasks},
            entries=spec.entry_keys(),
        )
        self._events[run_id] = []
        self._event(run_id, None, "run_started", f"{len(tasks)} source(s)")
        self._tasks[run_id] = asyncio.get_running_loop().create_task(self._execute(run_id, spec, tasks))
        return run_id

    async def state(self, run_id: int) -> RunState:
        return self._runs[run_id]

    async def find(self, run_id: int) -> RunState | None:
        """The run's live state, or None when this coordinator does not know it (an old run)."""
        return self._runs.get(run_id)

    async def runs(self) -> list[RunState]:
        return list(self._runs.values())

    async def events(self, run_id: int, after: int = 0) -> list[Event]:
        return [e for e in self._events.get(run_id, []) if e.n > after]

    async def progress(
        self, run_id: int, after: int = 0, wait_s: float = 0.0
    ) -> tuple[RunState | None, list[Event], int]:
        """The run's live state, its events after ``after`` and its newest event's number, in one
        call (what the UI polls). With ``wait_s`` a live run with nothing new yet answers as soon as
        its next event happens, or after ``wait_s`` (a long poll: news arrives when it happens, and
        a quiet run still costs one call per ``wait_s``)."""
        state = self._runs.get(run_id)
        loop = asyncio.get_running_loop()
        deadline = loop.time() + min(wait_s, 30.0)
        log_ = self._events.get(run_id, [])
        while state is not None and state.status == "running" and (not log_ or log_[-1].n <= after):
            remaining = deadline - loop.time()
            if remaining <= 0:
                break
            changed = self._changed.setdefault(run_id, asyncio.Event())
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(changed.wait(), timeout=remaining)
            log_ = self._events.get(run_id, [])
        return state, [e for e in log_ if e.n > after], log_[-1].n if log_ else 0

    async def wait(self, run_id: int, timeout_s: float | None = None) -> RunState:
        task = self._tasks.get(run_id)
        if task is not None:
            await asyncio.wait_for(asyncio.shield(task), timeout=timeout_s)
        return self._runs[run_id]

    async def cancel(self, run_id: int) -> RunState:
        task = self._tasks.get(run_id)
        if task is not None and not task.done():
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)
        return self._runs[run_id]

    # -------------------------------------------------------------- internals
    def _event(self, run_id: int, source: str | None, kind: str, message: str, **data: Any) -> None:
        events = self._events[run_id]
        events.append(
            Event(n=len(events) + 1, at=_now(), source=source, type=kind, message=message, data=data)
        )
        changed = self._changed.pop(run_id, None)
        if changed is not None:  # wake the long polls waiting for this run's next event
            changed.set()

    async def _start_extraction(self, run_id: int) -> asyncio.Task[None] | None:
        state = self._runs[run_id]
        try:
            extractor, via = await resolve_extractor(self._settings.extraction, self._extraction_app)
        except JobscraperError as exc:  # e.g. an openai engine whose config is unusable: scrape anyway
            extractor, via = None, f"extraction could not start: {exc}"
        state.extraction.via = via
        if extractor is None:
            state.extraction.status = "off"
            self._event(run_id, None, "extraction_off", via)
            return None
        loop = EnrichmentLoop(
            _WriterStore(self),
            extractor,
            state.extraction,
            batch_size=self._settings.extraction.batch_size,
            claimed=self._claimed,
            emit=lambda kind, message, **data: self._event(run_id, None, kind, message, **data),
        )
        self._loops[run_id] = loop
        self._event(run_id, None, "extraction_started", via)
        return asyncio.get_running_loop().create_task(loop.run())

    async def _execute(self, run_id: int, spec: RunSpec, tasks: list[SourceTask]) -> None:
        state = self._runs[run_id]
        complete: list[str] = []
        extraction: asyncio.Task[None] | None = None
        run_errors: list[str] = []
        try:
            extraction = await self._start_extraction(run_id)
            results = await asyncio.gather(*(self._source(run_id, task, n) for n, task in enumerate(tasks)))
            for task, ok in zip(tasks, results, strict=True):
                if ok and task.company is not None:
                    complete.append(task.company.name)
            if spec.archive_missing:
                for name in complete:
                    state.archived += int(
                        await self._call_writer("archive_company_missing", name, state.started_at)
                    )
            if extraction is not None:
                self._loops[run_id].finish()
                await extraction
                self._event(
                    run_id,
                    None,
                    "extraction_done",
                    f"extraction {state.extraction.status}: {state.extraction.extracted} extracted, "
                    f"{state.extraction.failed} failed",
                    **state.extraction.model_dump(include={"extracted", "failed", "deferred", "pools"}),
                )
            all_failed = bool(tasks) and all(
                s.status in ("failed", "blocked") for s in state.sources.values()
            )
            state.status = "failed" if all_failed else "done"
        except asyncio.CancelledError:
            await _stopped(extraction)
            state.status = "cancelled"
            _settle_sources(state, "cancelled")
        except Exception as exc:  # a bug or a lost writer: the run fails and says why, never "running"
            await _stopped(extraction)
            text = unexpected(exc)
            log.exception("run %s failed: %s", run_id, text)
            run_errors.append(f"run: {text}")
            state.status = "failed"
            _settle_sources(state, "failed")
            self._event(run_id, None, "run_failed", text, traceback=traceback_text(exc))
        finally:
            self._loops.pop(run_id, None)
            state.finished_at = _now()
            totals = state.totals()
            summary = f"run {state.status}: {totals['found']} found, {totals['inserted']} new"
            self._event(run_id, None, "run_done", summary, **totals)
            if state.extraction.status == "failed" and state.extraction.error:
                run_errors.append(f"extraction: {state.extraction.error}")
            errors = [f"{s.label}: {e}" for s in state.sources.values() for e in s.errors] + run_errors
            await self._finish(run_id, state, errors)
            await self._record_last_results(run_id, tasks)

    async def _finish(self, run_id: int, state: RunState, errors: list[str]) -> None:
        try:
            await self._call_writer("finish_run", run_id, state.status, state.totals(), errors)
        except Exception:  # the database keeps "running": the next coordinator marks it interrupted
            log.exception("run %s: its end (%s) could not be recorded", run_id, state.status)

    async def _record_last_results(self, run_id: int, tasks: list[SourceTask]) -> None:
        state = self._runs[run_id]
        try:
            await self._call_writer(
                "record_last_results", run_id, state.finished_at, source_outcomes(tasks, state)
            )
        except (RayError, RuntimeError) as exc:  # the run itself is recorded; only this summary is lost
            log.warning("run %s: last results of its searches and companies not recorded: %s", run_id, exc)

    async def _source(self, run_id: int, task: SourceTask, n: int) -> bool:
        metrics().scrape_started(task.kind)
        try:
            return await self._scrape(run_id, task, n)
        finally:
            metrics().scrape_ended(task.kind)

    async def _scrape(self, run_id: int, task: SourceTask, n: int) -> bool:
        source = self._runs[run_id].sources[task.key]
        source.status, source.started_at = "running", _now()
        self._event(run_id, task.key, "source_started", task.label)
        try:
            for attempt in range(MAX_ATTEMPTS):
                source.attempts = attempt + 1
                try:
                    if task.company is not None:
                        company: CompanyResult = await self._pool.call(
                            n + attempt, "scrape_company", task.company
                        )
                    else:
                        assert task.search is not None
                        sites: list[SiteResult] = await self._pool.call(
                            n + attempt, "scrape_board", task.search
                        )
                except WorkerLost as exc:
                    self._event(run_id, task.key, "worker_crashed", f"attempt {attempt + 1}: {exc}")
                    continue
                if task.company is not None:
                    ok = await self._company_done(run_id, task, source, company)
                else:
                    ok = await self._board_done(run_id, task, source, sites)
                source.finished_at = _now()
                return ok
            return self._failed(run_id, task, source, RuntimeError(f"worker crashed {MAX_ATTEMPTS} times"))
        except ScrapeError as error:
            return self._failed(run_id, task, source, error)
        except Exception as exc:  # a bug, a lost writer: this source fails, loudly, and the run goes on
            log.exception("run %s: source %s failed unexpectedly", run_id, task.key)
            return self._failed(run_id, task, source, exc, traceback=traceback_text(exc))

    def _failed(
        self, run_id: int, task: SourceTask, source: SourceState, error: BaseException, **data: Any
    ) -> bool:
        source.status = "blocked" if isinstance(error, Blocked | RateLimited) else "failed"
        text = describe(error) if isinstance(error, ScrapeError) else unexpected(error)
        source.errors.append(text)
        source.finished_at = _now()
        metrics().source_error(task.kind, _metric_source(task), error)
        self._event(run_id, task.key, "source_failed", text, status=source.status, **data)
        return False

    async def _company_done(
        self, run_id: int, task: SourceTask, source: SourceState, result: CompanyResult
    ) -> bool:
        source.pages = result.pages
        source.needs_extraction = len(result.needs_extraction)
        source.warnings = len(result.warnings)
        source.errors += [describe(e) for e in result.errors]
        for error in result.errors:
            metrics().source_error(task.kind, _metric_source(task), error)
        await self._write(run_id, task, source, result.postings)
        source.status = "done"
        self._event(
            run_id,
            task.key,
            "source_done",
            f"{source.found} found",
            **source.model_dump(
                include={"found", "inserted", "updated", "unchanged", "duplicates", "needs_extraction"}
            ),
        )
        return not result.errors

    async def _board_done(
        self, run_id: int, task: SourceTask, source: SourceState, sites: list[SiteResult]
    ) -> bool:
        postings = [p for s in sites for p in s.postings]
        await self._write(run_id, task, source, postings)
        errors = [s.error for s in sites if s.error is not None]
        source.warnings = sum(len(s.warnings) for s in sites)
        if errors:
            return self._failed(run_id, task, source, errors[0])
        source.status = "done"
        self._event(run_id, task.key, "source_done", f"{source.found} found", found=source.found)
        return True

    async def _write(
        self, run_id: int, task: SourceTask, source: SourceState, postings: list[Posting]
    ) -> None:
        source.found += len(postings)
        for start in range(0, len(postings), BATCH):
            batch = postings[start : start + BATCH]
            batch_id = f"{run_id}:{task.key}:{start // BATCH}"
            counts = await self._upsert(batch, batch_id)
            source.inserted += counts.inserted
            source.updated += counts.updated
            source.unchanged += counts.unchanged
            source.duplicates += counts.merged_duplicates
            metrics().source_result(
                task.kind, _metric_source(task), len(batch), counts.inserted, counts.updated
            )
            self._event(run_id, task.key, "written", f"{len(batch)} posting(s)", **counts.model_dump())
            if (counts.inserted or counts.updated) and (loop := self._loops.get(run_id)) is not None:
                loop.notify()

    async def _upsert(self, batch: list[Posting], batch_id: str) -> Any:
        return await self._call_writer("upsert", batch, batch_id)

    async def _call_writer(self, method: str, *args: Any) -> Any:
        """A writer call, re-sent while the writer restarts after a crash (every call is idempotent)."""
        metrics().writer_call(+1)
        try:
            for attempt in range(30):
                try:
                    return await getattr(self._writer, method).remote(*args)
                except RayActorError:
                    await asyncio.sleep(min(0.1 * 2**attempt, 2.0))
            raise RuntimeError("the writer did not come back")
        finally:
            metrics().writer_call(-1)


class _WriterStore:
    """The extraction pass's view of the writer."""

    def __init__(self, coordinator: _Coordinator) -> None:
        self._coordinator = coordinator

    async def pending(self, after_id: int, limit: int) -> list[PendingJob]:
        jobs: list[PendingJob] = await self._coordinator._call_writer("pending_extractions", after_id, limit)
        return jobs

    async def store(self, items: list[StoredExtraction]) -> EnrichCounts:
        counts: EnrichCounts = await self._coordinator._call_writer("store_extractions", items)
        return counts


ScrapeCoordinator = ray.remote(num_cpus=0, max_concurrency=10_000)(_Coordinator)  # type: ignore[call-overload]


def start_coordinator(settings: Settings, *, pool_size: int = 2) -> Any:
    """The cluster's named, detached coordinator (the one the Api starts runs on), or a new one.

    The WriterActor must be running first. A coordinator keeps the settings it was started with.
    """
    return ScrapeCoordinator.options(
        name=COORDINATOR_NAME,
        namespace=settings.ray.namespace,
        lifetime="detached",
        get_if_exists=True,
    ).remote(settings, pool_size=pool_size)
