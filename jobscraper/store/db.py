"""Opening the job database: SQLite in WAL mode, or PostgreSQL through a URL, migrated to the
newest schema on first use.

Two engines per file: the *write* engine begins every transaction with ``BEGIN IMMEDIATE`` (it
takes the write lock up front, so a writer never fails half-way on a lock upgrade), the *read*
engine opens the file read-only. Both wait ``busy_timeout_ms`` for locks. Schema changes go
through Alembic (``migrations/``); :func:`open_database` upgrades a new or older file under a
file lock, so two processes opening a fresh file at once do not race.

PostgreSQL (``database.url``: ``postgresql+psycopg://user:password@host/dbname``, the ``postgres``
extra) gets the same two engines without the SQLite pragmas: a write transaction first takes a
transaction-level advisory lock, so writers still take turns as ``BEGIN IMMEDIATE`` makes them on
SQLite (the sync engine reads, then writes, and relies on that); read transactions are ``READ ONLY``
and ``REPEATABLE READ`` (one snapshot); ``busy_timeout_ms`` becomes the ``lock_timeout``. The same
migrations run under a session advisory lock (``pg_advisory_lock``) instead of the file lock.
"""

from __future__ import annotations

import fcntl
import logging
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import URL, Connection, Engine, Insert, Table, create_engine, event, inspect, make_url, text
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import ArgumentError, DBAPIError
from sqlalchemy.pool import NullPool

from jobscraper.errors import StoreError

log = logging.getLogger(__name__)

__all__ = [
    "SCHEMA_REVISION",
    "Database",
    "check_job_database",
    "insert_ignoring",
    "open_database",
    "open_reader",
]

_MIGRATIONS = Path(__file__).with_name("migrations")
# The newest migration's revision id. Checked against Alembic's own view of the scripts by a
# test; kept here so opening an up-to-date database does not import Alembic (~0.3 s).
SCHEMA_REVISION = "0026"


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


# Advisory lock keys: any two bigints, the same in every process that opens the database.
_MIGRATE_LOCK = 0x6A6F_6273_0000_0001
_WRITE_LOCK = 0x6A6F_6273_0000_0002


def _server_engine(url: URL, busy_timeout_ms: int, *, read_only: bool) -> Engine:
    # ``options`` in the URL (the user's own server settings) win over the lock timeout
    args = {} if "options" in url.query else {"options": f"-c lock_timeout={int(busy_timeout_ms)}"}
    pooled: dict[str, Any] = {"pool_size": 4, "max_overflow": 8, "pool_pre_ping": True, "connect_args": args}
    if read_only:
        engine = create_engine(url, isolation_level="REPEATABLE READ", **pooled)

        @event.listens_for(engine, "connect")
        def _read_only(dbapi_conn: Any, _record: Any) -> None:
            dbapi_conn.read_only = True

        return engine
    engine = create_engine(url, **pooled)

    @event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_WRITE_LOCK})")

    return engine


@dataclass(frozen=True)
class Database:
    """An opened, migrated job database: a write engine and a read-only engine, on one SQLite file
    (``path``) or on a PostgreSQL database (``path`` None; :attr:`location` names it)."""

    path: Path | None
    engine: Engine
    read_engine: Engine

    @property
    def dialect(self) -> str:
        """``sqlite`` or ``postgresql``."""
        return self.engine.dialect.name

    @property
    def location(self) -> str:
        """Where the database is, for messages: the file, or the server's URL without its password."""
        if self.path is not None:
            return str(self.path)
        return self.engine.url.render_as_string(hide_password=True)

    @contextmanager
    def writer(self) -> Iterator[Connection]:
        """A write transaction (``BEGIN IMMEDIATE``; on PostgreSQL after the writers' advisory lock),
        committed on success, rolled back on error."""
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
        current = _current_revision(engine)
        if current == head:  # another process migrated while we waited
            return
        _say_upgrading(str(path), current)
        with engine.connect() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
            conn.commit()


def _say_upgrading(where: str, current: str | None) -> None:
    """Say that an existing database is being migrated (a new one is created silently): on a large
    one a migration takes minutes (0020 at a million jobs on PostgreSQL: ~2 min), which would
    otherwise look like a hang at start."""
    if current is not None:
        log.warning(
            "upgrading the database %s from schema %s to %s; on a large database this can take minutes",
            where,
            current,
            SCHEMA_REVISION,
        )


def _server_revision(conn: Connection) -> str | None:
    if not inspect(conn).has_table("alembic_version"):
        return None
    row = conn.execute(text("SELECT version_num FROM alembic_version")).first()
    return None if row is None else str(row[0])


def _upgrade_server(url: URL) -> None:
    """Migrate a PostgreSQL database to the newest schema; processes take turns on an advisory lock."""
    engine = create_engine(url, poolclass=NullPool)  # its connection's close frees the session lock
    try:
        with engine.connect() as conn:
            if _server_revision(conn) == SCHEMA_REVISION:
                return
            conn.rollback()
            conn.execute(text("SELECT pg_advisory_lock(:key)"), {"key": _MIGRATE_LOCK})
            conn.commit()  # the session's lock stays; a new transaction sees what others committed
            current = _server_revision(conn)
            if current == SCHEMA_REVISION:  # another process migrated while we waited
                return
            _say_upgrading(url.render_as_string(hide_password=True), current)
            from alembic import command

            cfg = _alembic_config()
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")  # in this transaction: PostgreSQL's DDL is transactional
            conn.commit()
    finally:
        engine.dispose()


