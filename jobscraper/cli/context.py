"""What every command needs: settings, the database path, a way to read and a way to write.

Reading never creates a database: a command that only reads (``jobs list``, ``jobs show``,
``export``) on a path where there is none says so instead of leaving an empty file behind. Writing
refuses a damaged file or one that is not a job database (:func:`~jobscraper.store.db.check_job_database`)
before it writes a byte into it, and errors SQLite reports half-way (a page found damaged later)
become one :class:`~jobscraper.errors.StoreError` line (:func:`database_errors`).

Writes go through the cluster's WriterActor when a jobscraper cluster runs for the same database;
otherwise the sync engine runs in-process. Finding out costs no Ray start-up: a quick process-table
look for a running Ray (GCS) server comes first, and Ray is imported only if one is there.

The store (SQLAlchemy, the table models) is imported inside the functions that use it: every
command imports this module, and ``--help`` needs none of it.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import psutil

from jobscraper.config import Settings, load_settings
from jobscraper.errors import StoreError

if TYPE_CHECKING:
    from jobscraper.store import Database
    from jobscraper.store.location import DatabaseLocation
    from jobscraper.store.writer_client import WriterClient

__all__ = ["Context", "database_errors", "local_ray_running", "open_writer"]


@dataclass
class Context:
    """Settings plus the chosen database for one command: ``db_url`` (``database.url``, unless
    ``--db`` named a file) when set, else the file ``db_path``."""

    settings: Settings
    db_path: Path
    db_url: str | None = None

    @classmethod
    def load(cls, config: Path | None, db: Path | None, *, default_file: Path | None = None) -> Context:
        """``--db`` (``db``) wins; else ``database.url``; else ``default_file`` (the demo's own
        file) or ``database.path``."""
        settings = load_settings(config)
        # Ray reads RAY_AUTH_MODE when it is imported, so the one mode (DESIGN §3) is applied
        # here, before any command imports Ray (an env var set by the user wins).
        os.environ.setdefault("RAY_AUTH_MODE", settings.ray.auth_mode)
        url = None if db else settings.database.url
        return cls(settings=settings, db_path=db or default_file or settings.database.path, db_url=url)

    @property
    def location(self) -> DatabaseLocation:
        """The chosen database as one value (:mod:`jobscraper.store.location`): what the Ray side is
        given, and what messages show (a URL without its password)."""
        from jobscraper.store.location import DatabaseLocation

        return DatabaseLocation.of(self.db_url or self.db_path)

    def database(self) -> Database:
        """The database to write to, created (and migrated) if needed."""
        from jobscraper.store import open_database

        target = self.db_url or self.db_path
        return open_database(target, busy_timeout_ms=self.settings.database.busy_timeout_ms)

    def read_database(self) -> Database:
        """The database to read from; :class:`StoreError` when no file is there (never creates one)."""
        if self.db_url is None and not self.db_path.expanduser().is_file():
            raise StoreError(f"{self.db_path}: no job database there (check --db, or import or scrape first)")
        return self.database()

    def check_writable(self) -> None:
        """Refuse to write into a damaged file or one that is not a job database (a URL: its server's job)."""
        from jobscraper.store.db import check_job_database

        if self.db_url is None:
            check_job_database(self.db_path, busy_timeout_ms=self.settings.database.busy_timeout_ms)


@contextmanager
def database_errors(where: Path | str) -> Iterator[None]:
    """Errors the database reports while a command runs (a damaged page, a full disk) as one
    :class:`StoreError` naming ``where``."""
    from sqlalchemy.exc import DBAPIError

    try:
        yield
    except DBAPIError as exc:
        raise StoreError(f"{where}: database error: {_first_line(exc.orig or exc)}") from exc
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{where}: database error: {_first_line(exc)}") from exc


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]


def local_ray_running() -> bool:
    """True if a Ray GCS server process runs on this machine (no Ray import, ~tens of ms)."""
    for proc in psutil.process_iter(["name"]):
        name = proc.info.get("name") or ""
        if name.startswith("gcs_server"):
            return True
    return False


@contextmanager
def open_writer(ctx: Context) -> Iterator[tuple[WriterClient, str]]:
    """The writer's client for ``ctx.location`` and a word on which writer: the cluster's or one in
    this process (the same client either way; sync code calls ``.result()`` on each call).

    A damaged database, or a file that is not one, is refused before anything is written."""
    ctx.check_writable()
    address = os.environ.get("RAY_ADDRESS") or ctx.settings.ray.address
    # a cluster's WriterActor is used when it owns the same database (the file, or the URL's server
    # database); otherwise this process writes itself
    if ctx.settings.ray.use_cluster_writer and (address or local_ray_running()):
        remote = _cluster_writer(ctx, address)
        if remote is not None:
            try:
                yield remote, "the cluster's WriterActor"
            finally:
                import ray

                ray.shutdown()
            return
    from jobscraper.store.writer import Writer
    from jobscraper.store.writer_client import InProcessTransport, WriterClient

    db = ctx.database()
    try:
        with database_errors(db.location):
            yield WriterClient(InProcessTransport(Writer(db))), "in-process"
    finally:
        db.dispose()


def _cluster_writer(ctx: Context, address: str | None) -> WriterClient | None:
    # Ray reads the auth mode when it is imported: set it first (DESIGN.md §3).
    os.environ.setdefault("RAY_AUTH_MODE", ctx.settings.ray.auth_mode)
    from actors.bootstrap import join_cluster_writer

    return join_cluster_writer(ctx.settings.ray.namespace, address, ctx.location)
