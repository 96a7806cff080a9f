"""WriterActor: the only writer of the job database on a Ray cluster.

It wraps one :class:`~jobscraper.store.SyncEngine`. Ray runs one method call at a time on a
(synchronous) actor, so batches are committed one after another; a call returns only after its
commit, so a returned result *is* the acknowledgement. It is named ``writer``, detached, in the
``jobscraper`` namespace, and restarted by Ray after a crash (``max_restarts=-1``). Calls are not
retried by Ray (``max_task_retries=0``): a producer that gets no answer re-sends its batch
(:class:`WriterClient` does), which is harmless because upserts are idempotent.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable, Collection, Sequence
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

import ray
from ray.actor import ActorHandle
from ray.exceptions import (
    ActorDiedError,
    ActorUnavailableError,
    GetTimeoutError,
    RayActorError,
)

from actors.metrics import metrics
from actors.placement import db_node_options
from jobscraper.config import CompanyConfig, SavedSearch
from jobscraper.posting import Posting
from jobscraper.store import SyncEngine, UpsertCounts, UserUpdate, open_database, saved, utcnow
from jobscraper.store.enrich import EnrichCounts, PendingJob, StoredExtraction
from jobscraper.store.runs import process_owner
from jobscraper.store.saved_shapes import (
    CompanyCreate,
    CompanyPublic,
    CompanyUpdate,
    SavedSearchPublic,
    SavedSearchUpdate,
    SeedCounts,
    SourceOutcome,
)

__all__ = ["WRITER_NAME", "WriterActor", "WriterClient", "find_writer", "start_writer"]

WRITER_NAME = "writer"
_REMEMBERED_BATCHES = 4096
T = TypeVar("T")


class _Writer:
    """The actor's body (kept a plain class so it can be unit-tested without Ray)."""

    def __init__(
        self, db_path: str, busy_timeout_ms: int = 10_000, clock: Callable[[], datetime] = utcnow
    ) -> None:
        self._engine = SyncEngine(open_database(db_path, busy_timeout_ms=busy_timeout_ms), clock=clock)
        self._clock = clock
        self._db_path = str(Path(db_path).resolve())
        self._done: OrderedDict[str, UpsertCounts] = OrderedDict()
        self._batches = 0
        # runs left "running" by a process that died (this writer's predecessor's cluster, a
        # killed CLI) are ended now, so they do not show as running for ever
        self._engine.interrupt_orphaned_runs()

    def db_path(self) -> str:
        return self._db_path

    def ping(self) -> dict[str, Any]:
        return {"db_path": self._db_path, "batches": self._batches}

    def upsert(self, batch: Sequence[Posting | dict[str, Any]], batch_id: str | None = None) -> UpsertCounts:
        """Commit one batch; the same ``batch_id`` sent again returns the first answer."""
        if batch_id is not None and batch_id in self._done:
            return self._done[batch_id]
        started = time.perf_counter()
        counts = self._engine.upsert(batch)
        metrics().writer_batch(time.perf_counter() - started, len(batch))
        self._batches += 1
        if batch_id is not None:
            self._done[batch_id] = counts
            while len(self._done) > _REMEMBERED_BATCHES:
                self._done.popitem(last=False)
        return counts

    def archive_stale(self, window: timedelta, sites: list[str] | None = None) -> int:
        return self._engine.archive_stale(window, sites=sites)

    def archive_not_seen_since(self, cutoff: datetime, sites: list[str] | None = None) -> int:
        return self._engine.archive_not_seen_since(cutoff, sites=sites)

    def archive_company_missing(self, company: str, since: datetime) -> int:
        return self._engine.archive_company_missing(company, since)

    def update_user_fields(self, job_id: int, change: UserUpdate) -> dict[str, Any]:
        return self._engine.update_user_fields(job_id, change)

    def start_run(self, kind: str, params: dict[str, Any], owner: dict[str, Any] | None = None) -> int:
        """Record a run; ``owner`` is the process that runs it (the caller's, not the writer's)."""
        return self._engine.start_run(kind, params, owner)

    def interrupt_orphaned_runs(self) -> list[int]:
        return self._engine.interrupt_orphaned_runs()

    def end_unheld_run(self, run_id: int, status: str, reason: str) -> bool:
        return self._engine.end_unheld_run(run_id, status, reason)

    def pending_extractions(self, after_id: int = 0, limit: int = 64) -> list[PendingJob]:
        return self._engine.pending_extractions(after_id, limit)

    def count_pending(self) -> int:
        return self._engine.count_pending()

    def store_extractions(self, items: list[StoredExtraction]) -> EnrichCounts:
        return self._engine.store_extractions(items)

    def finish_run(self, run_id: int, status: str, counts: dict[str, int], errors: list[str]) -> None:
        self._engine.finish_run(run_id, status, counts, errors)

    # saved searches and watched companies (see jobscraper.store.saved)
    def create_search(self, search: SavedSearch) -> SavedSearchPublic:
        return saved.create_search(self._engine.db, search, self._clock())

    def update_search(self, search_id: int, change: SavedSearchUpdate) -> SavedSearchPublic:
        return saved.update_search(self._engine.db, search_id, change, self._clock())

    def delete_search(self, search_id: int) -> None:
        saved.delete_search(self._engine.db, search_id)

    def create_company(self, body: CompanyCreate) -> CompanyPublic:
        return saved.create_company(self._engine.db, body, self._clock())

    def update_company(self, company_id: int, change: CompanyUpdate) -> CompanyPublic:
        return saved.update_company(self._engine.db, company_id, change, self._clock())

    def delete_company(self, company_id: int) -> None:
        saved.delete_company(self._engine.db, company_id, self._clock())

    def seed_saved(self, searches: list[SavedSearch], companies: list[CompanyConfig]) -> SeedCounts:
        return saved.seed_saved(self._engine.db, searches, companies, self._clock())

    def record_last_results(self, run_id: int, finished_at: datetime, results: list[SourceOutcome]) -> int:
        return saved.record_last_results(self._engine.db, run_id, finished_at, results)


