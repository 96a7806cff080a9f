"""`backup_database`: a standalone, checked copy of the job database, also while another process writes."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from backup_writer import write_jobs
from sqlalchemy import text

from jobscraper.errors import InputError, StoreError
from jobscraper.store import Database, SyncEngine, UserUpdate, open_database
from jobscraper.store.backup import backup_database

WRITER = Path(__file__).with_name("backup_writer.py")


def _read(path: Path, sql: str) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        return [tuple(row) for row in conn.execute(sql)]
    finally:
        conn.close()


def _assert_standalone_and_sound(copy: Path) -> None:
    assert copy.read_bytes()[18:20] == b"\x01\x01", "rollback-journal format: no -wal file needed"
    assert _read(copy, "PRAGMA journal_mode") == [("delete",)]
    assert _read(copy, "PRAGMA integrity_check") == [("ok",)]
    assert _read(copy, "PRAGMA foreign_key_check") == []
    assert not Path(f"{copy}-wal").exists()


@pytest.fixture
def filled(db: Database, sync: SyncEngine) -> Database:
    """``db`` with 40 jobs of two sources each, one of them a favourite with notes."""
    write_jobs(sync, 0, 40)
    sync.update_user_fields(1, UserUpdate(favorite=True, notes="call back"))
    return db


def test_the_copy_holds_every_committed_job_and_opens_on_its_own(filled: Database, tmp_path: Path) -> None:
    target = tmp_path / "backups" / "2025-01-01" / "jobs.db"
    seen: list[tuple[int, int]] = []

    result = backup_database(filled.path, target, step_pages=4, progress=lambda d, t: seen.append((d, t)))

    assert result.path == target.resolve()
    assert (result.jobs, result.sources) == (40, 80)
    assert result.size_bytes == target.stat().st_size > 0
    assert len(seen) > 1 and seen[-1] == (result.pages, result.pages), "progress reached the end"
    _assert_standalone_and_sound(target)
    assert list(target.parent.iterdir()) == [target], "no temporary file left behind"
    assert _read(target, "SELECT favorite, notes FROM job WHERE id = 1") == [(1, "call back")]
    jobs = "SELECT id, dedup_key, content_hash FROM job ORDER BY id"
    with filled.reader() as conn:
        assert _read(target, jobs) == [tuple(r) for r in conn.execute(text(jobs))]
    reopened = open_database(target)  # the project opens it like any job database
    try:
        with reopened.reader() as conn:
            assert conn.execute(text("SELECT count(*) FROM job_source")).scalar_one() == 80
    finally:
        reopened.dispose()


def test_an_existing_file_is_kept_unless_forced(filled: Database, tmp_path: Path) -> None:
    target = tmp_path / "jobs-backup.db"
    target.write_text("last week's backup")

    with pytest.raises(InputError, match=r"already exists \(use --force to overwrite\)"):
        backup_database(filled.path, target)
    assert target.read_text() == "last week's backup"

    assert backup_database(filled.path, target, force=True).jobs == 40
    _assert_standalone_and_sound(target)


@pytest.mark.parametrize("force", [False, True])
def test_the_database_itself_is_refused_as_target(filled: Database, force: bool) -> None:
    size = filled.path.stat().st_size
    for target in (filled.path, filled.path.parent / "." / filled.path.name, Path(f"{filled.path}-wal")):
        with pytest.raises(InputError, match="is the database itself"):
            backup_database(filled.path, target, force=force)
    assert filled.path.stat().st_size == size
    assert _read(filled.path, "SELECT count(*) FROM job") == [(40,)]


def test_a_missing_database_is_a_clear_error_and_is_not_created(tmp_path: Path) -> None:
    missing = tmp_path / "data" / "jobs.db"
    with pytest.raises(StoreError, match="no job database there"):
        backup_database(missing, tmp_path / "copy.db")
    assert not missing.exists()
    assert not (tmp_path / "copy.db").exists()


def test_a_file_that_is_not_a_job_database_is_refused(tmp_path: Path) -> None:
    other = tmp_path / "notes.db"
    sqlite3.connect(other).execute("CREATE TABLE note (body TEXT)").connection.close()
    with pytest.raises(StoreError, match="not a job database"):
        backup_database(other, tmp_path / "copy.db")
    assert not (tmp_path / "copy.db").exists()


@pytest.fixture
def writer_process(filled: Database) -> Iterator[subprocess.Popen[str]]:
    """The separate writer process (``backup_writer.py``) on ``filled``, next job number 40."""
    proc = subprocess.Popen(
        [sys.executable, str(WRITER), str(filled.path), "40"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "ready"
    try:
        yield proc
    finally:
        if proc.stdin is not None:
            proc.stdin.close()
        proc.wait(timeout=60)


def test_a_backup_while_another_process_writes_is_a_consistent_snapshot(
    filled: Database, writer_process: subprocess.Popen[str], tmp_path: Path
) -> None:
    assert writer_process.stdin is not None and writer_process.stdout is not None
    committed_before = 40
    committed: list[int] = []

    def write_a_batch(_done: int, _total: int) -> None:
        # after every backup step the other process commits 5 jobs (10 sources): not timing-based
        assert len(committed) < 500, "the backup keeps restarting: it never finishes under writes"
        writer_process.stdin.write("5\n")  # type: ignore[union-attr]
        writer_process.stdin.flush()  # type: ignore[union-attr]
        committed.append(int(writer_process.stdout.readline()))  # type: ignore[union-attr]

    result = backup_database(filled.path, tmp_path / "copy.db", step_pages=2, progress=write_a_batch)

    assert len(committed) >= 5, "the writer committed between backup steps"
    with filled.reader() as conn:
        assert conn.execute(text("SELECT count(*) FROM job")).scalar_one() == committed[-1]
    copy = result.path
    _assert_standalone_and_sound(copy)
    jobs = _read(copy, "SELECT count(*) FROM job")[0][0]
    # every job committed before the backup is there, and the copy is one committed state
    assert jobs in [committed_before, *committed]
    assert (result.jobs, result.sources) == (jobs, 2 * jobs)
    assert _read(copy, "SELECT count(*) FROM job WHERE id NOT IN (SELECT job_id FROM job_source)") == [(0,)]
    titles = {row[0] for row in _read(copy, "SELECT title FROM job")}
    assert {f"Backend Engineer {n}" for n in range(committed_before)} <= titles
