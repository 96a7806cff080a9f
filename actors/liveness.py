"""A run's liveness pass: after the scrape phase, re-check that open jobs are still open.

The writer picks the due jobs (:func:`jobscraper.store.liveness.due_checks`: at most
``liveness.batch_size``), a ScraperActor fetches their pages (an ATS job's posting endpoint instead,
where its adapter has one) under the coordinator's permits — the same per-domain limits as
scraping, with only ``liveness.concurrency`` checks in flight, so a run that overlaps keeps most of
them — and the writer applies the verdicts (two failed checks in a row close a job). Checks go out
in chunks of :data:`CHUNK`, each recorded before the next, so a cancelled run keeps what it learnt.

The pass never fails its run: an error (a lost worker, a lost writer, a bug) ends the pass with an
event saying why, and the run's status is decided by its sources as before.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import Any

from actors.faults import unexpected
from actors.workers import WorkerPool
from jobscraper.config import LivenessSettings
from jobscraper.store.liveness import LivenessCounts
from jobscraper.store.writer_client import WriterClient

__all__ = ["CHUNK", "liveness_pass"]

CHUNK = 25
log = logging.getLogger(__name__)
Emit = Callable[..., Any]


async def liveness_pass(
    settings: LivenessSettings,
    writer: WriterClient,
    pool: WorkerPool,
    counts: LivenessCounts,
    emit: Emit,
    *,
    worker: int = 0,
) -> None:
    """Check the due jobs and add what happened to ``counts`` (the run's state, updated live).
    ``emit(kind, message, **data)`` logs the run's events."""
    if not settings.enabled:
        return
    try:
        targets = await writer.due_checks(settings.min_days_between_checks, settings.batch_size)
        if not targets:
            return
        emit("liveness_started", f"checking {len(targets)} open job(s) are still open")
        for start in range(0, len(targets), CHUNK):
            chunk = targets[start : start + CHUNK]
            results = await pool.call(worker, "check_jobs", chunk, settings.concurrency)
            done = await writer.record_checks(results)
            for name in type(done).model_fields:
                setattr(counts, name, getattr(counts, name) + getattr(done, name))
    except asyncio.CancelledError:
        raise
    except Exception as exc:  # the run goes on: liveness is a side pass
        text = unexpected(exc)
        log.warning("liveness pass stopped: %s", text)
        emit("liveness_failed", f"liveness checks stopped: {text}", **counts.model_dump())
        return
    emit(
        "liveness_done",
        f"checked {counts.checked}: {counts.closed} closed, {counts.failed} failed once, {counts.open} open",
        **counts.model_dump(),
    )
