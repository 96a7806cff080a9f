"""`jobscraper db backup PATH` as a user runs it (in-process, see tests/cli_inprocess.py)."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from jobscraper.store import Database, SyncEngine
from tests.cli_inprocess import Cli, assert_one_line_error


def test_backup_writes_a_checked_copy_and_never_overwrites_unasked(
    cli: Cli, db: Database, sync: SyncEngine, make_posting: Any, tmp_path: Path
) -> None:
    sync.upsert([make_posting() for _ in range(3)])
    target = tmp_path / "backups" / "jobs-copy.db"

    made = cli("db", "backup", target, "--db", db.path)

    assert made.code == 0, made.err
    assert made.out.startswith(f"backed up {db.path} to {target}: ")
    assert "3 job(s), 3 source(s), integrity ok" in made.out
    with sqlite3.connect(target) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert conn.execute("SELECT count(*) FROM job").fetchone() == (3,)

    sync.upsert([make_posting()])
    again = cli("db", "backup", target, "--db", db.path)
    assert_one_line_error(again, str(target), "already exists (use --force to overwrite)")

    forced = cli("db", "backup", target, "--force", "--db", db.path)
    assert forced.code == 0, forced.err
    assert "4 job(s)" in forced.out


def test_backup_refuses_the_database_itself(cli: Cli, db: Database) -> None:
    result = cli("db", "backup", db.path, "--force", "--db", db.path)
    assert_one_line_error(result, "is the database itself")


def test_backup_of_a_missing_database_is_a_clear_error(cli: Cli, tmp_path: Path) -> None:
    missing = tmp_path / "data" / "jobs.db"

    result = cli("db", "backup", "copy.db", "--db", missing)

    assert_one_line_error(result, str(missing), "no job database there")
    assert not missing.exists() and not (tmp_path / "copy.db").exists()