WriterActor = ray.remote(num_cpus=0, max_restarts=-1, max_task_retries=0)(_Writer)


def start_writer(
    db_path: str | Path, *, namespace: str = "jobscraper", busy_timeout_ms: int = 10_000
) -> ActorHandle[Any]:
    """The cluster's writer for ``db_path``: the running one, or a new detached one on the node that
    holds the file (:mod:`actors.placement`)."""
    handle: ActorHandle[Any] = WriterActor.options(  # type: ignore[assignment]
        name=WRITER_NAME, namespace=namespace, lifetime="detached", get_if_exists=True, **db_node_options()
    ).remote(str(db_path), busy_timeout_ms)
    return handle


def find_writer(namespace: str = "jobscraper") -> ActorHandle[Any] | None:
    """The running writer on the connected cluster, or None."""
    try:
        return ray.get_actor(WRITER_NAME, namespace=namespace)
    except ValueError:
        return None


_RETRYABLE = (RayActorError, ActorDiedError, ActorUnavailableError, GetTimeoutError)


class WriterClient:
    """Calls a WriterActor and re-sends a call that got no answer (the actor crashed or restarts).

    Re-sending is safe: every writer method is idempotent or, for upserts, deduplicated by
    ``batch_id`` — except creating or deleting a saved search or company, whose re-send after a
    lost answer may report :class:`~jobscraper.errors.Conflict` or ``NotFound`` for what the first
    call did. Gives up after ``attempts`` tries with the last error.
    """

    def __init__(
        self,
        handle: ActorHandle[Any],
        *,
        attempts: int = 30,
        timeout_s: float = 120.0,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._handle = handle
        self._attempts = attempts
        self._timeout_s = timeout_s
        self._sleep = sleep

    def _call(self, method: str, *args: Any) -> Any:
        delay = 0.1
        for attempt in range(1, self._attempts + 1):
            try:
                return ray.get(getattr(self._handle, method).remote(*args), timeout=self._timeout_s)
            except _RETRYABLE:
                if attempt == self._attempts:
                    raise
                self._sleep(delay)
                delay = min(delay * 2, 2.0)
        raise AssertionError("unreachable")

    def db_path(self) -> str:
        return str(self._call("db_path"))

    def upsert(self, batch: Sequence[Posting | dict[str, Any]], batch_id: str | None = None) -> UpsertCounts:
        result: UpsertCounts = self._call("upsert", list(batch), batch_id)
        return result

    def archive_stale(self, window: timedelta, *, sites: Collection[str] | None = None) -> int:
        return int(self._call("archive_stale", window, None if sites is None else list(sites)))

    def archive_not_seen_since(self, cutoff: datetime, *, sites: Collection[str] | None = None) -> int:
        return int(self._call("archive_not_seen_since", cutoff, None if sites is None else list(sites)))

    def archive_company_missing(self, company: str, since: datetime) -> int:
        return int(self._call("archive_company_missing", company, since))

    def update_user_fields(self, job_id: int, change: UserUpdate) -> dict[str, Any]:
        result: dict[str, Any] = self._call("update_user_fields", job_id, change)
        return result

    def start_run(self, kind: str, params: dict[str, Any]) -> int:
        """Record a run owned by this (the calling) process: if it dies, the run is interrupted."""
        return int(self._call("start_run", kind, params, process_owner()))

    def finish_run(self, run_id: int, status: str, counts: dict[str, int], errors: list[str]) -> None:
        self._call("finish_run", run_id, status, counts, errors)

    def create_search(self, search: SavedSearch) -> SavedSearchPublic:
        result: SavedSearchPublic = self._call("create_search", search)
        return result

    def update_search(self, search_id: int, change: SavedSearchUpdate) -> SavedSearchPublic:
        result: SavedSearchPublic = self._call("update_search", search_id, change)
        return result

    def delete_search(self, search_id: int) -> None:
        self._call("delete_search", search_id)

    def create_company(self, body: CompanyCreate) -> CompanyPublic:
        result: CompanyPublic = self._call("create_company", body)
        return result

    def update_company(self, company_id: int, change: CompanyUpdate) -> CompanyPublic:
        result: CompanyPublic = self._call("update_company", company_id, change)
        return result

    def delete_company(self, company_id: int) -> None:
        self._call("delete_company", company_id)

    def seed_saved(self, searches: Sequence[SavedSearch], companies: Sequence[CompanyConfig]) -> SeedCounts:
        result: SeedCounts = self._call("seed_saved", list(searches), list(companies))
        return result

    def record_last_results(
        self, run_id: int, finished_at: datetime, results: Sequence[SourceOutcome]
    ) -> int:
        return int(self._call("record_last_results", run_id, finished_at, list(results)))
