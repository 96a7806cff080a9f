"""The coordinator's run driver: one scrape run from its source tasks to its recorded end.

``execute`` runs every source task of the run on the worker pool at once (the permits bound what
is really in flight), sends each source's postings to the writer in batches of :data:`BATCH`
(awaiting each acknowledgement: the bounded queue that gives backpressure), runs the extraction and
embedding passes alongside (:mod:`actors.run_passes`: started beside the sources, embedding ending
after extraction, whose skills change what is embedded), archives what a company's full listing no longer
has, re-checks that open jobs are still open (:mod:`actors.liveness`), and records the run's end and
each saved entry's last result through the writer.

- A worker lost mid-source (:class:`~actors.workers.WorkerLost`) is retried on the next worker, up
  to :data:`MAX_ATTEMPTS`; batch ids are stable per (run, source, batch), so a re-sent batch is
  never written twice.
- A :class:`~jobscraper.errors.ScrapeError` fails (or blocks) its source; any other error in a
  source (a bug, a lost writer) fails that source, logged with its traceback and shown in the
  run's events, and the run goes on. An error in the run itself fails the run — never left
  "running". Cancelling stops the run and its extraction pass.

The writer (a :class:`~jobscraper.store.writer_client.WriterClient`), the pool and the run log come
in through the constructor, so the logic is unit-tested with fakes and no Ray.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from ray.exceptions import RayError

from actors.alerts import AlertSteps
from actors.blocked_sources import block_rules, skipped_as_blocked
from actors.embedding import Embeddings
from actors.faults import traceback_text, unexpected
from actors.liveness import liveness_pass
from actors.metrics import metrics
from actors.run_log import RunLog, now
from actors.run_passes import RunPasses
from actors.runs import RunSpec, RunState, SourceState, SourceStatus, SourceTask, source_outcomes
from actors.workers import WorkerLost, WorkerPool
from jobscraper.blocklist import BlockRule
from jobscraper.config import ExtractionSettings, LivenessSettings
from jobscraper.errors import Blocked, RateLimited, ScrapeError
from jobscraper.posting import Posting
from jobscraper.scraping.retry import describe
from jobscraper.sources.boards import SiteResult
from jobscraper.sources.company import CompanyResult
from jobscraper.sources.site_result import verdict_for
from jobscraper.store.writer_client import WriterClient

__all__ = ["BATCH", "MAX_ATTEMPTS", "RunDriver"]

MAX_ATTEMPTS = 3
BATCH = 500
log = logging.getLogger(__name__)


def _settle_sources(state: RunState, status: SourceStatus) -> None:
    """Sources the run did not finish end with the run (never stay "queued" or "running")."""
    for source in state.sources.values():
        if source.status in ("queued", "running"):
            source.status = status


def _found(source: SourceState) -> str:
    """The source_done line: the count, and what an empty one means (never a bare "0 found")."""
    if source.verdict == "empty":
        return "0 found (empty: the source answered with nothing that matched)"
    return f"{source.found} found"


def _metric_source(task: SourceTask) -> str:
    """The ``source`` label: the board's site, or the company's name (both bounded by the config)."""
    if task.search is not None:
        return task.search.sites[0]
    return task.company.name if task.company is not None else task.key


class RunDriver:
    """Runs scrape runs on ``pool``, writing through ``writer`` and recording in ``log``."""

    def __init__(
        self,
        extraction: ExtractionSettings,
        *,
        writer: WriterClient,
        pool: WorkerPool,
        log: RunLog,
        extraction_app: str = "jobscraper",
        embeddings: Embeddings | None = None,
        liveness: LivenessSettings | None = None,
        alerts: AlertSteps | None = None,
    ) -> None:
        # ``embeddings`` None: runs embed nothing (the coordinator passes its model)
        self._passes = RunPasses(extraction, extraction_app, embeddings, writer, log)
        self._liveness = liveness  # None: runs check no job (the coordinator passes its settings)
        self._alerts = alerts  # None: runs send no alerts (the coordinator passes its steps)
        self._checking = False  # one liveness pass at a time: overlapping runs would check a job twice
        self._writer = writer
        self._pool = pool
        self._log = log
        self._under_way: dict[int, asyncio.Event] = {}  # set once a run's sources have started

    def under_way(self, run_id: int) -> asyncio.Event:
        """Set once each of the run's sources has started (its source_started event), or the run
        has ended: the coordinator's start answers then, so the run's first burst of events comes
        with the answer that started it (issue 17). The extraction and embedding passes start
        beside the sources; their events can come after the answer."""
        return self._under_way.setdefault(run_id, asyncio.Event())

    async def execute(self, run_id: int, spec: RunSpec, tasks: list[SourceTask]) -> None:
        """Run ``tasks`` to the end; the run's state says how it went (it never raises but on cancel)."""
        state = self._log.state(run_id)
        run_errors: list[str] = []
        emit = self._emitter(run_id)
        try:
            rules = await block_rules(self._writer, tasks)  # a blocked company is not fetched at all
            self._passes.start(run_id)  # beside the sources, not before them (actors.run_passes)
            *results, _ = await asyncio.gather(
                *(self._source(run_id, task, n, rules) for n, task in enumerate(tasks)),
                # its first step runs after each source's first; the passes' own events (finding
                # the extraction service can take longer than a start waits) come with the next poll
                self._mark_under_way(run_id),
            )
            await self._passes.started(run_id)
            complete = [t.company.name for t, ok in zip(tasks, results, strict=True) if ok and t.company]
            if spec.archive_missing:
                for name in complete:
                    state.archived += await self._writer.archive_company_missing(name, state.started_at)
            if self._liveness is not None and not self._checking:  # after the scrape phase
                self._checking = True
                try:
                    checks = state.liveness
                    await liveness_pass(self._liveness, self._writer, self._pool, checks, emit, worker=run_id)
                finally:
                    self._checking = False
            await self._passes.finish(run_id)
            all_failed = bool(tasks) and all(
                s.status in ("failed", "blocked") for s in state.sources.values()
            )
            state.status = "failed" if all_failed else "done"
        except asyncio.CancelledError:
            await self._passes.stop(run_id)
            state.status = "cancelled"
            _settle_sources(state, "cancelled")
        except Exception as exc:  # a bug or a lost writer: the run fails and says why, never "running"
            await self._passes.stop(run_id)
            text = unexpected(exc)
            log.exception("run %s failed: %s", run_id, text)
            run_errors.append(f"run: {text}")
            state.status = "failed"
            _settle_sources(state, "failed")
            self._log.event(run_id, None, "run_failed", text, traceback=traceback_text(exc))
        finally:
            self._under_way.pop(run_id, asyncio.Event()).set()
            self._passes.forget(run_id)
            await self._end(run_id, state, tasks, run_errors)

    async def _mark_under_way(self, run_id: int) -> None:
        await asyncio.sleep(0)
        self.under_way(run_id).set()

    def _emitter(self, run_id: int) -> Any:
        return lambda kind, message, **data: self._log.event(run_id, None, kind, message, **data)

    async def _end(
        self, run_id: int, state: RunState, tasks: list[SourceTask], run_errors: list[str]
    ) -> None:
        state.finished_at = now()
        totals = state.totals()
        summary = f"run {state.status}: {totals['found']} found, {totals['inserted']} new"
        self._log.event(run_id, None, "run_done", summary, **totals)
        if state.extraction.status == "failed" and state.extraction.error:
            run_errors.append(f"extraction: {state.extraction.error}")
        if state.embedding.status == "failed" and state.embedding.error:
            run_errors.append(f"embedding: {state.embedding.error}")
        errors = [f"{s.label}: {e}" for s in state.sources.values() for e in s.errors] + run_errors
        try:
            await self._writer.finish_run(run_id, state.status, totals, errors)
        except Exception:  # the database keeps "running": the next coordinator marks it interrupted
            log.exception("run %s: its end (%s) could not be recorded", run_id, state.status)
        try:
            await self._writer.record_last_results(run_id, state.finished_at, source_outcomes(tasks, state))
        except (RayError, RuntimeError) as exc:  # the run itself is recorded; only this summary is lost
            log.warning("run %s: last results of its searches and companies not recorded: %s", run_id, exc)
        if self._alerts is not None:  # in the background: the run is over, its alerts follow
            self._alerts.start(run_id, self._emitter(run_id))

    async def _source(self, run_id: int, task: SourceTask, n: int, rules: list[BlockRule]) -> bool:
        if skipped_as_blocked(self._log, run_id, task, rules):
            return False
        metrics().scrape_started(task.kind)
        try:
            return await self._scrape(run_id, task, n)
        finally:
            metrics().scrape_ended(task.kind)

    async def _scrape(self, run_id: int, task: SourceTask, n: int) -> bool:
        source = self._log.state(run_id).sources[task.key]
        source.status, source.started_at = "running", now()
        self._log.event(run_id, task.key, "source_started", task.label)
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
                    self._log.event(run_id, task.key, "worker_crashed", f"attempt {attempt + 1}: {exc}")
                    continue
                if task.company is not None:
                    ok = await self._company_done(run_id, task, source, company)
                else:
                    ok = await self._board_done(run_id, task, source, sites)
                source.finished_at = now()
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
        source.verdict = source.verdict or verdict_for(0, error)
        text = describe(error) if isinstance(error, ScrapeError) else unexpected(error)
        source.errors.append(text)
        source.finished_at = now()
        metrics().source_error(task.kind, _metric_source(task), error)
        self._log.event(
            run_id, task.key, "source_failed", text, status=source.status, verdict=source.verdict, **data
        )
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
        found = len(result.postings) + len(result.needs_extraction)
        source.verdict = verdict_for(found, result.errors[0] if result.errors else None)
        counted = {"found", "inserted", "updated", "unchanged", "duplicates", "needs_extraction", "verdict"}
        self._log.event(run_id, task.key, "source_done", _found(source), **source.model_dump(include=counted))
        return not result.errors

    async def _board_done(
        self, run_id: int, task: SourceTask, source: SourceState, sites: list[SiteResult]
    ) -> bool:
        postings = [p for s in sites for p in s.postings]
        await self._write(run_id, task, source, postings)
        errors = [s.error for s in sites if s.error is not None]
        source.warnings = sum(len(s.warnings) for s in sites)
        source.verdict = verdict_for(len(postings), errors[0] if errors else None)
        if errors:
            return self._failed(run_id, task, source, errors[0])
        source.status = "done"
        self._log.event(
            run_id, task.key, "source_done", _found(source), found=source.found, verdict=source.verdict
        )
        return True

    async def _write(
        self, run_id: int, task: SourceTask, source: SourceState, postings: list[Posting]
    ) -> None:
        source.found += len(postings)
        for start in range(0, len(postings), BATCH):
            batch = postings[start : start + BATCH]
            counts = await self._writer.upsert(batch, f"{run_id}:{task.key}:{start // BATCH}")
            source.inserted += counts.inserted
            source.updated += counts.updated
            source.unchanged += counts.unchanged
            source.duplicates += counts.merged_duplicates
            metrics().source_result(
                task.kind, _metric_source(task), len(batch), counts.inserted, counts.updated
            )
            self._log.event(run_id, task.key, "written", f"{len(batch)} posting(s)", **counts.model_dump())
            if counts.inserted or counts.updated:
                self._passes.notify(run_id)
