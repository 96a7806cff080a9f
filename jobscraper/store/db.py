"""Opening the job database: SQLite in WAL mode, migrated to the newest schema on first use.

Two engines per file: the *write* engine begins every transaction with ``BEGIN IMMEDIATE`` (it
takes the write lock up front, so a writer never fails half-way on a lock upgrade), the *read*
engine opens the file read-only. Both wait ``busy_timeout_ms`` for locks. Schema changes go
through Alembic (``migrations/``); :func:`open_database` upgrades a new or older file under a
file lock, so two processes opening a fresh file at once do not race.
"""

from __future__ import annotations

import fcntl
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.exc import DBAPIError

from jobscraper.errors import StoreError

__all__ = ["SCHEMA_REVISION", "Database", "open_database"]

_MIGRATIONS = Path(__file__).with_name("migrations")
# The newest migration's revision id. Checked against Alembic's own view of the scripts by a
# test; kept here so opening an up-to-date database does not import Alembic (~0.3 s).
SCHEMA_REVISION = "0002"


def _alembic_config() -> Any:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(_MIGRATIONS))
    return cfg


def _pragmas(busy_timeout_ms: int, *, read_only: bool) -> Any:
    def on_connect(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
        # Let SQLAlchemy's "begin" event emit BEGIN itself (pysqlite's implicit BEGIN is deferred
        # and would not take the write lock up front).
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
        cur.execute("PRAGMA foreign_keys = ON")
        # Reads are served from memory-mapped pages and a larger page cache (64 MiB).
        cur.execute("PRAGMA mmap_size = 536870912")
        cur.execute("PRAGMA cache_size = -65536")
        if not read_only:
            cur.execute("PRAGMA journal_mode = WAL")
            cur.execute("PRAGMA synchronous = NORMAL")
        cur.close()

    return on_connect


def _make_engine(path: Path, busy_timeout_ms: int, *, read_only: bool) -> Engine:
    url = f"sqlite:///file:{path}?mode=ro&uri=true" if read_only else f"sqlite:///{path}"
    # Pooled on both sides: a fresh connection starts with a cold page cache.
    engine = create_engine(url, pool_size=4, max_overflow=8, pool_pre_ping=False)
    event.listen(engine, "connect", _pragmas(busy_timeout_ms, read_only=read_only))
    begin = "BEGIN" if read_only else "BEGIN IMMEDIATE"

    @event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        conn.exec_driver_sql(begin)

    return engine


@dataclass(frozen=True)
class Database:
    """An opened, migrated job database: a write engine and a read-only engine on one file."""

    path: Path
    engine: Engine
    read_engine: Engine

    @contextmanager
    def writer(self) -> Iterator[Connection]:
        """A write transaction (``BEGIN IMMEDIATE``), committed on success, rolled back on error."""
        with self.engine.begin() as conn:
            yield conn

    @contextmanager
    def reader(self) -> Iterator[Connection]:
        """A read-only connection with one consistent snapshot."""
        with self.read_engine.begin() as conn:
            yield conn

    def dispose(self) -> None:
        self.engine.dispose()
        self.read_engine.dispose()


def _current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        exists = conn.execute(
            text("SELECT 1 FROM sqlite_master WHERE type='table' AND name='alembic_version'")
        ).first()
        if not exists:
            return None
        row = conn.execute(text("SELECT version_num FROM alembic_version")).first()
        return None if row is None else str(row[0])


def _upgrade(engine: Engine, path: Path) -> None:
    head = SCHEMA_REVISION
    if _current_revision(engine) == head:
        return
    from alembic import command

    cfg = _alembic_config()
    lock_path = path.with_name(path.name + ".migrate.lock")
    with open(lock_path, "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if _current_revision(engine) == head:  # another process migrated while we waited
            return
        with engine.connect() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
            conn.commit()


def open_database(path: Path | str, *, busy_timeout_ms: int = 10_000) -> Database:
    """Open (creating and migrating if needed) the SQLite job database at ``path``."""
    db_path = Path(path).expanduser()
    if db_path.is_dir():
        raise StoreError(f"{db_path}: is a directory, expected a database file")
    try:
        db_path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(f"{db_path}: cannot create its folder: {exc}") from exc
    engine = _make_engine(db_path, busy_timeout_ms, read_only=False)
    try:
        _upgrade(engine, db_path)
    except (DBAPIError, sqlite3.DatabaseError) as exc:
        engine.dispose()
        reason = getattr(exc, "orig", None) or exc
        raise StoreError(f"{db_path}: cannot open or migrate the database: {reason}") from exc
    read_engine = _make_engine(db_path.resolve(), busy_timeout_ms, read_only=True)
    return Database(path=db_path, engine=engine, read_engine=read_engine)


def open_reader(path: Path | str, *, busy_timeout_ms: int = 10_000) -> Database:
    """Open an existing job database for reading only (the Api, dashboards): it never migrates or
    writes; its ``writer()`` fails. :class:`StoreError` when the file is missing or not migrated."""
    db_path = Path(path).expanduser().resolve()
    if not db_path.is_file():
        raise StoreError(f"{db_path}: no job database there yet (the writer creates it)")
    engine = _make_engine(db_path, busy_timeout_ms, read_only=True)
    try:
        revision = _current_revision(engine)
    except (DBAPIError, sqlite3.DatabaseError) as exc:
        engine.dispose()
        raise StoreError(f"{db_path}: not a job database: {getattr(exc, 'orig', exc)}") from exc
    if revision != SCHEMA_REVISION:
        engine.dispose()
        raise StoreError(
            f"{db_path}: schema {revision}, expected {SCHEMA_REVISION}: open it with the writer first"
        )
    return Database(path=db_path, engine=engine, read_engine=engine)
