"""The job database on PostgreSQL (``database.url``), as a user moving off SQLite would notice it:
the same tables and migrations, the same sync counts as on SQLite, user fields that survive every
re-scrape and archive, processes opening a fresh database at once (migrated once), writers taking
turns, and search by words (the search itself: test_postgres_search.py).

A throwaway server per module, started from the Debian ``postgresql`` package's binaries
(``/usr/lib/postgresql/<version>/bin``); CI installs the package, so the module is skipped only
where those binaries are missing. PostgreSQL refuses to run as root: as root, the server runs as
the package's ``postgres`` user.
"""

from __future__ import annotations

import io
import random
import string
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import insert, inspect, text
from sqlalchemy.exc import DBAPIError
from sqlmodel import SQLModel

from jobscraper.config import CompanyConfig, SavedSearch
from jobscraper.errors import StoreError
from jobscraper.exports import export_jobs
from jobscraper.extraction import ExtractionResult, JobDetails
from jobscraper.extraction.schema import Seniority
from jobscraper.models import JobStatus
from jobscraper.posting import SHORT_TEXT_MAX
from jobscraper.store import (
    Database,
    JobQuery,
    SyncEngine,
    UpsertCounts,
    UserUpdate,
    get_job,
    open_database,
    open_reader,
    search_jobs,
)
from jobscraper.store.db import SCHEMA_REVISION
from jobscraper.store.enrich import StoredExtraction
from jobscraper.store.saved import seed_saved
from jobscraper.store.stats import job_stats
from jobscraper.store.tables import RUN
from tests.postings import posting_dict

NOW = datetime(2025, 1, 1, 12, 0, tzinfo=UTC)
USER_EDIT = UserUpdate(
    favorite=True,
    notes="Talked to Anna; follow up Friday",
    status=JobStatus.INTERVIEWING,
    applied_at=datetime(2024, 12, 20, 9, 30, tzinfo=UTC),
    hidden=True,
)


class Clock:
    def __init__(self) -> None:
        self.now = NOW

    def __call__(self) -> datetime:
        return self.now


def _posting(n: int, **overrides: Any) -> dict[str, Any]:
    return posting_dict(n, **overrides)


def _on_indeed(posting: dict[str, Any], n: int) -> dict[str, Any]:
    """The same job (company, title, location) on another board."""
    return posting | {"id": f"in-{n}", "site": "indeed", "job_url": f"https://de.indeed.com/viewjob?jk={n}"}


def _user_fields(db: Database, job_id: int) -> tuple[Any, ...]:
    job = get_job(db, job_id)
    return job.favorite, job.notes, job.status, job.applied_at, job.hidden


EDITED = (
    True,
    "Talked to Anna; follow up Friday",
    "interviewing",
    datetime(2024, 12, 20, 9, 30, tzinfo=UTC),
    True,
)


# ------------------------------------------------------------------------------ schema


def test_open_database_creates_the_same_tables_as_on_sqlite_at_the_newest_revision(
    pg_url: str, tmp_path: Path
) -> None:
    db = open_database(pg_url)
    sqlite = open_database(tmp_path / "jobs.db")
    try:
        assert db.path is None and db.dialect == "postgresql"
        assert db.location == pg_url, "the URL names it (it has no password here to hide)"
        with db.reader() as conn, sqlite.reader() as lite:
            pg_inspect, lite_inspect = inspect(conn), inspect(lite)
            tables = set(pg_inspect.get_table_names())
            # job_search, job_location and job_search_word: the text search's narrow rows, GIN
            # index, locations and words (0011, 0020, 0026), FTS5's job_fts and job_facet on SQLite
            search_tables = {"job_search", "job_location", "job_search_word"}
            assert set(SQLModel.metadata.tables) | {"alembic_version"} | search_tables == tables
            for table in tables - search_tables:
                # job's sites: the search's source bits (0019), job_facet.sites on SQLite
                postgres_only = {"sites"} if table == "job" else set()
                assert {c["name"] for c in pg_inspect.get_columns(table)} - postgres_only == {
                    c["name"] for c in lite_inspect.get_columns(table)
                }, table
            assert (
                conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one() == SCHEMA_REVISION
            )
    finally:
        db.dispose()
        sqlite.dispose()
    again = open_database(pg_url)  # an up-to-date database opens without migrating
    again.dispose()


