"""A throwaway PostgreSQL server for tests, from the Debian ``postgresql`` package's binaries
(``/usr/lib/postgresql/<version>/bin``).

CI installs the package (``.ci/run``), so a missing server is a failure there and a skip elsewhere.
PostgreSQL refuses to run as root: as root, the server runs as the package's ``postgres`` user.
:func:`postgres_server` is the context manager (for fixtures of any scope); ``pg_server`` (one per
module), ``pg_url`` (a new empty database) and ``pg_db`` (it, opened and migrated) are the fixtures
test modules import.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from jobscraper.store import Database, open_database
from tests.ports import free_port

__all__ = ["create_database", "kept_postgres_server", "pg_db", "pg_server", "pg_url", "postgres_server"]


def _bindir() -> Path | None:
    """The newest installed PostgreSQL's server binaries, or None."""
    found = [
        p.parent for p in Path("/usr/lib/postgresql").glob("*/bin/initdb") if (p.parent / "pg_ctl").exists()
    ]
    return max(found, key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0, default=None)


@contextmanager
def postgres_server() -> Iterator[str]:
    """A PostgreSQL server (trust auth, 127.0.0.1 only) while the block runs; its URL without a
    database. Skips the test (fails it in CI) when the server binaries are missing."""
    bindir = _bindir()
    if bindir is None:
        missing = "PostgreSQL server binaries not installed (Debian: apt-get install postgresql)"
        if os.environ.get("CI"):  # .ci/run installs them: in CI a missing server is a failure, not a skip
            pytest.fail(missing)
        pytest.skip(missing)
    as_root = os.geteuid() == 0
    if as_root and shutil.which("runuser") is None:
        pytest.fail("running as root needs runuser to start PostgreSQL as the postgres user")
    run_as = ["runuser", "-u", "postgres", "--"] if as_root else []
    # under /tmp itself: the postgres user cannot enter pytest's root-only temporary folders
    base = Path(tempfile.mkdtemp(prefix="jobscraper-pg-"))
    if as_root:
        shutil.chown(base, user="postgres")
    data, log, port = base / "data", base / "server.log", free_port()

    def run(*args: str) -> None:
        done = subprocess.run([*run_as, *args], capture_output=True, text=True, timeout=120, check=False)
        if done.returncode != 0:
            server_log = log.read_text(errors="replace") if log.exists() else ""
            raise RuntimeError(f"{' '.join(args[:1])} failed:\n{done.stdout}{done.stderr}{server_log}")

    options = f"-p {port} -k {base} -c listen_addresses=127.0.0.1 -c fsync=off"
    try:
        initdb = [str(bindir / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8"]
        run(*initdb, "--no-sync")
        run(str(bindir / "pg_ctl"), "-D", str(data), "-l", str(log), "-w", "-t", "60", "-o", options, "start")
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}"
    finally:
        if (data / "postmaster.pid").exists():
            subprocess.run(
                [*run_as, str(bindir / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"],
                capture_output=True,
                timeout=120,
                check=False,
            )
        shutil.rmtree(base, ignore_errors=True)


@contextmanager
def kept_postgres_server(base: Path, options: str = "") -> Iterator[str]:
    """A PostgreSQL server whose data stay in ``base/data`` between runs (the benchmarks' cache of
    large databases); its URL without a database. A server another process already runs on that
    folder is used as it is; the last process to leave stops it (each holds a shared ``flock`` on
    ``base/users.lock`` while it runs). ``options``: extra ``postgres`` settings (``-c name=value``).
    """
    import fcntl

    bindir = _bindir()
    if bindir is None:
        raise RuntimeError("PostgreSQL server binaries not installed (Debian: apt-get install postgresql)")
    run_as = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    base.mkdir(parents=True, exist_ok=True)
    if run_as:
        shutil.chown(base, user="postgres")
    data, log = base / "data", base / "server.log"

    def run(*args: str) -> None:
        done = subprocess.run([*run_as, *args], capture_output=True, text=True, timeout=600, check=False)
        if done.returncode != 0:
            raise RuntimeError(f"{' '.join(args[:1])} failed:\n{done.stdout}{done.stderr}")

    def running() -> bool:
        done = subprocess.run(
            [*run_as, str(bindir / "pg_ctl"), "-D", str(data), "status"], capture_output=True, check=False
        )
        return done.returncode == 0

    with open(base / "start.lock", "w") as start, open(base / "users.lock", "w") as users:
        fcntl.flock(start, fcntl.LOCK_EX)  # one process at a time initialises or starts the server
        if not (data / "PG_VERSION").exists():
            shutil.rmtree(data, ignore_errors=True)
            run(str(bindir / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8")
        if not running():
            port = free_port()
            server = f"-p {port} -k {base} -c listen_addresses=127.0.0.1 {options}"
            pg_ctl = [str(bindir / "pg_ctl"), "-D", str(data), "-l", str(log), "-w", "-t", "300"]
            run(*pg_ctl, "-o", server, "start")
        port = int((data / "postmaster.pid").read_text().splitlines()[3])
        fcntl.flock(users, fcntl.LOCK_SH)
        fcntl.flock(start, fcntl.LOCK_UN)
        try:
            yield f"postgresql+psycopg://postgres@127.0.0.1:{port}"
        finally:
            fcntl.flock(start, fcntl.LOCK_EX)
            try:  # the last user out (no one else holds users.lock) stops the server
                fcntl.flock(users, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                pass
            else:
                run(str(bindir / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "-t", "300", "stop")


def create_database(server: str) -> str:
    """The URL of a new, empty database on ``server`` (a URL without a database)."""
    name = f"jobs_{uuid.uuid4().hex[:12]}"
    admin = create_engine(f"{server}/postgres", isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    finally:
        admin.dispose()
    return f"{server}/{name}"


@pytest.fixture(scope="module")
def pg_server() -> Iterator[str]:
    """A PostgreSQL server for this module; its URL without a database."""
    with postgres_server() as url:
        yield url


@pytest.fixture
def pg_url(pg_server: str) -> str:
    """The URL of a new, empty database on the module's server."""
    return create_database(pg_server)


@pytest.fixture
def pg_db(pg_url: str) -> Iterator[Database]:
    """A new database on the module's server, opened (and migrated) as the writer opens it."""
    database = open_database(pg_url)
    yield database
    database.dispose()
