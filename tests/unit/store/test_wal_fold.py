"""A stopped local stack leaves its SQLite file whole: the API's readers end with their
connections open (ended by process id), so ``jobs.db-wal`` stayed beside the file until
:func:`~jobscraper.store.wal.fold_wal` ran at the stop (session 8's "a -wal file is left")."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from rich.console import Console

from jobscraper.cli import ui_cmds
from jobscraper.store.wal import fold_wal

_KILLED_WRITER = """
import os, sqlite3, sys
conn = sqlite3.connect(sys.argv[1])
conn.execute("PRAGMA journal_mode=WAL")
conn.execute("CREATE TABLE IF NOT EXISTS note (text TEXT)")
conn.execute("INSERT INTO note VALUES ('keep me')")
conn.commit()
os._exit(0)  # ended as a Ray worker is: no close, so the log stays
"""


def _killed_with_open_log(path: Path) -> Path:
    subprocess.run([sys.executable, "-c", _KILLED_WRITER, str(path)], check=True)
    wal = path.with_name(path.name + "-wal")
    assert wal.exists() and wal.stat().st_size > 0
    return wal


def _notes(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return [row[0] for row in conn.execute("SELECT text FROM note")]
    finally:
        conn.close()


def test_fold_wal_leaves_one_whole_file(tmp_path: Path) -> None:
    db = tmp_path / "jobs.db"
    wal = _killed_with_open_log(db)
    assert fold_wal(db) is True
    assert not wal.exists() and not db.with_name("jobs.db-shm").exists()
    assert _notes(db) == ["keep me"]  # the committed row was folded in, not dropped


def test_fold_wal_keeps_the_log_of_a_file_still_open(tmp_path: Path) -> None:
    db = tmp_path / "jobs.db"
    wal = _killed_with_open_log(db)
    other = sqlite3.connect(db)  # e.g. a cluster's writer that stays up
    try:
        other.execute("SELECT count(*) FROM note").fetchone()
        assert fold_wal(db) is False
        assert wal.exists()
    finally:
        other.close()
    assert _notes(db) == ["keep me"]


def test_fold_wal_on_a_missing_file_is_quiet(tmp_path: Path) -> None:
    assert fold_wal(tmp_path / "none.db") is True


def test_ui_stop_folds_the_local_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "jobs.db"
    wal = _killed_with_open_log(db)
    stopped: list[bool] = []
    monkeypatch.setattr(ui_cmds, "stop_everything", lambda **kwargs: stopped.append(kwargs["local"]))
    ui_cmds._shutdown_ray(Console(quiet=True), True, lambda: True, "jobscraper", db)
    assert stopped == [True] and not wal.exists()
    assert _notes(db) == ["keep me"]


def test_ui_leaving_a_cluster_does_not_touch_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "jobs.db"
    wal = _killed_with_open_log(db)
    monkeypatch.setattr(ui_cmds, "stop_everything", lambda **kwargs: None)
    ui_cmds._shutdown_ray(Console(quiet=True), False, lambda: True, "jobscraper", db)
    assert wal.exists()  # the cluster's writer owns it
