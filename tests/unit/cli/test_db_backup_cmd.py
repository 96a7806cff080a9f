"""`jobscraper db backup PATH` as a user runs it (a subprocess per invocation)."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

from jobscraper.store import Database, SyncEngine


def _cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("JOBSCRAPER_") and k != "RAY_ADDRESS"}
    env.update(COLUMNS="200", PYTHONIOENCODING="utf-8")
    return subprocess.run(
        [sys.executable, "-m", "jobscraper", *args],
        cwd=cwd, env=env, capture_output=True, text=True, encoding="utf-8", timeout=120, check=False,
    )  # fmt: skip


def _one_error_line(result: subprocess.CompletedProcess[str], *needles: str) -> None:
    assert result.returncode != 0, result.stdout + result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    for needle in needles:
        assert needle in lines[0]


def test_backup_writes_a_checked_copy_and_never_overwrites_unasked(
    db: Database, sync: SyncEngine, make_posting: Any, tmp_path: Path
) -> None:
    sync.upsert([make_posting() for _ in range(3)])
    target = tmp_path / "backups" / "jobs-copy.db"

    made = _cli("db", "backup", str(target), "--db", str(db.path), cwd=tmp_path)

    assert made.returncode == 0, made.stderr
    assert made.stdout.startswith(f"backed up {db.path} to {target}: ")
    assert "3 job(s), 3 source(s), integrity ok" in made.stdout
    with sqlite3.connect(target) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert conn.execute("SELECT count(*) FROM job").fetchone() == (3,)

    sync.upsert([make_posting()])
    again = _cli("db", "backup", str(target), "--db", str(db.path), cwd=tmp_path)
    _one_error_line(again, str(target), "already exists (use --force to overwrite)")

    forced = _cli("db", "backup", str(target), "--force", "--db", str(db.path), cwd=tmp_path)
    assert forced.returncode == 0, forced.stderr
    assert "4 job(s)" in forced.stdout


def test_backup_refuses_the_database_itself(db: Database, tmp_path: Path) -> None:
    result = _cli("db", "backup", str(db.path), "--force", "--db", str(db.path), cwd=tmp_path)
    _one_error_line(result, "is the database itself")


def test_backup_of_a_missing_database_is_a_clear_error(tmp_path: Path) -> None:
    missing = tmp_path / "data" / "jobs.db"

    result = _cli("db", "backup", "copy.db", "--db", str(missing), cwd=tmp_path)

    _one_error_line(result, str(missing), "no job database there")
    assert not missing.exists() and not (tmp_path / "copy.db").exists()
