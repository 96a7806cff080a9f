"""The sync engine: the one place that writes scraped postings into the job database.

``upsert(batch)`` is idempotent and never writes a user field. For each posting, by its
canonical URL (see :mod:`jobscraper.store.identity`):

- source known, content hash equal → **unchanged**: last_seen bumped, un-archived, reopened if a
  liveness check had closed it (:mod:`jobscraper.store.liveness`);
- source known, content hash differs → **updated**: the job's scraped fields take the new values
  (a value the source no longer gives is kept, not blanked), content_hash/updated_at move;
- source unknown but its duplicate key names an existing job (or one earlier in the batch) →
  **merged duplicate**: a new JobSource row on that job; empty job fields are filled in;
- otherwise → **inserted**: a new Job and its first JobSource.

Each batch is one transaction of a handful of set-based statements (SQLAlchemy Core
``executemany``), not row-by-row ORM work. A URL repeated within one batch counts once.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from pydantic import BaseModel
from sqlalchemy import Connection, and_, bindparam, case, exists, func, insert, select, update

from jobscraper.models import SCRAPED_FIELDS
from jobscraper.posting import Posting
from jobscraper.store.db import Database, insert_ignoring
from jobscraper.store.edits import UserUpdate, apply_user_update
from jobscraper.store.enrich import (
    EnrichCounts,
    PendingJob,
    StoredExtraction,
    count_pending,
    pending_extractions,
    store_extractions,
)
from jobscraper.store.identity import (
    canonical_url,
    content_hash,
    dedup_key,
    normalize_company,
)
from jobscraper.store.runs import OWNER_KEY, end_unheld_run, interrupt_orphaned_runs, process_owner
from jobscraper.store.tables import COMPANY, JOB, RUN, SOURCE

__all__ = ["SyncEngine", "UpsertCounts", "utcnow"]


_IN_CHUNK = 900  # bound parameters per IN (...) list, well under SQLite's limit
# a job a scrape lists again is open, whatever its page said before (jobscraper.store.liveness)
_REOPENED: dict[str, Any] = {"closed_at": None, "closed_reason": None, "failed_checks": 0}


def utcnow() -> datetime:
    """The production clock: aware UTC now."""
    return datetime.now(UTC)


class UpsertCounts(BaseModel):
    """What one upsert did. ``inserted + updated + unchanged + merged_duplicates`` = distinct URLs."""

    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    merged_duplicates: int = 0

    def __add__(self, other: UpsertCounts) -> UpsertCounts:
        return UpsertCounts(
            inserted=self.inserted + other.inserted,
            updated=self.updated + other.updated,
            unchanged=self.unchanged + other.unchanged,
            merged_duplicates=self.merged_duplicates + other.merged_duplicates,
        )

    @property
    def total(self) -> int:
        return self.inserted + self.updated + self.unchanged + self.merged_duplicates


@dataclass(slots=True)
class _Item:
    posting: Posting
    url: str
    key: str
    hash: str


def _chunks(values: Sequence[Any]) -> Iterable[Sequence[Any]]:
    for start in range(0, len(values), _IN_CHUNK):
        yield values[start : start + _IN_CHUNK]


_POSTING_SCRAPED = tuple(name for name in SCRAPED_FIELDS if name in Posting.model_fields)


def _scraped_values(p: Posting) -> dict[str, Any]:
    values = {name: getattr(p, name) for name in _POSTING_SCRAPED}
    values["salary_annual_min"] = p.salary_annual_min
    values["salary_annual_max"] = p.salary_annual_max
    return values


def _without_nul(p: Posting) -> Posting:
    """The posting without NUL characters in its text: PostgreSQL's text cannot hold them (SQLite's
    can), and one would fail the whole batch."""
    dropped = {
        name: value.replace("\x00", "") for name, value in p if isinstance(value, str) and "\x00" in value
    }
    return p.model_copy(update=dropped) if dropped else p


class SyncEngine:
    """Writes postings, archives stale jobs, records runs. Used in-process or by WriterActor."""

    def __init__(self, db: Database, clock: Callable[[], datetime] = utcnow) -> None:
        self._db = db
        self._clock = clock

    @property
    def db(self) -> Database:
        return self._db

    # ------------------------------------------------------------------ upsert
    def upsert(self, batch: Iterable[Posting | dict[str, Any]], batch_id: str | None = None) -> UpsertCounts:
        """Insert or update a batch of postings in one transaction; see the module docstring.

        ``batch_id`` is accepted for symmetry with WriterActor (which deduplicates re-sent
        batches by it); in-process there is no re-sending, and upserts are idempotent anyway.
        """
        items: dict[str, _Item] = {}
        no_nul = self._db.dialect != "sqlite"
        for raw in batch:
            posting = raw if isinstance(raw, Posting) else Posting.model_validate(raw)
            if no_nul:
                posting = _without_nul(posting)
            url = canonical_url(posting.job_url)
            items[url] = _Item(posting, url, dedup_key(posting), content_hash(posting))
        if not items:
            return UpsertCounts()
        now = self._clock()
        with self._db.writer() as conn:
            return self._upsert(conn, list(items.values()), now)

    def _upsert(self, conn: Connection, items: list[_Item], now: datetime) -> UpsertCounts:
        counts = UpsertCounts()
        known: dict[str, Any] = {}
        for chunk in _chunks([i.url for i in items]):
            rows = conn.execute(
                select(SOURCE.c.url, SOURCE.c.id, SOURCE.c.job_id, SOURCE.c.content_hash).where(
                    SOURCE.c.url.in_(chunk)
                )
            )
            known.update({r.url: r for r in rows})

        fresh = [i for i in items if i.url not in known]
        job_by_key: dict[str, int] = {}
        for chunk in _chunks(sorted({i.key for i in fresh})):
            rows = conn.execute(select(JOB.c.dedup_key, JOB.c.id).where(JOB.c.dedup_key.in_(chunk)))
            job_by_key.update({r.dedup_key: r.id for r in rows})

        unchanged_sources: list[int] = []
        touched_jobs: list[int] = []
        changed: list[tuple[_Item, Any]] = []
        for item in items:
            row = known.get(item.url)
            if row is None:
                continue
            if row.content_hash == item.hash:
                counts.unchanged += 1
                unchanged_sources.append(row.id)
                touched_jobs.append(row.job_id)
            else:
                counts.updated += 1
                changed.append((item, row))

        new_jobs: dict[str, _Item] = {}
        merged: list[_Item] = []
        for item in fresh:
            if item.key in job_by_key or item.key in new_jobs:
                merged.append(item)
            else:
                new_jobs[item.key] = item
        counts.inserted = len(new_jobs)
        counts.merged_duplicates = len(merged)

        company_ids = self._company_ids(conn, [i.posting for i in new_jobs.values()], now)
        if new_jobs:
            job_rows = [self._new_job_row(i, now, company_ids) for i in new_jobs.values()]
            # Rows come back matched by dedup_key, so no parameter order is needed — asking for it
            # makes SQLAlchemy insert one row per statement on SQLite.
            result = conn.execute(insert(JOB).returning(JOB.c.id, JOB.c.dedup_key), job_rows)
            job_by_key.update({r.dedup_key: r.id for r in result})

        source_rows = [self._source_row(i, job_by_key[i.key], now) for i in (*new_jobs.values(), *merged)]
        if source_rows:
            conn.execute(insert(SOURCE), source_rows)
        if merged:
            self._fill_in(conn, merged, job_by_key, now)
        if changed:
            self._apply_changes(conn, changed, now)
        if unchanged_sources:
            for chunk in _chunks(unchanged_sources):
                conn.execute(update(SOURCE).where(SOURCE.c.id.in_(chunk)).values(last_seen=now))
        if touched_jobs:
            for chunk in _chunks(sorted(set(touched_jobs))):
                reopened = {"last_seen": now, "archived_at": None, **_REOPENED}
                conn.execute(update(JOB).where(JOB.c.id.in_(chunk)).values(reopened))
        return counts

    def _company_ids(self, conn: Connection, postings: list[Posting], now: datetime) -> dict[str, int]:
        names: dict[str, str] = {}
        for p in postings:
            norm = normalize_company(p.company)
            if norm and p.company:
                names.setdefault(norm, p.company)
        if not names:
            return {}
        conn.execute(
            insert_ignoring(conn, COMPANY, ["normalized_name"]),
            [{"name": n, "normalized_name": k, "enabled": True, "created_at": now} for k, n in names.items()],
        )
        ids: dict[str, int] = {}
        for chunk in _chunks(list(names)):
            rows = conn.execute(
                select(COMPANY.c.normalized_name, COMPANY.c.id).where(COMPANY.c.normalized_name.in_(chunk))
            )
            ids.update({r.normalized_name: r.id for r in rows})
        return ids

    @staticmethod
    def _new_job_row(item: _Item, now: datetime, company_ids: dict[str, int]) -> dict[str, Any]:
        p = item.posting
        row = _scraped_values(p)
        row.update(
            dedup_key=item.key,
            content_hash=item.hash,
            first_seen=now,
            last_seen=now,
            updated_at=now,
            archived_at=None,
            site=p.site,
            job_url=p.job_url,
            company_id=company_ids.get(normalize_company(p.company)),
            favorite=False,
            notes="",
            status="new",
            hidden=False,
        )
        return row

    @staticmethod
    def _source_row(item: _Item, job_id: int, now: datetime) -> dict[str, Any]:
        p = item.posting
        return {
            "job_id": job_id,
            "url": item.url,
            "job_url": p.job_url,
            "job_url_direct": p.job_url_direct,
            "site": p.site or "unknown",
            "external_id": p.id,
            "content_hash": item.hash,
            "first_seen": now,
            "last_seen": now,
        }

    @staticmethod
    def _fill_in(conn: Connection, merged: list[_Item], job_by_key: dict[str, int], now: datetime) -> None:
        """A duplicate from another source fills the job's empty fields; it overwrites nothing."""
        fields = SCRAPED_FIELDS
        stmt = (
            update(JOB)
            .where(JOB.c.id == bindparam("b_id"))
            .values(
                {f: func.coalesce(JOB.c[f], bindparam(f"b_{f}", type_=JOB.c[f].type)) for f in fields}
                | {"last_seen": bindparam("b_now"), "archived_at": None, **_REOPENED}
            )
        )
        params = []
        for item in merged:
            values = _scraped_values(item.posting)
            params.append(
                {f"b_{f}": values.get(f) for f in fields} | {"b_id": job_by_key[item.key], "b_now": now}
            )
        conn.execute(stmt, params)

    @staticmethod
    def _apply_changes(conn: Connection, changed: list[tuple[_Item, Any]], now: datetime) -> None:
        """New content from a known source: its values win, but a value it dropped is kept.

        The job's duplicate key follows a renamed title/company/location, so the renamed job
        still meets its copy on another board — unless another job already holds that key.
        """
        other = JOB.alias("other")
        key_taken = exists().where(and_(other.c.dedup_key == bindparam("b_key"), other.c.id != JOB.c.id))
        job_stmt = (
            update(JOB)
            .where(JOB.c.id == bindparam("b_id"))
            .values(
                {f: func.coalesce(bindparam(f"b_{f}", type_=JOB.c[f].type), JOB.c[f]) for f in SCRAPED_FIELDS}
                | {
                    "dedup_key": case((key_taken, JOB.c.dedup_key), else_=bindparam("b_key")),
                    "content_hash": bindparam("b_hash"),
                    "updated_at": bindparam("b_now"),
                    "last_seen": bindparam("b_now"),
                    "archived_at": None,
                    **_REOPENED,
                }
            )
        )
        job_params = []
        source_params = []
        for item, row in changed:
            values = _scraped_values(item.posting)
            job_params.append(
                {f"b_{f}": values.get(f) for f in SCRAPED_FIELDS}
                | {"b_key": item.key, "b_hash": item.hash, "b_now": now, "b_id": row.job_id}
            )
            source_params.append(
                {
                    "b_id": row.id,
                    "b_hash": item.hash,
                    "b_now": now,
                    "b_direct": item.posting.job_url_direct,
                    "b_ext": item.posting.id,
                }
            )
        conn.execute(job_stmt, job_params)
        conn.execute(
            update(SOURCE)
            .where(SOURCE.c.id == bindparam("b_id"))
            .values(
                content_hash=bindparam("b_hash"),
                last_seen=bindparam("b_now"),
                job_url_direct=func.coalesce(bindparam("b_direct"), SOURCE.c.job_url_direct),
                external_id=func.coalesce(bindparam("b_ext"), SOURCE.c.external_id),
            ),
            source_params,
        )

    # ----------------------------------------------------------------- archive
    def archive_stale(self, window: timedelta, *, sites: Collection[str] | None = None) -> int:
        """Archive jobs no scrape has seen within ``window``; returns how many. Never deletes."""
        return self.archive_not_seen_since(self._clock() - window, sites=sites)

    def archive_not_seen_since(self, cutoff: datetime, *, sites: Collection[str] | None = None) -> int:
        """Archive jobs (optionally only those with a source on ``sites``) last seen before ``cutoff``."""
        conditions = [JOB.c.archived_at.is_(None), JOB.c.last_seen < cutoff]
        if sites is not None:
            if not sites:
                return 0
            conditions.append(JOB.c.id.in_(select(SOURCE.c.job_id).where(SOURCE.c.site.in_(list(sites)))))
        with self._db.writer() as conn:
            result = conn.execute(update(JOB).where(and_(*conditions)).values(archived_at=self._clock()))
            return int(result.rowcount or 0)

    def archive_company_missing(self, company: str, since: datetime) -> int:
        """Archive ``company``'s jobs not seen since ``since`` (its full listing no longer has them)."""
        norm = normalize_company(company)
        if not norm:
            return 0
        ids = select(COMPANY.c.id).where(COMPANY.c.normalized_name == norm).scalar_subquery()
        with self._db.writer() as conn:
            result = conn.execute(
                update(JOB)
                .where(JOB.c.company_id == ids, JOB.c.archived_at.is_(None), JOB.c.last_seen < since)
                .values(archived_at=self._clock())
            )
            return int(result.rowcount or 0)

    # -------------------------------------------------------------- enrichment
    def pending_extractions(self, after_id: int = 0, limit: int = 64) -> list[PendingJob]:
        """Jobs that need extraction, in id order after ``after_id`` (see :mod:`.enrich`)."""
        return pending_extractions(self._db, after_id=after_id, limit=limit)

    def count_pending(self) -> int:
        return count_pending(self._db)

    def store_extractions(self, items: Sequence[StoredExtraction]) -> EnrichCounts:
        """Store extraction results (enrichment fields only, guarded by the content hash)."""
        return store_extractions(self._db, items, self._clock)

    # -------------------------------------------------------------------- user
    def update_user_fields(self, job_id: int, change: UserUpdate) -> dict[str, Any]:
        """Apply a user's edit to one job (the only write of user fields); NotFound if no such job."""
        with self._db.writer() as conn:
            return apply_user_update(conn, job_id, change, self._clock())

    # -------------------------------------------------------------------- runs
    def start_run(self, kind: str, params: dict[str, Any], owner: dict[str, Any] | None = None) -> int:
        """Record that a scrape or import started; returns its run id. ``owner`` is the process that
        runs it (default: this one), so a run whose process died can be told apart (:mod:`.runs`)."""
        with self._db.writer() as conn:
            result = conn.execute(
                insert(RUN).values(
                    kind=kind,
                    status="running",
                    started_at=self._clock(),
                    params={**params, OWNER_KEY: owner if owner is not None else process_owner()},
                    counts={},
                    errors=[],
                )
            )
            assert result.inserted_primary_key is not None
            return int(result.inserted_primary_key[0])

    def interrupt_orphaned_runs(self) -> list[int]:
        """End as ``interrupted`` the running runs whose process is gone (see :mod:`.runs`)."""
        return interrupt_orphaned_runs(self._db, self._clock())

    def end_unheld_run(self, run_id: int, status: str, reason: str) -> bool:
        """End a running run that no coordinator holds (the API's cancel of an orphan)."""
        return end_unheld_run(self._db, run_id, status, reason, self._clock())

    def finish_run(self, run_id: int, status: str, counts: dict[str, int], errors: list[str]) -> None:
        """Record how a run ended (``done``, ``failed``, ``cancelled`` or ``interrupted``) with its
        counts and errors."""
        with self._db.writer() as conn:
            conn.execute(
                update(RUN)
                .where(RUN.c.id == run_id)
                .values(
                    status=status,
                    finished_at=self._clock(),
                    counts=counts,
                    errors=errors[:1000],
                )
            )
