"""The extraction pass of a scrape run: jobs needing extraction → the extraction service → the writer.

While a run scrapes, the coordinator wakes an :class:`EnrichmentLoop` after each written batch.
The loop reads jobs that need extraction from the database through the writer (new, content
changed, or extracted under another schema version: the test is on the row, see
:mod:`jobscraper.store.enrich`), walking the job ids with a cursor, sends them in batches of
``extraction.batch_size`` (a few batches in flight) to an :class:`Extractor`, and hands the
results to the writer, which stores them guarded by each job's content hash. When the run's
sources are done, one more pass from the first id catches jobs that changed behind the cursor.

Where extraction runs (:func:`resolve_extractor`):

- the ``jobscraper`` Serve app when it is deployed — the ExtractionRouter's handle, so prompts
  go to the throughput or long-context pool by length, or to the overflow;
- otherwise, for engines that need no GPU and no model load (``rules``, ``openai``), the engine
  in the coordinator's process;
- otherwise nobody: the run says why (start ``jobscraper serve``), and the jobs stay pending for
  the next run.

When the service stops answering, the pass stops with status ``unavailable``: what was not
extracted stays pending. A bad output for one posting is that posting's recorded error. Any other
error (results the writer could not store, a bug) stops the pass with status ``failed``: it is
logged with its traceback and shown in the run's events, and the jobs stay pending.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any, Protocol

import ray
from ray.exceptions import RayError

from actors.faults import traceback_text, unexpected
from actors.metrics import metrics
from actors.runs import ExtractionProgress
from jobscraper.config import ExtractionSettings
from jobscraper.errors import ExtractionError
from jobscraper.extraction import Engine, ExtractionInput, ExtractionResult
from jobscraper.extraction.engines import make_engine
from jobscraper.store.enrich import EnrichCounts, PendingJob, StoredExtraction

__all__ = [
    "ROUTER_DEPLOYMENT",
    "CursorPass",
    "EnrichmentLoop",
    "EnrichmentStore",
    "Extractor",
    "InProcessExtractor",
    "ServiceExtractor",
    "resolve_extractor",
]

ROUTER_DEPLOYMENT = "ExtractionRouter"
IN_PROCESS_ENGINES = ("rules", "openai")
IN_PROCESS_POOL = "in_process"  # the metrics' pool label when no extraction service is deployed
IN_FLIGHT = 4  # batches sent at once: enough to keep both pools and the router's batching busy
log = logging.getLogger(__name__)

Emit = Callable[..., None]


class Extractor(Protocol):
    """Something that extracts a batch; the router's handle or an engine in this process."""

    async def extract(self, batch: list[ExtractionInput]) -> list[ExtractionResult]: ...


class EnrichmentStore(Protocol):
    """The writer's side of the pass: the coordinator's
    :class:`~jobscraper.store.writer_client.WriterClient` is one."""

    def pending_extractions(self, after_id: int, limit: int) -> Awaitable[list[PendingJob]]: ...

    def store_extractions(self, items: list[StoredExtraction]) -> Awaitable[EnrichCounts]: ...


class ServiceExtractor:
    """The ExtractionRouter of a deployed Serve app, through its deployment handle."""

    def __init__(self, handle: Any) -> None:
        self._handle = handle

    async def extract(self, batch: list[ExtractionInput]) -> list[ExtractionResult]:
        results: list[ExtractionResult] = await self._handle.extract.remote(batch)
        return results


class InProcessExtractor:
    """An engine in this process (one that needs no GPU: rules, or an OpenAI-compatible endpoint)."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    async def extract(self, batch: list[ExtractionInput]) -> list[ExtractionResult]:
        started = time.perf_counter()
        results = await self._engine.extract(batch)
        metrics().extraction(IN_PROCESS_POOL, results, time.perf_counter() - started)
        return results


def _service_running(app_name: str) -> bool:
    if not ray.is_initialized():  # outside Ray (unit tests): there is no service to find
        return False
    from ray import serve  # here, not at the top: Serve's imports are ~60 MB of an idle coordinator

    status = serve.status()
    app = status.applications.get(app_name)
    return app is not None and str(app.status).endswith("RUNNING")


async def resolve_extractor(settings: ExtractionSettings, app_name: str) -> tuple[Extractor | None, str]:
    """Where this run's extraction goes, and a sentence saying so (or why it does not happen)."""
    if not settings.enabled:
        return None, "extraction is off (extraction.enabled: false)"
    try:
        running = await asyncio.to_thread(_service_running, app_name)
    except RayError as exc:
        log.warning("cannot ask Serve for the %s app: %s", app_name, exc)
        running = False
    if running:
        from ray import serve

        handle = serve.get_deployment_handle(ROUTER_DEPLOYMENT, app_name=app_name)
        via = f"the extraction service (Serve app {app_name!r}, engine {settings.engine!r})"
        return ServiceExtractor(handle), via
    if settings.engine in IN_PROCESS_ENGINES:
        engine = make_engine(settings, "throughput")
        via = f"the {settings.engine!r} engine in the coordinator (no extraction service is deployed)"
        return InProcessExtractor(engine), via
    return None, (
        f"engine {settings.engine!r} runs in the extraction service, which is not deployed: start it with "
        "`jobscraper serve`; the jobs stay pending until a run finds it"
    )


