"""What the Api's routes call: reads from the database, writes through the WriterActor, runs on the
ScrapeCoordinator.

Reads open the database read-only (:func:`~jobscraper.store.open_reader`: the SQLite file, or the
PostgreSQL database of ``database.url``) — the Api never writes itself. User edits and changes
to saved searches and watched companies go to the WriterActor, runs to the cluster's named
coordinator, both started on first use when they are not running (the writer first: it creates
and migrates the database, then the config's searches and companies are seeded into it once).
Runs name saved searches and companies from the database.
Blocking database reads run in a thread so the replica's event loop keeps answering. The profile
routes' work lives in :mod:`serve.profile_backend` (a mixin of :class:`ApiBackend`).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select

from actors.bootstrap import bootstrap
from actors.coordinator import start_coordinator
from actors.runs import RunSpec, RunState
from actors.writer import start_writer
from jobscraper.config import SavedSearch, Settings
from jobscraper.errors import Conflict, InputError, NotFound
from jobscraper.matching.shapes import FitJob, FitPage, SimilarJob
from jobscraper.store import Database, JobQuery, UserUpdate, open_reader, saved
from jobscraper.store.bulk_edits import BulkOutcome
from jobscraper.store.saved_shapes import (
    CompanyCreate,
    CompanyDetection,
    CompanyPublic,
    CompanyUpdate,
    SavedSearchPublic,
    SavedSearchUpdate,
)
from jobscraper.store.stats import JobStats, job_stats
from jobscraper.store.tables import RUN
from jobscraper.store.writer_client import WriterClient
from serve.job_fit import FitCache, listed_job, listed_page, similar
from serve.profile_backend import ProfileBackend
from serve.profile_match import MeaningLoader
from serve.schemas import EventPage, RunDetail, RunRequest, RunSummary, run_summary

__all__ = ["ApiBackend", "RunInProgress"]

log = logging.getLogger(__name__)

_RUN_COLUMNS = (
    RUN.c.id,
    RUN.c.kind,
    RUN.c.status,
    RUN.c.started_at,
    RUN.c.finished_at,
    RUN.c.counts,
    RUN.c.errors,
)


class RunInProgress(Conflict):
    """A run was asked for entries a live run is already scraping; ``run_id`` names that run."""

    def __init__(self, run_id: int, entries: list[str]) -> None:
        super().__init__(
            f"run {run_id} is already scraping {', '.join(entries)}: wait for it, or cancel it first"
        )
        self.run_id = run_id


@dataclass(frozen=True)
class _Parts:
    """What the backend needs, all started: set in one step, so a request sees all or nothing."""

    writer: WriterClient
    db: Database
    coordinator: Any


class ApiBackend(ProfileBackend):
    """The Api's collaborators, started on first use.

    Start-up (:func:`actors.bootstrap.bootstrap`: the writer, the seeding of the config's entries,
    the coordinator; then the read-only database) runs as one task that every request awaits
    through :func:`asyncio.shield`: a request abandoned during a cold start cancels only its own
    wait, never the start-up, and the parts are recorded only once all of them are ready. A
    start-up that failed is reported by :attr:`failure` (``/healthz`` says "degraded") and tried
    again by the next request.
    ``start_writer``, ``start_coordinator`` and ``open_reader`` are the production defaults, as is
    ``meaning`` (the embedding model and the job vectors, loaded on the first match or the first
    job list while a profile with a résumé is active); tests pass fakes.
    """

    def __init__(
        self,
        settings: Settings,
        *,
        start_writer: Callable[..., Any] = start_writer,
        start_coordinator: Callable[..., Any] = start_coordinator,
        open_reader: Callable[[Path | str], Database] = open_reader,
        meaning: MeaningLoader | None = None,
    ) -> None:
        self._settings = settings
        self._meaning = meaning or MeaningLoader()
        self._fits = FitCache(self._meaning)
        self._start_writer = start_writer
        self._start_coordinator = start_coordinator
        self._open_reader = open_reader
        self._parts: _Parts | None = None
        self._startup: asyncio.Task[_Parts] | None = None
        self._failure: str | None = None
        self._live_rows: dict[int, dict[str, Any]] = {}
        self._run_lock = asyncio.Lock()

    @property
    def settings(self) -> Settings:
        return self._settings

    @property
    def demo(self) -> bool:
        """Whether the bundled demo board stands in for the job boards."""
        return self._settings.scraping.jobspy_base_url is not None

    @property
    def failure(self) -> str | None:
        """Why the last start-up failed (None: it has not failed, or a later one succeeded)."""
        return self._failure

    @property
    def _db(self) -> Database:
        assert self._parts is not None, "used before _ready()"
        return self._parts.db

    @property
    def _writer(self) -> WriterClient:
        assert self._parts is not None, "used before _ready()"
        return self._parts.writer

    @property
    def _coordinator(self) -> Any:
        assert self._parts is not None, "used before _ready()"
        return self._parts.coordinator

    async def _ready(self) -> None:
        if self._parts is not None:
            return
        if self._startup is None or self._startup.done():  # the first start, or a retry after a failure
            self._startup = asyncio.get_running_loop().create_task(self._start())
        await asyncio.shield(self._startup)

    async def _start(self) -> _Parts:
        try:
            started = await bootstrap(
                self._settings, start_writer=self._start_writer, start_coordinator=self._start_coordinator
            )
            db = await asyncio.to_thread(self._open_reader, started.location.target)
        except Exception as exc:  # recorded for /healthz, and raised to the request that waits
            self._failure = f"start-up failed: {exc}"
            log.error("the Api's start-up failed: %s", exc)
            raise
        self._parts = _Parts(started.writer, db, started.coordinator)
        self._failure = None
        return self._parts

    async def _read(self, fn: Any, *args: Any) -> Any:
        await self._ready()
        return await asyncio.to_thread(fn, self._db, *args)

    async def _writes(self) -> WriterClient:
        """The writer's client, once started (an error it raised on purpose comes back as itself)."""
        await self._ready()
        return self._writer

    # ------------------------------------------------------------------ jobs
    async def jobs(self, query: JobQuery) -> FitPage:
        """A page of jobs with their fit for the active profile, or ranked by it (:mod:`serve.job_fit`)."""
        page: FitPage = await self._read(listed_page, self._settings, self._fits, query)
        self._store_missing_fits(page.fit_profile is not None)  # in the background (profile_backend)
        return page

    async def job(self, job_id: int) -> FitJob:
        job: FitJob = await self._read(listed_job, self._settings, self._fits, job_id)
        self._store_missing_fits(job.fit is not None)
        return job

    async def similar_jobs(self, job_id: int, limit: int) -> list[SimilarJob]:
        """The visible jobs closest in meaning to job ``job_id``, best first."""
        found: list[SimilarJob] = await self._read(similar, self._settings, self._fits, job_id, limit)
        return found

    async def update_job(self, job_id: int, change: UserUpdate) -> FitJob:
        await (await self._writes()).update_user_fields(job_id, change)
        return await self.job(job_id)

    async def update_jobs(self, job_ids: list[int], change: UserUpdate) -> BulkOutcome:
        """One edit to many jobs in one writer call (``POST /api/jobs/bulk``)."""
        outcome: BulkOutcome = await (await self._writes()).update_user_fields_bulk(job_ids, change)
        return outcome

    async def stats(self, days: int) -> JobStats:
        stats: JobStats = await self._read(lambda db: job_stats(db, days=days))
        return stats

    # -------------------------------------------------------------- searches
    async def searches(self) -> list[SavedSearchPublic]:
        found: list[SavedSearchPublic] = await self._read(saved.list_searches)
        return found

    async def search(self, search_id: int) -> SavedSearchPublic:
        found: SavedSearchPublic = await self._read(saved.get_search, search_id)
        return found

    def _check_interval(self, interval_s: int | None) -> None:
        least = self._settings.scheduler.min_interval_s
        if interval_s is not None and interval_s < least:
            raise InputError(
                f"interval_s {interval_s} is below the shortest interval allowed, {least} s "
                "(scheduler.min_interval_s): job boards ban scrapers that ask too often"
            )

    async def create_search(self, body: SavedSearch) -> SavedSearchPublic:
        self._check_interval(body.interval_s)
        return await (await self._writes()).create_search(body)

    async def update_search(self, search_id: int, change: SavedSearchUpdate) -> SavedSearchPublic:
        self._check_interval(change.interval_s)
        return await (await self._writes()).update_search(search_id, change)

    async def delete_search(self, search_id: int) -> None:
        await (await self._writes()).delete_search(search_id)

    # ------------------------------------------------------------- companies
    async def companies(self) -> list[CompanyPublic]:
        found: list[CompanyPublic] = await self._read(saved.list_companies)
        return found

    async def company(self, company_id: int) -> CompanyPublic:
        found: CompanyPublic = await self._read(saved.get_company, company_id)
        return found

    async def create_company(self, body: CompanyCreate) -> CompanyPublic:
        self._check_interval(body.interval_s)
        return await (await self._writes()).create_company(body)

    async def update_company(self, company_id: int, change: CompanyUpdate) -> CompanyPublic:
        self._check_interval(change.interval_s)
        return await (await self._writes()).update_company(company_id, change)

    async def delete_company(self, company_id: int) -> None:
        await (await self._writes()).delete_company(company_id)

    async def detect_company(self, url: str) -> CompanyDetection:
        return saved.detect_company(url)

    # ------------------------------------------------------------------ runs
    async def _spec(self, body: RunRequest) -> RunSpec:
        """What the body asks to scrape. Every company URL but the config file's own came in over
        HTTP, so it is marked for the scrape to check (``CompanyConfig.url_from_api``)."""
        own = {c.url for c in self._settings.companies}
        searches, companies = await self._read(
            lambda db: saved.saved_for_run(
                db, body.searches, body.companies, all_enabled=body.all_saved, trusted_urls=own
            )
        )
        if body.search is not None:
            searches.append(body.search)
        if body.company is not None:
            companies.append(body.company.model_copy(update={"url_from_api": True}))
        spec = RunSpec(searches=searches, companies=companies, archive_missing=body.archive_missing)
        if not spec.tasks():
            raise InputError("nothing to scrape: the saved searches and companies named are disabled")
        return spec

    async def start_run(self, body: RunRequest) -> RunDetail:
        """Start a run; :class:`RunInProgress` (409) when a live run already scrapes any of the same
        searches or companies (a second click must not double the load on the boards)."""
        spec = await self._spec(body)
        wanted = set(spec.entry_keys())
        async with self._run_lock:  # the check and the start, one request at a time
            for state in await self._coordinator.runs.remote():
                shared = sorted(wanted.intersection(state.entries))
                if state.status == "running" and shared:
                    raise RunInProgress(state.run_id, shared)
            run_id = int(await self._coordinator.start_run.remote(spec, "scrape"))
        # with the events so far: a run's first events (its sources starting) are on screen with the
        # answer, not one poll later (issue 17)
        return await self.run(run_id, events_after=0)

    async def runs(self, limit: int) -> list[RunSummary]:
        rows = await self._read(_run_rows, None, limit)
        live = {s.run_id: s for s in await self._coordinator.runs.remote()}
        return [_overlay(run_summary(r), live.get(r["id"])) for r in rows]

    async def _run_row(self, run_id: int) -> dict[str, Any]:
        """The run's database record; kept for runs the coordinator holds (their id, kind and start
        do not change, the live figures come from the coordinator), so a poll costs no read."""
        row = self._live_rows.get(run_id)
        if row is None:
            rows = await self._read(_run_rows, run_id, 1)
            if not rows:
                raise NotFound(f"no run with id {run_id}")
            row = rows[0]
        return row

    async def run(self, run_id: int, events_after: int | None = None, wait_s: float = 0.0) -> RunDetail:
        """A progress snapshot; with ``events_after`` also the events after that number, and with
        ``wait_s`` a long poll (see ``ScrapeCoordinator.progress``) — one coordinator call."""
        row = await self._run_row(run_id)
        await self._ready()
        state, events, last = await self._coordinator.progress.remote(
            run_id, events_after or 0, wait_s if events_after is not None else 0.0
        )
        detail = RunDetail.model_validate(run_summary(row).model_dump())
        if state is None:
            self._live_rows.pop(run_id, None)
            return detail
        self._live_rows[run_id] = row
        if len(self._live_rows) > 64:  # runs long over
            self._live_rows.pop(next(iter(self._live_rows)))
        return RunDetail.model_validate(
            {
                **_overlay(detail, state).model_dump(),
                "sources": list(state.sources.values()),
                "extraction": state.extraction,
                "embedding": state.embedding,
                "archived": state.archived,
                "closed": state.liveness.closed,
                "last_event": last,
                "events": events if events_after is not None else [],
            }
        )

    async def events(self, run_id: int, after: int) -> EventPage:
        detail = await self.run(run_id, events_after=after)
        return EventPage(run_id=run_id, events=detail.events, live=detail.live, status=detail.status)

    async def cancel(self, run_id: int) -> RunDetail:
        """Stop a live run; a run that says "running" but that no coordinator holds (its process
        died, or the coordinator was restarted) is ended as cancelled in the database instead."""
        detail = await self.run(run_id)
        if not detail.live:
            if detail.status == "running":
                reason = "cancelled: no running coordinator held it (the process running it had ended)"
                await (await self._writes()).end_unheld_run(run_id, "cancelled", reason)
                self._live_rows.pop(run_id, None)
                return await self.run(run_id)
            return detail
        await self._coordinator.cancel.remote(run_id)
        return await self.run(run_id)


def _run_rows(db: Database, run_id: int | None, limit: int) -> list[dict[str, Any]]:
    stmt = select(*_RUN_COLUMNS).order_by(RUN.c.id.desc()).limit(limit)
    if run_id is not None:
        stmt = stmt.where(RUN.c.id == run_id)
    with db.reader() as conn:
        return [dict(row._mapping) for row in conn.execute(stmt)]


def _overlay(summary: RunSummary, state: RunState | None) -> RunSummary:
    """The database's record, with the coordinator's live figures when it holds the run."""
    if state is None:
        return summary
    return summary.model_copy(
        update={
            "status": state.status,
            "finished_at": state.finished_at,
            "counts": state.totals(),
            "errors": [f"{s.label}: {e}" for s in state.sources.values() for e in s.errors],
            "live": True,
        }
    )
