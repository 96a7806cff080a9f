"""Folding an SQLite file's write-ahead log back into the file when the stack stops.

A local stack ends its actors by process id (:func:`~jobscraper.cli.local_ray.stop_everything`):
the writer closes its database, but the API's and the scheduler's readers are ended with their
connections open, and SQLite deletes ``jobs.db-wal`` only when the *last* connection closes. The
committed data is safe either way (the next open replays the log), but a person who copies
``jobs.db`` alone, or wonders why two extra files stay beside it, should find one whole file.

:func:`fold_wal` opens one connection, checkpoints the log into the file and closes it; when no
other process has the file open, that close removes ``-wal`` and ``-shm``. A process that still
has it open (a cluster's writer) keeps them: nothing is forced.
"""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path

__all__ = ["fold_wal"]


def fold_wal(path: Path) -> bool:
    """Checkpoint ``path``'s write-ahead log into it and close; True when no ``-wal`` is left.

    Best effort and quiet: a missing file, a locked database or a read-only folder leaves things
    as they were (the log is replayed on the next open)."""
    wal = path.with_name(path.name + "-wal")
    if not path.is_file() or not wal.exists():
        return not wal.exists()
    with contextlib.suppress(sqlite3.Error, OSError):
        conn = sqlite3.connect(path, timeout=1.0)
        try:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        finally:
            conn.close()
    return not wal.exists()
