"""Writing output files without ever losing what was there: one check and one atomic write.

Everything the CLI writes (an export, a backup, ``init``'s config file) goes through here:

- :func:`check_output` refuses a target that must not be replaced: a folder, anything that is not a
  regular file (a FIFO, a device node, a socket), the job database itself or one of the files
  SQLite keeps beside it (``-wal``, ``-shm``, ``-journal``), and an existing file unless asked to;
- :func:`atomic_path` / :func:`atomic_write` write into a new temporary file in the target's own
  folder and rename it onto the target only once it is complete. A failed write (a full disk, an
  error half-way) removes the temporary file and leaves the old target exactly as it was, and a
  reader never sees half a file. The rename stays on one file system because the folder is the same.

An ``OSError`` while writing becomes an :class:`~jobscraper.errors.InputError` naming the target and
the reason (``No space left on device``), so the CLI prints one line instead of a traceback.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from jobscraper.errors import InputError

__all__ = ["SQLITE_SIDECARS", "atomic_path", "atomic_write", "check_output"]

# The files SQLite keeps beside a database: replacing one of them would corrupt it.
SQLITE_SIDECARS = ("-wal", "-shm", "-journal")


def _database_files(database: Path) -> list[Path]:
    return [database, *(Path(f"{database}{suffix}") for suffix in SQLITE_SIDECARS)]


def check_output(
    target: Path | str,
    *,
    protect: Iterable[Path | str | None] = (),
    force: bool = True,
    what: str = "output",
) -> Path:
    """``target`` resolved, after refusing what must not be replaced (:class:`InputError`, one line).

    ``protect`` names databases: neither they nor their ``-wal``/``-shm``/``-journal`` files may be
    the target (also through a symlink or a hard link). An existing target must be a regular file,
    and is refused unless ``force``. ``what`` names the file in messages ("backup", "export").
    """
    dst = Path(target).expanduser().resolve()
    for database in protect:
        if database is None:
            continue
        src = Path(database).expanduser().resolve()
        if dst in _database_files(src) or (dst.exists() and src.exists() and dst.samefile(src)):
            raise InputError(f"{dst}: is the database itself; write the {what} to another file")
    if dst.is_dir():
        raise InputError(f"{dst}: is a folder; give the {what}'s file name")
    if dst.exists() and not dst.is_file():
        raise InputError(
            f"{dst}: exists and is not a regular file (a FIFO, device or socket); choose another"
        )
    if dst.exists() and not force:
        raise InputError(f"{dst}: already exists (use --force to overwrite)")
    return dst


def _cannot_write(target: Path, exc: OSError) -> InputError:
    return InputError(f"{target}: cannot write: {exc.strerror or exc}")


@contextmanager
def atomic_path(target: Path | str) -> Iterator[Path]:
    """A path that does not exist yet, in ``target``'s folder (created if needed); what the block
    writes there is renamed onto ``target`` when it ends without error, and removed otherwise.

    The temporary file gets the existing target's permission bits, so a replaced file keeps them.
    """
    dst = Path(target)
    try:
        dst.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _cannot_write(dst, exc) from exc
    partial = dst.with_name(f".{dst.name}.{os.getpid()}.{secrets.token_hex(4)}.partial")
    try:
        yield partial
        if dst.is_file() and partial.exists():
            os.chmod(partial, dst.stat().st_mode & 0o7777)
        os.replace(partial, dst)
    except OSError as exc:
        raise _cannot_write(dst, exc) from exc
    finally:
        partial.unlink(missing_ok=True)


@contextmanager
def atomic_write(
    target: Path | str, *, encoding: str = "utf-8", newline: str | None = ""
) -> Iterator[IO[str]]:
    """A text file to write ``target`` through (see :func:`atomic_path`); flushed to disk before the
    rename, so a crash leaves the old file or the new one, never a torn one."""
    with atomic_path(target) as partial:
        handle = _open_new(partial, encoding=encoding, newline=newline)
        try:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        finally:
            handle.close()


def _open_new(path: Path, *, encoding: str, newline: str | None) -> IO[str]:
    """Create ``path`` (it must not exist) for writing text; the permission bits follow the umask."""
    return open(path, "x", encoding=encoding, newline=newline)
