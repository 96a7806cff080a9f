"""The writer's operations, written once: what the WriterActor runs on a cluster, and what a command
runs in-process when no cluster writer owns the database.

:class:`Writer` wraps one :class:`~jobscraper.store.SyncEngine` plus the saved searches and watched
companies (:mod:`jobscraper.store.saved`) and the profiles (:mod:`jobscraper.store.profiles`). Every
public method is one operation a client may ask for;
:class:`~jobscraper.store.writer_client.WriterClient` mirrors them one for one (a unit test
checks it). Plain Python, no Ray: ``actors.writer`` makes it an actor and adds its metrics.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from typing import Any

from jobscraper.alerts.shapes import AlertPlan, ChannelPublic
from jobscraper.blocklist import BlockedPublic, BlockKind, BlockRule
from jobscraper.config import CompanyConfig, SavedSearch
from jobscraper.matching.fit_store import FitRequest, fill_in_writer
from jobscraper.matching.profile import ProfileInput, ProfilePublic
from jobscraper.posting import Posting
from jobscraper.store import alerts, liveness, profiles, saved
from jobscraper.store.blocklist_rows import add_block, remove_block, rules
from jobscraper.store.bulk_edits import BulkOutcome, apply_bulk_update
from jobscraper.store.db import Database
from jobscraper.store.edits import UserUpdate
from jobscraper.store.enrich import EnrichCounts, PendingJob, StoredExtraction
from jobscraper.store.fits import FitFill
from jobscraper.store.liveness import CheckResult, CheckTarget, LivenessCounts
from jobscraper.store.saved_shapes import (
    CompanyCreate,
    CompanyPublic,
    CompanyUpdate,
    SavedSearchPublic,
    SavedSearchUpdate,
    SeedCounts,
    SourceOutcome,
)
from jobscraper.store.sync import SyncEngine, UpsertCounts, utcnow
from jobscraper.store.vectors import StoredVector, pending_vectors, prune_vectors, store_vectors

__all__ = ["REMEMBERED_BATCHES", "BatchObserver", "Writer"]

REMEMBERED_BATCHES = 4096
BatchObserver = Callable[[float, int], object]
"""Told each committed batch's seconds and size (the actor records them as metrics)."""