_OPEN_WHEN_TOLD = """
import sys, time
from pathlib import Path
import alembic.command  # loaded before the start, so the processes migrate at the same moment
from jobscraper.store import open_database
url, folder, n = sys.argv[1], Path(sys.argv[2]), sys.argv[3]
upgrade = alembic.command.upgrade
def counted(*args, **kwargs):  # says which processes ran the migrations (all of them, or waited)
    print("MIGRATED", flush=True)
    return upgrade(*args, **kwargs)
alembic.command.upgrade = counted
(folder / f"ready-{n}").touch()
while not (folder / "go").exists():
    time.sleep(0.002)
open_database(url).dispose()
"""


def test_processes_opening_a_fresh_database_at_once_all_succeed(pg_url: str, tmp_path: Path) -> None:
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", _OPEN_WHEN_TOLD, pg_url, str(tmp_path), str(n)],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        for n in range(3)
    ]
    deadline = time.monotonic() + 120
    while len(list(tmp_path.glob("ready-*"))) < 3 and time.monotonic() < deadline:
        time.sleep(0.01)
    (tmp_path / "go").touch()
    outputs = [proc.communicate(timeout=180)[0].decode(errors="replace") for proc in procs]
    assert [proc.returncode for proc in procs] == [0, 0, 0], "\n".join(outputs)
    assert sum("MIGRATED" in out for out in outputs) == 1, "one migrates, the others wait and find it done"
    db = open_database(pg_url)
    try:
        with db.reader() as conn:
            assert conn.execute(text("SELECT version_num FROM alembic_version")).scalars().all() == [
                SCHEMA_REVISION
            ]
    finally:
        db.dispose()


def test_open_reader_reads_but_never_writes(pg_db: Database, pg_url: str) -> None:
    SyncEngine(pg_db).upsert([_posting(1)])
    reader = open_reader(pg_url)
    try:
        assert [j.title for j in search_jobs(reader, JobQuery()).items] == ["Software Engineer 1"]
        with pytest.raises(DBAPIError, match="read-only"), reader.writer() as conn:
            conn.execute(
                insert(RUN).values(kind="x", status="x", started_at=NOW, params={}, counts={}, errors=[])
            )
    finally:
        reader.dispose()


def test_open_reader_refuses_a_database_the_writer_has_not_migrated(pg_server: str, pg_url: str) -> None:
    with pytest.raises(StoreError, match=f"schema None, expected {SCHEMA_REVISION}"):
        open_reader(pg_url)
    with pytest.raises(StoreError, match="cannot open or migrate"):
        open_database(f"{pg_server}/no_such_database")


# -------------------------------------------------------------------------------- sync


def _scrapes(db: Database) -> list[UpsertCounts]:
    """A first scrape, the same again, then one changed, one new and one seen on another board."""
    sync = SyncEngine(db, clock=Clock())
    first = [_posting(n) for n in (1, 2, 3)]
    return [
        sync.upsert(first),
        sync.upsert(first),
        sync.upsert(
            [
                first[0] | {"description": "Build other things."},
                first[1],
                _posting(4),
                _on_indeed(first[2], 3),
            ]
        ),
    ]