class CursorPass:
    """What a run's passes over pending jobs share (extraction here, embedding in
    :mod:`actors.embedding`): ``notify`` after each written batch wakes the pass, which walks the
    pending jobs with a cursor on the id (:meth:`_step`, a page at a time); after ``finish`` (the
    run's sources are done) one more walk from the first id catches jobs that changed behind the
    cursor, then the pass ends. Subclasses say whether the pass still goes (:meth:`_going`), take a
    page (:meth:`_step`) and wait for what they have in flight (:meth:`_drain`)."""

    def __init__(self) -> None:
        self._wake = asyncio.Event()
        self._closing = False
        self._final_pass = False  # the walk from the first id after ``finish``

    def notify(self) -> None:
        self._wake.set()

    def finish(self) -> None:
        self._closing = True
        self._wake.set()

    def _going(self) -> bool:
        raise NotImplementedError

    async def _step(self, cursor: int) -> tuple[int, bool]:
        """Take the pending jobs after ``cursor``: the new cursor, and whether a full page was read."""
        raise NotImplementedError

    async def _drain(self) -> None:
        """Wait for what is in flight."""

    async def _walk(self) -> None:
        cursor = 0
        while self._going():
            cursor, full = await self._step(cursor)
            if full:
                continue
            if self._closing:
                if self._final_pass:
                    break
                await self._drain()
                cursor, self._final_pass = 0, True  # jobs that changed behind the cursor
                continue
            await self._wake.wait()
            self._wake.clear()
        await self._drain()


class EnrichmentLoop(CursorPass):
    """One run's extraction pass; ``notify`` after each written batch, ``finish`` when scraping ends."""

    def __init__(
        self,
        store: EnrichmentStore,
        extractor: Extractor,
        progress: ExtractionProgress,
        *,
        batch_size: int,
        claimed: set[int],
        emit: Emit,
        in_flight: int = IN_FLIGHT,
    ) -> None:
        super().__init__()
        self._store = store
        self._extractor = extractor
        self.progress = progress
        self._batch_size = batch_size
        self._claimed = claimed  # job ids in flight in any run of this coordinator: sent once
        self._emit = emit
        self._slots = asyncio.Semaphore(in_flight)
        self._in_flight = in_flight
        self._tasks: set[asyncio.Task[None]] = set()

    async def run(self) -> None:
        self.progress.status = "running"
        try:
            await self._walk()
        except asyncio.CancelledError:
            for task in self._tasks:
                task.cancel()
            self.progress.status = "cancelled"
            raise
        except Exception as exc:  # e.g. the writer gone for good: the pass fails and says why
            self._failed(exc)
            for task in self._tasks:
                task.cancel()
            await self._drain()
        if self.progress.status == "running":
            self.progress.status = "done"

    def _going(self) -> bool:
        return self.progress.status == "running"

    async def _step(self, cursor: int) -> tuple[int, bool]:
        limit = self._batch_size * self._in_flight
        page = await self._store.pending_extractions(cursor, limit)
        if page:
            cursor = page[-1].id
        fresh = [job for job in page if job.id not in self._claimed]
        for start in range(0, len(fresh), self._batch_size):
            await self._send(fresh[start : start + self._batch_size])
        return cursor, len(page) == limit

    async def _drain(self) -> None:
        if self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)

    async def _send(self, jobs: list[PendingJob]) -> None:
        await self._slots.acquire()
        if self.progress.status != "running":
            self._slots.release()
            return
        self._claimed.update(job.id for job in jobs)
        self.progress.sent += len(jobs)
        task = asyncio.get_running_loop().create_task(self._one(jobs))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _one(self, jobs: list[PendingJob]) -> None:
        try:
            batch = [
                ExtractionInput(
                    id=str(job.id),
                    title=job.title,
                    company=job.company,
                    location=job.location,
                    description=job.description or "",
                )
                for job in jobs
            ]
            try:
                results = await self._extractor.extract(batch)
            except (ExtractionError, RayError, OSError, TimeoutError) as exc:
                self._unavailable(jobs, exc)
                return
            if results and all(r.retryable for r in results):  # the endpoint is down: stop asking
                self._unavailable(jobs, ExtractionError(results[0].error or "engine unreachable"))
                return
            hashes = {job.id: job.content_hash for job in jobs}
            items = [
                StoredExtraction(job_id=int(r.id), content_hash=hashes[int(r.id)], result=r) for r in results
            ]
            try:
                counts = await self._store.store_extractions(items)
            except Exception as exc:  # not stored: these jobs stay pending, and the pass stops
                self.progress.deferred += len(jobs)
                self._failed(exc)
                return
            self._count(results, counts)
        finally:
            self._claimed.difference_update(job.id for job in jobs)
            self._slots.release()

    def _unavailable(self, jobs: list[PendingJob], exc: BaseException) -> None:
        self.progress.deferred += len(jobs)
        if self.progress.status == "running":
            self.progress.status = "unavailable"
            self.progress.error = f"{type(exc).__name__}: {exc}"[:500]
            self._emit("extraction_unavailable", self.progress.error)

    def _failed(self, exc: Exception) -> None:
        """An unexpected error (a bug, the writer gone): logged with its traceback, the pass fails,
        and the run's events say why; what was not stored stays pending for the next run."""
        log.error("extraction pass failed", exc_info=exc)
        if self.progress.status in ("running", "unavailable"):
            self.progress.status = "failed"
            self.progress.error = unexpected(exc)
            self._emit("extraction_failed", self.progress.error, traceback=traceback_text(exc))

    def _count(self, results: list[ExtractionResult], counts: EnrichCounts) -> None:
        ok = sum(1 for r in results if r.ok)
        progress = self.progress
        progress.extracted += min(ok, counts.stored - counts.errors)
        progress.failed += counts.errors
        progress.deferred += counts.stale + counts.skipped
        for result in results:
            pool = result.pool or result.engine
            progress.pools[pool] = progress.pools.get(pool, 0) + 1
        self._emit(
            "extracted",
            f"{counts.stored - counts.errors} extracted, {counts.errors} failed",
            stored=counts.stored,
            errors=counts.errors,
            deferred=counts.stale + counts.skipped,
        )
