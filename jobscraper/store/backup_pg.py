"""``jobscraper db backup`` on PostgreSQL (``database.url``): ``pg_dump``'s custom format, checked.

The same promises as the SQLite backup (:mod:`jobscraper.store.backup`):

- **Consistent while scrapes write.** One read-only ``REPEATABLE READ`` transaction counts the jobs
  and exports its snapshot (``pg_export_snapshot``); ``pg_dump --snapshot`` dumps exactly that
  snapshot, so the counts printed are the counts in the file.
- **Never a half-written or unasked-for file.** The target is refused as the SQLite one is (a folder,
  not a regular file, an existing file without ``force``: :func:`jobscraper.files.check_output`);
  ``pg_dump`` writes a temporary file beside it, renamed onto the target only after
  ``pg_restore --list`` has read its whole table of contents back (a cheap check that the file is a
  complete custom-format archive, with the job table's data in it).
- **No secret on a command line.** ``pg_dump`` gets the URL without its password (process lists show
  arguments); the password goes to the child alone, in its ``PGPASSWORD``; ``--no-password`` makes a
  missing one an error instead of a prompt.

A missing ``pg_dump``/``pg_restore`` or one older than the server is one clear line
(:class:`~jobscraper.errors.InputError`, exit 2). Restore with
``pg_restore --no-owner --dbname postgresql://…/new_database FILE`` into an empty database.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import URL, create_engine, make_url, text
from sqlalchemy.exc import ArgumentError, DBAPIError
from sqlalchemy.pool import NullPool

from jobscraper.errors import InputError, StoreError
from jobscraper.files import atomic_path, check_output
from jobscraper.store.backup import BackupResult

__all__ = ["backup_server"]

Runner = Callable[..., "subprocess.CompletedProcess[str]"]
_JOB_DATA = re.compile(r"TABLE DATA \S+ job ")
_MISMATCH = re.compile(r"server version: ([\w.]+); pg_dump version: ([\w.]+)")


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise InputError(
            f"{name} not found: a PostgreSQL backup needs the PostgreSQL client tools of the server's "
            "version or newer on PATH (Debian: apt-get install postgresql-client)"
        )
    return found


def _urls(url: str) -> tuple[URL, str]:
    """The URL for SQLAlchemy (psycopg) and the libpq connection URI for the tools (no password)."""
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise StoreError(f"not a database URL: {exc}") from exc
    if parsed.get_backend_name() != "postgresql":
        raise StoreError(f"{parsed.render_as_string(hide_password=True)}: not a PostgreSQL URL")
    engine_url = parsed.set(drivername="postgresql+psycopg")
    # URL.set(password=None) would keep the password: build the URL without it
    bare = URL.create(
        "postgresql", parsed.username, None, parsed.host, parsed.port, parsed.database, parsed.query
    )
    conninfo = bare.render_as_string(hide_password=False)
    return engine_url, conninfo


def _failed(tool: str, done: subprocess.CompletedProcess[str], shown: str) -> InputError | StoreError:
    detail = (
        " ".join(line.strip() for line in done.stderr.strip().splitlines()[-2:]) or f"exit {done.returncode}"
    )
    mismatch = _MISMATCH.search(done.stderr)
    if mismatch or "version mismatch" in done.stderr:
        versions = f" (server {mismatch.group(1)}, pg_dump {mismatch.group(2)})" if mismatch else ""
        return InputError(
            f"{shown}: pg_dump is older than the server{versions}: install the PostgreSQL client "
            "tools of the server's version or newer"
        )
    return StoreError(f"{shown}: {tool} failed: {detail}")


def backup_server(
    url: str,
    target: Path | str,
    *,
    force: bool = False,
    busy_timeout_ms: int = 10_000,
    run: Runner = subprocess.run,
) -> BackupResult:
    """Dump the PostgreSQL job database at ``url`` to ``target`` (custom format; folders created).

    :class:`InputError` for a target that must not be written, a missing ``pg_dump`` or one older
    than the server; :class:`StoreError` when the server cannot be reached, holds no job database,
    or the dump fails its check. ``run`` starts the tools (``subprocess.run``; a seam for tests).
    """
    engine_url, conninfo = _urls(url)
    shown = engine_url.render_as_string(hide_password=True)
    dst = check_output(target, force=force, what="backup")
    pg_dump, pg_restore = _tool("pg_dump"), _tool("pg_restore")
    env = dict(os.environ)
    if engine_url.password is not None:
        env["PGPASSWORD"] = str(engine_url.password)
    args: dict[str, Any] = {"options": f"-c lock_timeout={int(busy_timeout_ms)}"}
    engine = create_engine(
        engine_url, poolclass=NullPool, isolation_level="REPEATABLE READ", connect_args=args
    )
    try:
        with engine.connect() as conn, atomic_path(dst) as partial:
            conn.execute(text("SET TRANSACTION READ ONLY"))
            try:
                jobs = int(conn.execute(text("SELECT count(*) FROM job")).scalar_one())
                sources = int(conn.execute(text("SELECT count(*) FROM job_source")).scalar_one())
            except DBAPIError as exc:
                raise StoreError(f"{shown}: not a job database: {getattr(exc, 'orig', exc)}") from exc
            snapshot = str(conn.execute(text("SELECT pg_export_snapshot()")).scalar_one())
            dump = [pg_dump, "--format=custom", "--no-password", f"--snapshot={snapshot}"]
            done = run(
                [*dump, f"--file={partial}", f"--dbname={conninfo}"], env=env, capture_output=True, text=True
            )
            if done.returncode != 0:
                raise _failed("pg_dump", done, shown)
            listed = run([pg_restore, "--list", str(partial)], env=env, capture_output=True, text=True)
            if listed.returncode != 0 or not _JOB_DATA.search(listed.stdout):
                raise StoreError(
                    f"{shown}: the dump failed its check (pg_restore --list): {listed.stderr.strip()}"
                )
    except DBAPIError as exc:
        raise StoreError(f"{shown}: cannot read the database: {getattr(exc, 'orig', None) or exc}") from exc
    finally:
        engine.dispose()
    return BackupResult(
        path=dst,
        size_bytes=dst.stat().st_size,
        pages=0,
        jobs=jobs,
        sources=sources,
        check="pg_restore --list ok",
    )