def test_upserts_count_as_on_sqlite(pg_db: Database, tmp_path: Path) -> None:
    sqlite = open_database(tmp_path / "jobs.db")
    try:
        on_sqlite = _scrapes(sqlite)
    finally:
        sqlite.dispose()

    on_postgres = _scrapes(pg_db)

    assert (
        on_postgres
        == on_sqlite
        == [
            UpsertCounts(inserted=3),
            UpsertCounts(unchanged=3),
            UpsertCounts(inserted=1, updated=1, unchanged=1, merged_duplicates=1),
        ]
    )
    jobs = {j.title: j for j in search_jobs(pg_db, JobQuery(per_page=50)).items}
    assert sorted(jobs) == [f"Software Engineer {n}" for n in (1, 2, 3, 4)]
    assert jobs["Software Engineer 1"].description == "Build other things."
    assert {s.site for s in get_job(pg_db, jobs["Software Engineer 3"].id).sources} == {"linkedin", "indeed"}


def test_a_duplicate_fills_empty_fields_and_nul_characters_do_not_fail_a_batch(pg_db: Database) -> None:
    sync = SyncEngine(pg_db, clock=Clock())
    first = _posting(1, skills=None, emails=None, description="Build\x00 things.")
    assert sync.upsert([first]) == UpsertCounts(inserted=1)
    copy = _on_indeed(first, 1) | {"skills": "Spark, SQL", "emails": "jobs@acme.example"}
    assert sync.upsert([copy]) == UpsertCounts(merged_duplicates=1)
    job = get_job(pg_db, 1)
    assert (job.skills, job.emails, job.description) == (
        ["Spark", "SQL"],
        ["jobs@acme.example"],
        "Build things.",
    )
    assert sync.upsert([first]) == UpsertCounts(unchanged=1), "the same posting again is unchanged"


def test_a_posting_with_kilobytes_of_title_company_or_location_does_not_fail_its_batch(
    pg_db: Database,
) -> None:
    """PostgreSQL's indexes of these (the duplicate key, the filters, the search's locations)
    refuse a value of ~8 kB, which failed the whole batch; a posting keeps their first
    ``SHORT_TEXT_MAX`` characters."""
    rng = random.Random(8)
    noise = "".join(rng.choice(string.ascii_letters + " ,") for _ in range(9000))  # incompressible
    huge = _posting(2, title=f"Engineer {noise}", company=noise, location=noise)
    counts = SyncEngine(pg_db, clock=Clock()).upsert([_posting(1), huge])
    assert counts == UpsertCounts(inserted=2), "the batch is stored, the other posting with it"
    job = get_job(pg_db, 2)
    assert (len(job.title), len(job.company or ""), len(job.location or "")) == (SHORT_TEXT_MAX,) * 3
    assert job.title.startswith("Engineer ")


def test_user_fields_survive_every_reupsert_and_archive(pg_db: Database) -> None:
    clock = Clock()
    sync = SyncEngine(pg_db, clock=clock)
    posting = _posting(1)
    sync.upsert([posting])
    sync.update_user_fields(1, USER_EDIT)
    assert _user_fields(pg_db, 1) == EDITED

    assert sync.upsert([posting]) == UpsertCounts(unchanged=1)
    assert sync.upsert([posting | {"title": "Senior Software Engineer 1"}]) == UpsertCounts(updated=1)
    assert (
        sync.upsert([_on_indeed(posting, 1) | {"title": "Senior Software Engineer 1"}]).merged_duplicates == 1
    )
    assert _user_fields(pg_db, 1) == EDITED

    clock.now = NOW + timedelta(days=40)
    assert sync.archive_stale(timedelta(days=30)) == 1
    assert get_job(pg_db, 1).archived_at == clock.now
    assert sync.upsert([posting | {"title": "Senior Software Engineer 1"}]) == UpsertCounts(unchanged=1)
    job = get_job(pg_db, 1)
    assert job.archived_at is None and job.title == "Senior Software Engineer 1"
    assert _user_fields(pg_db, 1) == EDITED


