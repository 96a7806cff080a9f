"""``ix_job_pending_extraction`` (migration 0021): the jobs waiting for extraction in an index of
their own, so the extraction pass's pages and the pending count read those jobs, not every job.

A partial index is used only for a query whose condition is the index's own, word for word: the
tests check that ``needs_extraction`` still is, that both planners take the index for the pass's
page and the count, and that the migration goes down and up keeping the jobs.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

from jobrows import add_job
from sqlalchemy import inspect, text
from sqlalchemy.dialects import sqlite

from jobscraper.extraction import SCHEMA_VERSION, ExtractionResult
from jobscraper.models import PENDING_EXTRACTION
from jobscraper.store import Database, SyncEngine
from jobscraper.store.enrich import StoredExtraction, needs_extraction
from jobscraper.store.stats import job_stats
from tests.alembic_steps import migrate
from tests.query_plans import plan, recorded

MakePosting = Callable[..., dict[str, Any]]
_0021: Any = importlib.import_module("jobscraper.store.migrations.versions.0021_pending_extraction_index")
INDEX = "ix_job_pending_extraction"


def test_the_condition_is_the_index_predicate_word_for_word() -> None:
    """Bumping the extraction schema's version without a migration that recreates the index
    would leave the index unused (every pass a scan again): this fails first."""
    compiled = str(needs_extraction().compile(dialect=sqlite.dialect())).replace("job.", "")
    assert compiled == PENDING_EXTRACTION == _0021.PENDING
    assert SCHEMA_VERSION == _0021.EXTRACTION_VERSION


def _extract_all_but(sync: SyncEngine, keep: int) -> list[int]:
    """Store an extraction for every pending job but the newest ``keep``; their ids."""
    pending = sync.pending_extractions(limit=10_000)
    done, left = pending[: len(pending) - keep], pending[len(pending) - keep :]
    items = [
        StoredExtraction(
            job_id=p.id, content_hash=p.content_hash, result=ExtractionResult(id=str(p.id), engine="t")
        )
        for p in done
    ]
    assert sync.store_extractions(items).stored == len(done)
    return [p.id for p in left]


def test_the_pass_and_the_counts_read_the_pending_jobs_index(
    either_db: Database, make_posting: MakePosting
) -> None:
    db = either_db
    sync = SyncEngine(db)
    for n in range(30):
        add_job(sync, make_posting(title=f"Engineer {n}"))
    left = _extract_all_but(sync, 2)
    with recorded(db, "extraction_version") as seen:
        assert [p.id for p in sync.pending_extractions(limit=64)] == left
        assert sync.count_pending() == 2
        assert job_stats(db).totals["pending_extraction"] == 2
    assert len(seen) == 3
    for statement, params in seen:
        assert INDEX in plan(db, statement, params), statement


def test_0021_goes_down_and_up_keeping_the_jobs(either_db: Database, make_posting: MakePosting) -> None:
    db = either_db
    sync = SyncEngine(db)
    job = add_job(sync, make_posting())
    migrate(db, "0020", down=True)
    assert INDEX not in {i["name"] for i in inspect(db.engine).get_indexes("job")}
    migrate(db, "0021")
    assert INDEX in {i["name"] for i in inspect(db.engine).get_indexes("job")}
    with db.engine.connect() as conn:
        assert conn.execute(text("SELECT id FROM job")).scalars().all() == [job]
    assert [p.id for p in sync.pending_extractions()] == [job]
