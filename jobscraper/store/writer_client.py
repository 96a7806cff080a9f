"""The one client of the job database's writer, for every caller: the CLI (sync), the coordinator and
the API (async), in-process or through the cluster's WriterActor.

- The writer's operations are listed once, here, one method per public method of
  :class:`~jobscraper.store.writer.Writer` (a unit test keeps the two lists equal).
- Each method returns a :class:`WriterCall`: async code ``await``\\ s it, sync code calls
  :meth:`WriterCall.result` — one list of methods serves both.
- How a call reaches the writer is the *transport*: :class:`InProcessTransport` (a ``Writer`` in
  this process) or the Ray transport of ``actors.writer`` (the cluster's WriterActor). A transport
  names the errors that mean "no answer came back" (:attr:`WriterTransport.lost`: the actor crashed
  or restarts, the answer timed out), and returns an error the writer raised on purpose (a
  :class:`~jobscraper.errors.JobscraperError`) as itself, so callers read its message.
- A call with no answer is re-sent, with exponential backoff, up to ``attempts`` times, then the
  last error is raised. Re-sending is safe: every operation is idempotent or, for upserts,
  deduplicated by ``batch_id`` — except creating or deleting a saved search or company, whose
  re-send after a lost answer may report ``Conflict`` or ``NotFound`` for what the first call did
  (deleting a profile likewise).

Plain Python, no Ray, so the CLI writes in-process without importing Ray.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Collection, Coroutine, Generator, Sequence
from datetime import datetime, timedelta
from typing import Any, Generic, Protocol, TypeVar

from jobscraper.alerts.shapes import AlertPlan, ChannelPublic
from jobscraper.blocklist import BlockedPublic, BlockKind, BlockRule
from jobscraper.config import CompanyConfig, SavedSearch
from jobscraper.matching.fit_store import FitRequest
from jobscraper.matching.profile import ProfileInput, ProfilePublic
from jobscraper.posting import Posting
from jobscraper.store.bulk_edits import BulkOutcome
from jobscraper.store.edits import UserUpdate
from jobscraper.store.enrich import EnrichCounts, PendingJob, StoredExtraction
from jobscraper.store.fits import FitFill
from jobscraper.store.liveness import CheckResult, CheckTarget, LivenessCounts
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
from jobscraper.store.sync import UpsertCounts
from jobscraper.store.vectors import StoredVector
from jobscraper.store.writer import Writer

__all__ = ["InProcessTransport", "WriterCall", "WriterClient", "WriterTransport"]

T = TypeVar("T")


class WriterTransport(Protocol):
    """How a call reaches the writer."""

    @property
    def lost(self) -> tuple[type[BaseException], ...]:
        """The errors that mean the call got no answer (re-sending it is safe)."""
        ...

    async def send(self, method: str, args: tuple[Any, ...], timeout_s: float) -> Any:
        """Run ``method(*args)`` on the writer; its answer, or the error it raised as itself."""
        ...


class InProcessTransport:
    """A :class:`Writer` in this process: every call is answered (nothing to re-send)."""

    lost: tuple[type[BaseException], ...] = ()

    def __init__(self, writer: Writer) -> None:
        self._writer = writer

    async def send(self, method: str, args: tuple[Any, ...], timeout_s: float) -> Any:
        return getattr(self._writer, method)(*args)


class WriterCall(Generic[T]):
    """One writer call, not yet sent: ``await`` it (async code) or ``.result()`` it (sync code)."""

    __slots__ = ("_send",)

    def __init__(self, send: Callable[[], Coroutine[Any, Any, T]]) -> None:
        self._send = send

    def __await__(self) -> Generator[Any, None, T]:
        return self._send().__await__()

    def result(self) -> T:
        """Send the call and wait for its answer (from code that runs no event loop)."""
        return asyncio.run(self._send())


class WriterClient:
    """The writer's operations, each re-sent while no answer comes back (see the module docstring).

    ``in_flight`` is told +1 when a call starts and -1 when it ends (the coordinator's gauge).
    """

    def __init__(
        self,
        transport: WriterTransport,
        *,
        attempts: int = 30,
        timeout_s: float = 120.0,
        sleep: Callable[[float], Awaitable[object]] = asyncio.sleep,
        in_flight: Callable[[int], object] | None = None,
    ) -> None:
        self._transport = transport
        self._attempts = max(1, attempts)
        self._timeout_s = timeout_s
        self._sleep = sleep
        self._in_flight = in_flight

    def _call(self, method: str, *args: Any) -> WriterCall[Any]:
        return WriterCall(lambda: self._send(method, args))

    async def _send(self, method: str, args: tuple[Any, ...]) -> Any:
        if self._in_flight is not None:
            self._in_flight(+1)
        try:
            delay = 0.1
            for attempt in range(1, self._attempts + 1):
                try:
                    return await self._transport.send(method, args, self._timeout_s)
                except self._transport.lost:
                    if attempt == self._attempts:
                        raise
                    await self._sleep(delay)
                    delay = min(delay * 2, 2.0)
            raise AssertionError("unreachable")
        finally:
            if self._in_flight is not None:
                self._in_flight(-1)

    # ---------------------------------------------------------------- the operations (see Writer)
    def db_path(self) -> WriterCall[str]:
        return self._call("db_path")

    def ping(self) -> WriterCall[dict[str, Any]]:
        return self._call("ping")

    def upsert(
        self, batch: Sequence[Posting | dict[str, Any]], batch_id: str | None = None
    ) -> WriterCall[UpsertCounts]:
        return self._call("upsert", list(batch), batch_id)

    def archive_stale(self, window: timedelta, *, sites: Collection[str] | None = None) -> WriterCall[int]:
        return self._call("archive_stale", window, None if sites is None else list(sites))

    def archive_not_seen_since(
        self, cutoff: datetime, *, sites: Collection[str] | None = None
    ) -> WriterCall[int]:
        return self._call("archive_not_seen_since", cutoff, None if sites is None else list(sites))

    def archive_company_missing(self, company: str, since: datetime) -> WriterCall[int]:
        return self._call("archive_company_missing", company, since)

    def update_user_fields(self, job_id: int, change: UserUpdate) -> WriterCall[dict[str, Any]]:
        return self._call("update_user_fields", job_id, change)

    def update_user_fields_bulk(self, job_ids: list[int], change: UserUpdate) -> WriterCall[BulkOutcome]:
        return self._call("update_user_fields_bulk", list(job_ids), change)

    def start_run(self, kind: str, params: dict[str, Any]) -> WriterCall[int]:
        """Record a run owned by this (the calling) process: if it dies, the run is interrupted."""
        return self._call("start_run", kind, params, process_owner())

    def interrupt_orphaned_runs(self) -> WriterCall[list[int]]:
        return self._call("interrupt_orphaned_runs")

    def end_unheld_run(self, run_id: int, status: str, reason: str) -> WriterCall[bool]:
        return self._call("end_unheld_run", run_id, status, reason)

    def pending_extractions(self, after_id: int = 0, limit: int = 64) -> WriterCall[list[PendingJob]]:
        return self._call("pending_extractions", after_id, limit)

    def count_pending(self) -> WriterCall[int]:
        return self._call("count_pending")

    def store_extractions(self, items: Sequence[StoredExtraction]) -> WriterCall[EnrichCounts]:
        return self._call("store_extractions", list(items))

    def finish_run(
        self, run_id: int, status: str, counts: dict[str, int], errors: list[str]
    ) -> WriterCall[None]:
        return self._call("finish_run", run_id, status, counts, errors)

    def store_vectors(self, model_id: str, dim: int, items: Sequence[StoredVector]) -> WriterCall[int]:
        """Store the jobs' embeddings of ``model_id``; how many were stored."""
        return self._call("store_vectors", model_id, dim, list(items))

    def pending_vectors(
        self, model_id: str, after_id: int = 0, limit: int = 64, extracted_only: bool = False
    ) -> WriterCall[list[dict[str, Any]]]:
        """Jobs that need a vector of ``model_id`` (a cursor on the id), read by the writer;
        ``extracted_only`` leaves out those still waiting for extraction."""
        return self._call("pending_vectors", model_id, after_id, limit, extracted_only)

    def prune_vectors(self, model_id: str) -> WriterCall[int]:
        """Delete the vectors of every other model; how many."""
        return self._call("prune_vectors", model_id)

    def fill_fits(self, request: FitRequest) -> WriterCall[FitFill]:
        """Score and store a profile's missing fits (a batch of them); what was done."""
        return self._call("fill_fits", request)

    def create_search(self, search: SavedSearch) -> WriterCall[SavedSearchPublic]:
        return self._call("create_search", search)

    def update_search(self, search_id: int, change: SavedSearchUpdate) -> WriterCall[SavedSearchPublic]:
        return self._call("update_search", search_id, change)

    def delete_search(self, search_id: int) -> WriterCall[None]:
        return self._call("delete_search", search_id)

    def create_company(self, body: CompanyCreate) -> WriterCall[CompanyPublic]:
        return self._call("create_company", body)

    def update_company(self, company_id: int, change: CompanyUpdate) -> WriterCall[CompanyPublic]:
        return self._call("update_company", company_id, change)

    def delete_company(self, company_id: int) -> WriterCall[None]:
        return self._call("delete_company", company_id)

    def seed_saved(
        self, searches: Sequence[SavedSearch], companies: Sequence[CompanyConfig]
    ) -> WriterCall[SeedCounts]:
        return self._call("seed_saved", list(searches), list(companies))

    def record_last_results(
        self, run_id: int, finished_at: datetime, results: Sequence[SourceOutcome]
    ) -> WriterCall[int]:
        return self._call("record_last_results", run_id, finished_at, list(results))

    def put_profile(self, body: ProfileInput, *, merge: bool = False) -> WriterCall[ProfilePublic]:
        """Create or replace a profile (``merge``: only the fields ``body`` sets change)."""
        return self._call("put_profile", body, merge)

    def activate_profile(self, name: str) -> WriterCall[ProfilePublic]:
        return self._call("activate_profile", name)

    def delete_profile(self, name: str) -> WriterCall[str | None]:
        """Delete a profile; the name of the one active afterwards (None when none is left)."""
        return self._call("delete_profile", name)

    def active_profile(self) -> WriterCall[ProfilePublic | None]:
        """The active profile (None: none), read by the writer."""
        return self._call("active_profile")

    def due_checks(self, min_days: float, limit: int) -> WriterCall[list[CheckTarget]]:
        """Jobs due for a liveness check (see jobscraper.store.liveness), read by the writer."""
        return self._call("due_checks", min_days, limit)

    def record_checks(self, results: Sequence[CheckResult]) -> WriterCall[LivenessCounts]:
        """Apply a liveness pass's verdicts; how many stayed open, failed once, closed, were unknown."""
        return self._call("record_checks", list(results))

    def add_block(self, value: str, kind: BlockKind | None = None) -> WriterCall[BlockedPublic]:
        """Add a company blocklist rule (validated by the writer); the rule stored."""
        return self._call("add_block", value, kind)

    def remove_block(self, block_id: int) -> WriterCall[BlockedPublic]:
        """Remove a blocklist rule by id; the rule removed."""
        return self._call("remove_block", block_id)

    def block_rules(self) -> WriterCall[list[BlockRule]]:
        """The blocklist's rules, read by the writer."""
        return self._call("block_rules")

    def create_alert_channel(self, name: str, url: str) -> WriterCall[ChannelPublic]:
        """Add an alert channel (its URL checked already); it comes back masked."""
        return self._call("create_alert_channel", name, url)

    def delete_alert_channel(self, key: str) -> WriterCall[str]:
        """Remove an alert channel by id or name; its name."""
        return self._call("delete_alert_channel", key)

    def alert_plan(self, run_id: int, min_fit: int, saved_searches: bool) -> WriterCall[AlertPlan]:
        """What a run's alert step sends (see jobscraper.store.alerts), read by the writer."""
        return self._call("alert_plan", run_id, min_fit, saved_searches)

    def record_alerts(self, channel_id: int, job_ids: list[int]) -> WriterCall[int]:
        """Record jobs a channel got (never sent there again); how many were new."""
        return self._call("record_alerts", channel_id, list(job_ids))