class Writer:
    """The only writer of one job database; a returned result is the acknowledgement of its commit."""

    def __init__(
        self,
        db: Database,
        *,
        clock: Callable[[], datetime] = utcnow,
        on_batch: BatchObserver | None = None,
    ) -> None:
        self._engine = SyncEngine(db, clock=clock)
        self._clock = clock
        self._on_batch = on_batch
        self._db_path = str(db.path.resolve()) if db.path is not None else db.location
        self._done: OrderedDict[str, UpsertCounts] = OrderedDict()
        self._batches = 0

    def db_path(self) -> str:
        """The database this writer owns: the file, resolved; or the server's URL without its password
        (:meth:`jobscraper.store.location.DatabaseLocation.same` compares it)."""
        return self._db_path

    def ping(self) -> dict[str, Any]:
        return {"db_path": self._db_path, "batches": self._batches}

    def upsert(self, batch: Sequence[Posting | dict[str, Any]], batch_id: str | None = None) -> UpsertCounts:
        """Commit one batch; the same ``batch_id`` sent again returns the first answer."""
        if batch_id is not None and batch_id in self._done:
            return self._done[batch_id]
        started = time.perf_counter()
        counts = self._engine.upsert(batch)
        if self._on_batch is not None:
            self._on_batch(time.perf_counter() - started, len(batch))
        self._batches += 1
        if batch_id is not None:
            self._done[batch_id] = counts
            while len(self._done) > REMEMBERED_BATCHES:
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

    def update_user_fields_bulk(self, job_ids: list[int], change: UserUpdate) -> BulkOutcome:
        """One edit to many jobs, in one transaction (:mod:`jobscraper.store.bulk_edits`)."""
        with self._engine.db.writer() as conn:
            return apply_bulk_update(conn, job_ids, change, self._clock())

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

    def store_vectors(self, model_id: str, dim: int, items: list[StoredVector]) -> int:
        """Store the jobs' embeddings of ``model_id`` (see jobscraper.store.vectors); how many were stored."""
        return store_vectors(self._engine.db, model_id, dim, items)

    def pending_vectors(
        self, model_id: str, after_id: int = 0, limit: int = 64, extracted_only: bool = False
    ) -> list[dict[str, Any]]:
        """Jobs needing a vector of ``model_id`` — for a caller without the database (the coordinator)."""
        return pending_vectors(
            self._engine.db, model_id, limit=limit, after_id=after_id, extracted_only=extracted_only
        )

    def prune_vectors(self, model_id: str) -> int:
        """Delete the vectors of every model but ``model_id``; how many were deleted."""
        return prune_vectors(self._engine.db, model_id)

    def fill_fits(self, request: FitRequest) -> FitFill:
        """Score and store a profile's missing fits (see jobscraper.matching.fit_store)."""
        return fill_in_writer(self._engine.db, request)

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

    # profiles (see jobscraper.store.profiles)
    def put_profile(self, body: ProfileInput, merge: bool = False) -> ProfilePublic:
        return profiles.put_profile(self._engine.db, body, self._clock(), merge=merge)

    def activate_profile(self, name: str) -> ProfilePublic:
        return profiles.activate_profile(self._engine.db, name, self._clock())

    def delete_profile(self, name: str) -> str | None:
        return profiles.delete_profile(self._engine.db, name, self._clock())

    def active_profile(self) -> ProfilePublic | None:
        """The active profile — read by the writer for a caller without the database (a run's fits)."""
        return profiles.get_active_profile(self._engine.db)

    # liveness: are open jobs still open? (see jobscraper.store.liveness)
    def due_checks(self, min_days: float, limit: int) -> list[CheckTarget]:
        """Jobs due for a liveness check — read by the writer for a caller without the database."""
        return liveness.due_checks(self._engine.db, self._clock(), min_days=min_days, limit=limit)

    def record_checks(self, results: list[CheckResult]) -> LivenessCounts:
        """Apply liveness verdicts: two failed checks in a row close a job; what the pass did."""
        return liveness.record_checks(self._engine.db, results, self._clock())

    # the company blocklist (see jobscraper.store.blocklist_rows)
    def add_block(self, value: str, kind: BlockKind | None = None) -> BlockedPublic:
        """Add a blocklist rule (``kind`` None: guessed); the rule stored."""
        return add_block(self._engine.db, value, kind, self._clock())

    def remove_block(self, block_id: int) -> BlockedPublic:
        """Remove a blocklist rule; the rule removed."""
        return remove_block(self._engine.db, block_id)

    def block_rules(self) -> list[BlockRule]:
        """The blocklist — read by the writer for a caller without the database (a run's companies)."""
        return rules(self._engine.db)

    # alert channels and what was sent (see jobscraper.store.alerts); sending is not the writer's
    def create_alert_channel(self, name: str, url: str) -> ChannelPublic:
        return alerts.create_channel(self._engine.db, name, url, self._clock())

    def delete_alert_channel(self, key: str) -> str:
        """Remove a channel by id or name; its name."""
        return alerts.delete_channel(self._engine.db, key)

    def alert_plan(self, run_id: int, min_fit: int, saved_searches: bool) -> AlertPlan:
        """A run's alerts to send — read by the writer for a caller without the database (the coordinator)."""
        return alerts.alert_plan(self._engine.db, run_id, min_fit, saved_searches, self._clock())

    def record_alerts(self, channel_id: int, job_ids: list[int]) -> int:
        """Record jobs a channel got, so they are never sent there again; how many were new."""
        return alerts.record_alerts(self._engine.db, channel_id, job_ids, self._clock())
