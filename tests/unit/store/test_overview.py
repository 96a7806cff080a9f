"""`database_overview`: what `jobscraper status` says about the database, read-only."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

from jobrows import add_job

from jobscraper.config import SavedSearch
from jobscraper.extraction import ExtractionResult, JobDetails
from jobscraper.store import Database, SyncEngine, UserUpdate, open_database
from jobscraper.store.db import SCHEMA_REVISION
from jobscraper.store.enrich import StoredExtraction
from jobscraper.store.overview import database_overview
from jobscraper.store.saved import create_company, create_search
from jobscraper.store.saved_shapes import CompanyCreate


def test_counts_jobs_searches_companies_and_the_last_five_runs(
    db: Database, sync: SyncEngine, clock: Any, make_posting: Callable[..., dict[str, Any]]
) -> None:
    add_job(sync, make_posting())
    clock.advance(days=40)
    ids = [add_job(sync, make_posting()) for _ in range(4)]
    sync.archive_stale(timedelta(days=30))  # the first job
    sync.update_user_fields(ids[0], UserUpdate(favorite=True))
    sync.update_user_fields(ids[1], UserUpdate(hidden=True))
    content_hash = next(p.content_hash for p in sync.pending_extractions() if p.id == ids[2])
    details = JobDetails(skills=["Python"], summary="Builds it.", language="en")
    result = ExtractionResult(id=str(ids[2]), engine="test", details=details)
    sync.store_extractions([StoredExtraction(job_id=ids[2], content_hash=content_hash, result=result)])
    create_search(db, SavedSearch(name="python berlin", term="python", location="Berlin"), clock())
    create_company(db, CompanyCreate(url="https://boards.greenhouse.io/acme"), clock())
    for n in range(7):
        run = sync.start_run("scrape" if n % 2 else "import", {"n": n})
        clock.advance(seconds=30)
        if n < 6:  # the newest is still running
            failed = n == 5
            sync.finish_run(run, "failed" if failed else "done", {"found": n, "inserted": n}, ["x"] * failed)

    overview = database_overview(db.path)

    assert overview.exists and overview.error is None
    assert overview.path == str(db.path.resolve()) and overview.dialect == "sqlite"
    assert overview.size_bytes == db.path.stat().st_size
    assert overview.wal_bytes == Path(f"{db.path}-wal").stat().st_size
    assert overview.schema_revision == SCHEMA_REVISION
    assert overview.jobs is not None
    assert overview.jobs.model_dump() == {
        "active": 4, "archived": 1, "favorites": 1, "hidden": 1, "pending_extraction": 3,
    }  # fmt: skip
    assert (overview.saved_searches, overview.watched_companies) == (1, 1)
    runs = overview.last_runs
    assert [r.id for r in runs] == [7, 6, 5, 4, 3], "newest first, five of them"
    assert (runs[0].status, runs[0].finished_at, runs[0].kind) == ("running", None, "import")
    assert (runs[1].status, runs[1].errors, runs[1].counts) == ("failed", 1, {"found": 5, "inserted": 5})
    assert runs[2].finished_at is not None
    assert runs[2].finished_at - runs[2].started_at == timedelta(seconds=30)


def test_a_fresh_database_has_zero_everywhere(db: Database) -> None:
    overview = database_overview(db.path)
    assert overview.jobs is not None and set(overview.jobs.model_dump().values()) == {0}
    assert (overview.saved_searches, overview.watched_companies, overview.last_runs) == (0, 0, [])


def test_a_missing_database_is_reported_and_not_created(tmp_path: Path) -> None:
    missing = tmp_path / "data" / "jobs.db"

    overview = database_overview(missing)

    assert not overview.exists
    assert overview.error == "no database file there"
    assert overview.jobs is None and overview.size_bytes is None
    assert not missing.exists() and not missing.parent.exists()


def test_a_file_that_is_not_a_job_database_is_reported(tmp_path: Path) -> None:
    other = tmp_path / "notes.db"
    sqlite3.connect(other).execute("CREATE TABLE note (body TEXT)").connection.close()
    size = other.stat().st_size

    overview = database_overview(other)

    assert overview.exists and overview.jobs is None
    assert overview.error is not None and "expected " + SCHEMA_REVISION in overview.error
    assert other.stat().st_size == size


def test_on_postgresql_the_size_is_the_servers_and_the_password_is_never_shown(pg_url: str) -> None:
    url = pg_url.replace("://postgres@", "://postgres:s3cret@")  # the test server trusts 127.0.0.1
    fresh = database_overview(url)
    assert fresh.dialect == "postgresql" and fresh.jobs is None and fresh.error is not None
    assert "expected " + SCHEMA_REVISION in fresh.error, "an empty database is not migrated yet"
    open_database(url).dispose()
    overview = database_overview(url)
    assert overview.error is None and overview.schema_revision == SCHEMA_REVISION
    assert overview.path == url.replace("s3cret", "***") and overview.wal_bytes is None
    assert overview.size_bytes is not None and overview.size_bytes > 0
    assert overview.jobs is not None and overview.jobs.active == 0
    gone = database_overview(url.rsplit("/", 1)[0] + "/no_such_database")
    assert gone.error is not None and gone.jobs is None and "s3cret" not in gone.model_dump_json()