def database_target(target: Path | str) -> Path | URL:
    """A database file's path, or a server database's URL (a ``sqlite:///file`` URL names a file)."""
    if isinstance(target, Path) or "://" not in target:
        return Path(target)
    try:
        url = make_url(target)
    except ArgumentError as exc:
        raise StoreError(f"not a database URL: {exc}") from exc
    backend = url.get_backend_name()
    if backend == "sqlite":
        if not url.database or url.database == ":memory:":
            raise StoreError(f"{target}: an SQLite URL must name a file (sqlite:///path/to/jobs.db)")
        return Path(url.database)
    if backend != "postgresql":
        shown = url.render_as_string(hide_password=True)
        raise StoreError(f"{shown}: unsupported database {backend!r}; use SQLite or PostgreSQL")
    if url.drivername == "postgresql":  # SQLAlchemy would pick psycopg2; the postgres extra has psycopg 3
        url = url.set(drivername="postgresql+psycopg")
    return url


def _server_error(url: URL, exc: Exception, what: str) -> StoreError:
    shown = url.render_as_string(hide_password=True)
    if isinstance(exc, ImportError):
        return StoreError(f"{shown}: PostgreSQL needs psycopg (`uv sync --extra postgres`): {exc}")
    return StoreError(f"{shown}: {what}: {getattr(exc, 'orig', None) or exc}")


def _open_server(url: URL, busy_timeout_ms: int) -> Database:
    try:
        _upgrade_server(url)
        engine = _server_engine(url, busy_timeout_ms, read_only=False)
    except (DBAPIError, ImportError) as exc:
        raise _server_error(url, exc, "cannot open or migrate the database") from exc
    read_engine = _server_engine(url, busy_timeout_ms, read_only=True)
    return Database(path=None, engine=engine, read_engine=read_engine)


def open_database(path: Path | str, *, busy_timeout_ms: int = 10_000) -> Database:
    """Open (creating and migrating if needed) the job database: the SQLite file at ``path``, or
    the PostgreSQL database a URL names (``postgresql+psycopg://…``; the database must exist)."""
    target = database_target(path)
    if isinstance(target, URL):
        return _open_server(target, busy_timeout_ms)
    db_path = target.expanduser()
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


def check_job_database(path: Path | str, *, busy_timeout_ms: int = 10_000) -> None:
    """Refuse (:class:`StoreError`) to write into the SQLite file at ``path`` when it is damaged
    (``PRAGMA quick_check`` finds a problem) or holds tables but no job database: writing there
    would bury the damage under new rows, or add our tables to someone else's database. A missing
    or empty file is fine (the writer creates the database). Read-only: it never changes the file.
    """
    db_path = Path(path).expanduser().resolve()
    if not db_path.is_file() or db_path.stat().st_size == 0:
        return
    try:
        conn = sqlite3.connect(f"{db_path.as_uri()}?mode=ro", uri=True, timeout=busy_timeout_ms / 1000)
    except sqlite3.Error as exc:
        raise StoreError(f"{db_path}: cannot open the database: {exc}") from exc
    try:
        tables = {str(row[0]) for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        problems = [str(row[0]) for row in conn.execute("PRAGMA quick_check")]
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{db_path}: damaged, or not a database ({exc}); nothing was written") from exc
    finally:
        conn.close()
    if problems != ["ok"]:
        raise StoreError(
            f"{db_path}: the database is damaged ({'; '.join(problems[:2])}); nothing was written — "
            "restore a backup (`jobscraper db backup` makes them)"
        )
    if tables and not {"job", "alembic_version"} & tables:
        raise StoreError(f"{db_path}: not a job database (no job table); nothing was written")


def _open_server_reader(url: URL, busy_timeout_ms: int) -> Database:
    engine: Engine | None = None
    try:
        engine = _server_engine(url, busy_timeout_ms, read_only=True)
        with engine.connect() as conn:
            revision = _server_revision(conn)
    except (DBAPIError, ImportError) as exc:
        if engine is not None:
            engine.dispose()
        raise _server_error(url, exc, "cannot read the database") from exc
    if revision != SCHEMA_REVISION:
        engine.dispose()
        shown = url.render_as_string(hide_password=True)
        raise StoreError(
            f"{shown}: schema {revision}, expected {SCHEMA_REVISION}: open it with the writer first"
        )
    return Database(path=None, engine=engine, read_engine=engine)


def open_reader(path: Path | str, *, busy_timeout_ms: int = 10_000) -> Database:
    """Open an existing job database (a file, or a URL as for :func:`open_database`) for reading
    only (the Api, dashboards): it never migrates or writes; its ``writer()`` fails.
    :class:`StoreError` when the database is missing or not migrated."""
    target = database_target(path)
    if isinstance(target, URL):
        return _open_server_reader(target, busy_timeout_ms)
    db_path = target.expanduser().resolve()
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


def insert_ignoring(conn: Connection, table: Table, index_elements: Sequence[str] | None = None) -> Insert:
    """``INSERT … ON CONFLICT [(index_elements)] DO NOTHING`` for the connection's database."""
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        return pg_insert(table).on_conflict_do_nothing(index_elements=index_elements)
    return sqlite_insert(table).on_conflict_do_nothing(index_elements=index_elements)
