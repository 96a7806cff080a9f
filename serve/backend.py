"""What the Api's routes call: reads from the database, writes through the WriterActor, runs on the
ScrapeCoordinator.

Reads open the SQLite file read-only (:func:`~jobscraper.store.open_reader`) — the Api never
writes itself. User edits go to the WriterActor (``update_user_fields``), runs to the cluster's
named coordinator, both started on first use when they are not running (the writer first: it
creates and migrates the database). Blocking database reads run in a thread so the replica's
event loop keeps answering.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from sqlalchemy import select

from actors.coordinator import start_coordinator
from actors.runs import RunSpec, RunState
from actors.writer import start_writer
from jobscraper.config import Settings
from jobscraper.errors import InputError, NotFound, StoreError
from jobscraper.store import Database, JobPublic, JobQuery, SearchPage, UserUpdate, get_job, open_reader
from jobscraper.store import search_jobs as _search
from jobscraper.store.stats import JobStats, job_stats
from jobscraper.store.tables import RUN
from serve.schemas import EventPage, RunDetail, RunRequest, RunSummary, run_summary

__all__ = ["ApiBackend"]

_RUN_COLUMNS = (
    RUN.c.id,
    RUN.c.kind,
    RUN.c.status,
    RUN.c.started_at,
    RUN.c.finished_at,
    RUN.c.counts,
    RUN.c.errors,
)


class ApiBackend:
    def __init__(self, settings: Settings, *, jobspy_base_url: str | None = None) -> None:
        self._settings = settings
        self._jobspy_base_url = jobspy_base_url
        self._db: Database | None = None
        self._writer: Any = None
        self._coordinator: Any = None
        self._lock = asyncio.Lock()

    @property
    def settings(self) -> Settings:
        return self._settings

    async def _ready(self) -> None:
        async with self._lock:
            if self._writer is None:
                path = self._settings.database.path.expanduser().resolve()
                self._writer = start_writer(path, namespace=self._settings.ray.namespace)
                owned = await self._writer.db_path.remote()  # the writer has created and migrated it
                if Path(owned) != path:
                    self._writer = None
                    raise StoreError(f"this cluster's writer owns {owned}, not {path}")
                self._db = await asyncio.to_thread(open_reader, owned)
            if self._coordinator is None:
                self._coordinator = start_coordinator(self._settings, jobspy_base_url=self._jobspy_base_url)

    async def _read(self, fn: Any, *args: Any) -> Any:
        await self._ready()
        return await asyncio.to_thread(fn, self._db, *args)

    # ------------------------------------------------------------------ jobs
    async def jobs(self, query: JobQuery) -> SearchPage:
        page: SearchPage = await self._read(_search, query)
        return page

    async def job(self, job_id: int) -> JobPublic:
        job: JobPublic = await self._read(get_job, job_id)
        return job

    async def update_job(self, job_id: int, change: UserUpdate) -> JobPublic:
        await self._ready()
        await self._writer.update_user_fields.remote(job_id, change)
        return await self.job(job_id)

    async def stats(self, days: int) -> JobStats:
        stats: JobStats = await self._read(lambda db: job_stats(db, days=days))
        return stats

    # ------------------------------------------------------------------ runs
    def _spec(self, body: RunRequest) -> RunSpec:
        saved_searches = {s.name: s for s in self._settings.searches}
        saved_companies = {c.name: c for c in self._settings.companies}
        unknown = [n for n in body.searches if n not in saved_searches]
        unknown += [n for n in body.companies if n not in saved_companies]
        if unknown:
            raise InputError(f"no saved search or company named {', '.join(map(repr, unknown))}")
        searches = [saved_searches[n] for n in body.searches]
        companies = [saved_companies[n] for n in body.companies]
        if body.all_saved:
            searches += [s for s in self._settings.searches if s.enabled and s not in searches]
            companies += [c for c in self._settings.companies if c.enabled and c not in companies]
        if body.search is not None:
            searches.append(body.search)
        if body.company is not None:
            companies.append(body.company)
        spec = RunSpec(searches=searches, companies=companies, archive_missing=body.archive_missing)
        if not spec.tasks():
            raise InputError("nothing to scrape: the saved searches and companies named are disabled")
        return spec

    async def start_run(self, body: RunRequest) -> RunDetail:
        spec = self._spec(body)
        await self._ready()
        run_id = int(await self._coordinator.start_run.remote(spec, "scrape"))
        return await self.run(run_id)

    async def runs(self, limit: int) -> list[RunSummary]:
        rows = await self._read(_run_rows, None, limit)
        live = {s.run_id: s for s in await self._coordinator.runs.remote()}
        return [_overlay(run_summary(r), live.get(r["id"])) for r in rows]

    async def run(self, run_id: int) -> RunDetail:
        rows = await self._read(_run_rows, run_id, 1)
        if not rows:
            raise NotFound(f"no run with id {run_id}")
        state: RunState | None = await self._coordinator.find.remote(run_id)
        detail = RunDetail.model_validate(run_summary(rows[0]).model_dump())
        if state is None:
            return detail
        events = await self._coordinator.events.remote(run_id, 0)
        detail = RunDetail.model_validate(
            {
                **_overlay(detail, state).model_dump(),
                "sources": list(state.sources.values()),
                "extraction": state.extraction,
                "archived": state.archived,
                "last_event": events[-1].n if events else 0,
            }
        )
        return detail

    async def events(self, run_id: int, after: int) -> EventPage:
        detail = await self.run(run_id)
        events = await self._coordinator.events.remote(run_id, after) if detail.live else []
        return EventPage(run_id=run_id, events=events, live=detail.live, status=detail.status)

    async def cancel(self, run_id: int) -> RunDetail:
        detail = await self.run(run_id)
        if not detail.live:
            if detail.status == "running":  # a run its coordinator lost (it was restarted)
                raise InputError(f"run {run_id} is not held by the running coordinator: cannot cancel it")
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