def _upsert_at_once(dbs: list[Database], batch: list[dict[str, Any]]) -> list[UpsertCounts]:
    barrier = threading.Barrier(len(dbs))

    def write(db: Database) -> UpsertCounts:
        barrier.wait()
        return SyncEngine(db).upsert(batch)

    with ThreadPoolExecutor(len(dbs)) as pool:
        futures = [pool.submit(write, db) for db in dbs]
        return [future.result(timeout=60) for future in futures]


def test_two_writers_with_the_same_postings_at_once_take_turns(pg_url: str) -> None:
    # each writer has its own Database (its own connections), as two processes would
    dbs = [open_database(pg_url) for _ in range(2)]
    try:
        for round_ in range(5):
            counts = _upsert_at_once(dbs, [_posting(100 * round_ + n) for n in range(50)])
            assert sorted(counts, key=lambda c: c.inserted) == [
                UpsertCounts(unchanged=50),
                UpsertCounts(inserted=50),
            ]
    finally:
        for db in dbs:
            db.dispose()


# ------------------------------------------------------------------- everything else


def test_search_matches_whole_words_and_prefixes_in_any_letter_case(pg_db: Database) -> None:
    SyncEngine(pg_db).upsert(
        [
            _posting(1, title="Senior Python Developer", location="Berlin, Germany"),
            _posting(
                2,
                title="Java Engineer",
                location="Remote",
                description="JavaScript, 100% remote",
                skills=["Rust"],
            ),
            _posting(3, title="Data Analyst", location="Munich, Germany", skills=["C++"]),
        ]
    )

    def titles(**query: Any) -> set[str]:
        return {j.title for j in search_jobs(pg_db, JobQuery(**query)).items}

    assert titles(q="PYTHON") == {"Senior Python Developer"}
    assert titles(q="rust") == {"Java Engineer"}, "skills are searched"
    assert titles(q="python berlin") == {"Senior Python Developer"}, "every word, in any searched column"
    assert titles(q="python munich") == set()
    assert titles(q="c++") == {"Data Analyst"}
    assert titles(q="100%") == {"Java Engineer"}
    assert titles(q="java") == {"Java Engineer"} and titles(q="script") == set(), "words, not substrings"
    assert titles(q="data analy") == {"Data Analyst"}, "the last word is a prefix"
    assert titles(location="berlin") == {"Senior Python Developer"}
    assert titles(location="%") == set(), "a wildcard in the location is literal"
    assert titles(location="py\x00thon") == titles(source="\x00") == set()
    page = search_jobs(pg_db, JobQuery(q="germany", sort="title", descending=False, per_page=1))
    assert (page.total, [j.title for j in page.items]) == (2, ["Data Analyst"])
    out = io.StringIO()
    assert export_jobs(pg_db, out, fmt="jsonl", query=JobQuery(q="java")) == 1


def test_saved_seeding_enrichment_and_stats_work(pg_db: Database) -> None:
    searches = [SavedSearch(name="py", term="python")]
    companies = [CompanyConfig(name="Acme", url="https://boards.greenhouse.io/acme")]
    first = seed_saved(pg_db, searches, companies, NOW)
    assert (first.searches, first.companies) == (1, 1)
    again = seed_saved(pg_db, searches, companies, NOW)
    assert (again.searches, again.companies) == (0, 0), "each config entry is seeded once"

    sync = SyncEngine(pg_db, clock=Clock())
    sync.upsert([_posting(1, skills=None)])
    [pending] = sync.pending_extractions()
    details = JobDetails(skills=["Kubernetes"], seniority=Seniority.SENIOR)
    result = ExtractionResult(id="1", engine="test", details=details)
    assert (
        sync.store_extractions(
            [StoredExtraction(job_id=1, content_hash=pending.content_hash, result=result)]
        ).stored
        == 1
    )
    job = get_job(pg_db, 1)
    assert (job.seniority, job.skills) == ("senior", ["Kubernetes"])
    assert sync.count_pending() == 0

    stats = job_stats(pg_db, today=NOW.date())
    assert stats.totals["jobs"] == 1 and stats.totals["extracted"] == 1
    assert [d.new for d in stats.per_day if d.day == NOW.date()] == [1]


