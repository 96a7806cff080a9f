"""A consistent copy of the job database while scrapes keep writing to it (``jobscraper db backup``).

SQLite's online backup API copies the file page by page. The source is opened read-only and one
read transaction is held for the whole copy: in WAL mode that is a fixed snapshot which writers in
other processes do not disturb (they append to the WAL; a backup without it would restart each
time they commit, and might never finish under a steady scrape). So the copy holds exactly what
was committed when it began. It is written next to the target under a temporary name
(:func:`jobscraper.files.atomic_path`), switched to ``journal_mode=DELETE`` (one standalone file, no
``-wal`` to carry along), checked with ``PRAGMA integrity_check``, and only then renamed onto the
target: an interrupted or failed backup never leaves a half-written file at the target, and
``force`` never loses the old copy early. ``force`` replaces only a regular file, never a FIFO or a
device node (:func:`jobscraper.files.check_output`).
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Callable
from pathlib import Path

from pydantic import BaseModel

from jobscraper.errors import InputError, StoreError
from jobscraper.files import SQLITE_SIDECARS, atomic_path, check_output

__all__ = ["BackupResult", "backup_database"]


class BackupResult(BaseModel):
    """What :func:`backup_database` wrote."""

    path: Path
    size_bytes: int
    pages: int
    jobs: int
    sources: int
    check: str = "integrity ok"
    """How the copy was checked, for the user (PostgreSQL: :mod:`jobscraper.store.backup_pg`)."""


def backup_database(
    source: Path | str,
    target: Path | str,
    *,
    force: bool = False,
    step_pages: int = 256,
    progress: Callable[[int, int], None] | None = None,
    busy_timeout_ms: int = 10_000,
) -> BackupResult:
    """Copy the job database at ``source`` to ``target`` (parent folders are created).

    ``progress(copied_pages, total_pages)`` is called after every ``step_pages`` pages.
    :class:`StoreError` when ``source`` is missing or not a job database; :class:`InputError` when
    ``target`` is the database itself (or one of its files), a folder, not a regular file, or exists
    and not ``force``.
    """
    src = Path(source).expanduser().resolve()
    if not src.is_file():
        raise StoreError(f"{src}: no job database there")
    dst = check_output(target, protect=[src], force=force, what="backup")
    _check_sidecars(dst)
    with atomic_path(dst) as partial:
        try:
            pages = _copy(src, partial, step_pages, progress, busy_timeout_ms)
            jobs, sources = _finish(partial)
        finally:
            for leftover in (Path(f"{partial}{s}") for s in SQLITE_SIDECARS):
                leftover.unlink(missing_ok=True)
    return BackupResult(path=dst, size_bytes=dst.stat().st_size, pages=pages, jobs=jobs, sources=sources)


def _check_sidecars(dst: Path) -> None:
    for sidecar in ("-wal", "-journal"):
        if Path(f"{dst}{sidecar}").exists():
            # SQLite would replay that log into the new copy the next time it is opened
            raise InputError(f"{dst}: a database in use ({dst.name}{sidecar} beside it); choose another file")


def _copy(
    src: Path,
    dst: Path,
    step_pages: int,
    progress: Callable[[int, int], None] | None,
    busy_timeout_ms: int,
) -> int:
    """Copy ``src`` into the new file ``dst`` from one read snapshot; the number of pages."""
    timeout = busy_timeout_ms / 1000
    reader = sqlite3.connect(f"{src.as_uri()}?mode=ro", uri=True, timeout=timeout, isolation_level=None)
    copy = sqlite3.connect(dst, timeout=timeout, isolation_level=None)
    pages = 0

    def on_step(_status: int, remaining: int, total: int) -> None:
        nonlocal pages
        pages = total
        if progress is not None:
            progress(total - remaining, total)

    try:
        reader.execute("BEGIN")
        try:
            # reading starts the snapshot; the backup steps then all read inside it
            reader.execute("SELECT count(*) FROM job").fetchone()
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{src}: not a job database: {exc}") from exc
        try:
            reader.backup(copy, pages=step_pages, progress=on_step)
        except sqlite3.Error as exc:
            raise StoreError(f"{src}: backup failed: {exc}") from exc
        reader.execute("COMMIT")
    finally:
        copy.close()
        reader.close()
    return pages


def _finish(path: Path) -> tuple[int, int]:
    """Make the copy one standalone file and check it; its job and job-source counts."""
    with contextlib.closing(sqlite3.connect(path, isolation_level=None)) as conn:
        mode = conn.execute("PRAGMA journal_mode = DELETE").fetchone()[0]
        if str(mode).lower() != "delete":
            raise StoreError(f"{path}: the copy stayed in journal mode {mode!r}")
        problems = [str(row[0]) for row in conn.execute("PRAGMA integrity_check")]
        if problems != ["ok"]:
            raise StoreError(f"the copy failed its integrity check: {'; '.join(problems[:3])}")
        jobs = int(conn.execute("SELECT count(*) FROM job").fetchone()[0])
        sources = int(conn.execute("SELECT count(*) FROM job_source").fetchone()[0])
    return jobs, sources
