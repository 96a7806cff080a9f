"""``jobscraper db backup`` on PostgreSQL (``database.url``), as its user runs it (in-process CLI,
tests/cli_inprocess.py) against a real throwaway server: a pg_dump file that restores with
``pg_restore`` into a new database holding the same jobs and the person's fields; the same
refusals as on SQLite; a missing or too old ``pg_dump`` as one line and exit 2; the password never
on a command line. Skipped where the PostgreSQL server binaries are missing, outside CI.
"""

from __future__ import annotations

import subprocess
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import make_url

from jobscraper.models import JobStatus
from jobscraper.store import Database, JobQuery, SyncEngine, UserUpdate, get_job, open_reader, search_jobs
from jobscraper.store.backup_pg import backup_server
from tests.cli_inprocess import Cli, assert_one_line_error
from tests.pg_server import create_database
from tests.postings import posting_dict

EDIT = UserUpdate(
    favorite=True,
    notes="Anna: call back Friday",
    status=JobStatus.INTERVIEWING,
    applied_at=datetime(2025, 1, 2, 9, 0, tzinfo=UTC),
)


@pytest.fixture
def on_server(cli: Cli, pg_db: Database, pg_url: str, monkeypatch: pytest.MonkeyPatch) -> Cli:
    """The CLI with ``database.url`` naming a database of 3 jobs (one of them edited by the person)."""
    sync = SyncEngine(pg_db)
    sync.upsert([posting_dict(n) for n in (1, 2, 3)])
    sync.upsert(
        [posting_dict(1) | {"id": "in-1", "site": "indeed", "job_url": "https://de.indeed.com/viewjob?jk=1"}]
    )
    sync.update_user_fields(2, EDIT)
    monkeypatch.setenv("JOBSCRAPER_DATABASE__URL", pg_url)
    return cli


def _restore(dump: Path, server: str) -> str:
    """``dump`` restored with pg_restore into a new database; its URL."""
    url = create_database(server)
    conninfo = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    done = subprocess.run(
        ["pg_restore", "--no-owner", "--exit-on-error", f"--dbname={conninfo}", str(dump)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return url


def test_a_backup_restores_into_a_new_database_with_the_same_jobs_and_fields(
    on_server: Cli, pg_db: Database, pg_url: str, pg_server: str, tmp_path: Path
) -> None:
    target = tmp_path / "backups" / "jobs.dump"
    made = on_server("db", "backup", target)
    assert made.code == 0, made.err
    assert made.out.startswith(f"backed up {pg_url} to {target}: ")
    assert "3 job(s), 4 source(s), pg_restore --list ok" in made.out
    assert [p.name for p in target.parent.iterdir()] == ["jobs.dump"], "no temporary file left"

    restored = open_reader(_restore(target, pg_server))
    try:
        theirs = search_jobs(restored, JobQuery(per_page=50)).items
        ours = search_jobs(pg_db, JobQuery(per_page=50)).items
        assert [j.model_dump() for j in theirs] == [j.model_dump() for j in ours] and len(theirs) == 3
        job = get_job(restored, 2)
        assert (job.favorite, job.notes, job.status, job.applied_at) == (
            True,
            "Anna: call back Friday",
            "interviewing",
            EDIT.applied_at,
        )
        assert len(get_job(restored, 1).sources) == 2
        assert [j.id for j in search_jobs(restored, JobQuery(q="company 3")).items] == [3], "text search too"
    finally:
        restored.dispose()

    again = on_server("db", "backup", target)
    assert_one_line_error(again, str(target), "already exists (use --force to overwrite)")
    SyncEngine(pg_db).upsert([posting_dict(4)])
    forced = on_server("db", "backup", target, "--force")
    assert forced.code == 0 and "4 job(s)" in forced.out, forced.err


def test_the_same_refusals_as_on_sqlite(
    on_server: Cli, pg_server: str, tmp_path: Path, monkeypatch: Any
) -> None:
    (tmp_path / "folder").mkdir()
    assert_one_line_error(on_server("db", "backup", tmp_path / "folder"), "is a folder")
    monkeypatch.setenv("JOBSCRAPER_DATABASE__URL", create_database(pg_server))  # empty: never migrated
    assert_one_line_error(on_server("db", "backup", tmp_path / "empty.dump"), "not a job database")
    assert not (tmp_path / "empty.dump").exists()


def _fake_bin(folder: Path, **scripts: str) -> Path:
    folder.mkdir()
    for name, body in scripts.items():
        (folder / name).write_text(f"#!/bin/sh\n{body}\n")
        (folder / name).chmod(0o755)
    return folder


def test_a_missing_or_too_old_pg_dump_is_one_line_and_exit_2(
    on_server: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(_fake_bin(tmp_path / "empty")))
    assert_one_line_error(on_server("db", "backup", "jobs.dump"), "pg_dump not found", "postgresql-client")

    old = _fake_bin(
        tmp_path / "old",
        pg_dump="echo 'pg_dump: error: aborting because of server version mismatch' >&2\n"
        "echo 'pg_dump: detail: server version: 17.2; pg_dump version: 15.18' >&2\nexit 1",
        pg_restore="exit 0",
    )
    monkeypatch.setenv("PATH", str(old))
    result = on_server("db", "backup", "jobs.dump")
    assert_one_line_error(result, "pg_dump is older than the server (server 17.2, pg_dump 15.18)")
    assert list(tmp_path.glob("*jobs.dump*")) == [], "nothing written, no temporary file left"


def test_the_password_reaches_pg_dump_only_through_its_environment(
    pg_db: Database, pg_url: str, tmp_path: Path
) -> None:
    SyncEngine(pg_db).upsert([posting_dict(1)])
    secret = "s3cret-Pa55"
    url = make_url(pg_url).set(password=secret).render_as_string(hide_password=False)  # trust auth ignores it
    calls: list[tuple[list[str], dict[str, str]]] = []

    def recording(argv: list[str], **kwargs: Any) -> subprocess.CompletedProcess[str]:
        calls.append((argv, kwargs["env"]))
        return subprocess.run(argv, check=False, **kwargs)

    result = backup_server(url, tmp_path / "jobs.dump", run=recording)
    assert (result.jobs, result.sources) == (1, 1) and result.size_bytes > 0
    assert [Path(argv[0]).name for argv, _ in calls] == ["pg_dump", "pg_restore"]
    assert all(secret not in " ".join(argv) for argv, _ in calls)
    assert all(env["PGPASSWORD"] == secret for _, env in calls)