def test_profiles_keep_one_active_and_round_trip_on_postgresql(pg_db: Database) -> None:
    """The profile table's partial unique index (one active row) and its JSON lists, on PostgreSQL."""
    from sqlalchemy import text
    from sqlalchemy.exc import IntegrityError

    from jobscraper.matching.profile import ProfileInput
    from jobscraper.store.profiles import activate_profile, get_profile, list_profiles, put_profile

    now = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)
    stored = put_profile(
        pg_db,
        ProfileInput(
            name="jane",
            resume_text="Python developer. Based in Lyon, open to remote.",
            locations=["Lyon"],
            preferred_skills=["Python", "PostgreSQL"],
            min_salary=70000,
            currency="EUR",
            salary_period="yearly",
        ),
        now,
    )
    assert get_profile(pg_db, "jane") == stored and stored.active  # the first profile is the active one
    assert stored.preferred_skills == ["Python", "PostgreSQL"] and stored.suggestions
    put_profile(pg_db, ProfileInput(name="max"), now)
    activate_profile(pg_db, "max", now)
    assert [p.name for p in list_profiles(pg_db) if p.active] == ["max"]
    with pytest.raises(IntegrityError), pg_db.writer() as conn:
        conn.execute(text("UPDATE profile SET active = true WHERE name = 'jane'"))
    assert [p.name for p in list_profiles(pg_db) if p.active] == ["max"]


def test_vectors_go_through_the_writer_and_read_back_as_bytes_on_postgresql(pg_db: Database) -> None:
    """Matching's vectors on PostgreSQL without pgvector (not installable here): int8 bytes stored by
    the writer, pending again when extraction changes a job's skills, pruned for another model, and
    scanned by VectorIndex as on SQLite."""
    from jobscraper.matching.reindex import embed_missing
    from jobscraper.matching.vectors import VectorIndex
    from jobscraper.store.vectors import count_pending_vectors, count_vectors
    from jobscraper.store.writer import Writer
    from jobscraper.store.writer_client import InProcessTransport, WriterClient
    from tests.unit.matching.fakes import HashingEmbedder

    writer = WriterClient(InProcessTransport(Writer(pg_db, clock=Clock())))
    writer.upsert(
        [
            _posting(1, title="Backend Python developer", description="Django services.", skills=None),
            _posting(2, title="ICU Nurse", description="Critical care nursing."),
        ]
    ).result()
    embedder, other = HashingEmbedder(64), HashingEmbedder(32)
    assert embed_missing(pg_db, writer, embedder, batch_size=1) == 2
    assert embed_missing(pg_db, writer, embedder) == 0
    index = VectorIndex.load(pg_db, embedder.model_id)
    assert len(index) == 2 and index.matrix.shape == (2, 64)
    (best, _), _ = index.search(embedder.embed(["python django backend"])[0])
    assert best == 1

    pending = [p for p in writer.pending_extractions(0, 10).result() if p.id == 1]
    result = ExtractionResult(id="1", engine="test", details=JobDetails(skills=["Django"]))
    item = StoredExtraction(job_id=1, content_hash=pending[0].content_hash, result=result)
    assert writer.store_extractions([item]).result().stored == 1
    assert count_pending_vectors(pg_db, embedder.model_id) == 1  # its embedded text changed
    assert embed_missing(pg_db, writer, embedder) == 1

    assert embed_missing(pg_db, writer, other) == 2  # a new model replaces the vectors
    assert count_vectors(pg_db) == {other.model_id: 2}
    assert writer.prune_vectors(other.model_id).result() == 0
    assert len(VectorIndex.load(pg_db, embedder.model_id)) == 0
