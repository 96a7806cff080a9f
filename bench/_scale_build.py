"""Building ``bench/scale.py``'s cached databases: through ``jobscraper import`` of the synthetic postings.

Apart from ``bench/scale.py`` (the command line and the table) and ``bench/_scale_measure.py`` (what
is measured) because it is the one part that writes the cache under ``--workdir``: the names and
notes of the cached JSON Lines files, SQLite files and PostgreSQL databases are all made here, keyed
by size, seed and :data:`DATA_VERSION`.
"""

from __future__ import annotations

import contextlib
import io
import json
import sqlite3
import time
from pathlib import Path

from _scale_data import CHUNK, add_user_state, spread_dates, write_jsonl

__all__ = ["DATA_VERSION", "PG_OPTIONS", "PG_PART", "cli_import", "postgres_db", "sqlite_db"]

DATA_VERSION = 1  # bump when _scale_data.py changes what it generates


# ------------------------------------------------------------------------------ the CLI import
def _config(workdir: Path, url: str | None) -> Path:
    cfg = workdir / ("pg.yaml" if url else "sqlite.yaml")
    text = "ray:\n  use_cluster_writer: false\n"
    if url:
        text += f"database:\n  url: {json.dumps(url)}\n"
    cfg.write_text(text)
    return cfg


def cli_import(workdir: Path, file: Path, db: Path | None = None, url: str | None = None) -> float:
    """Seconds that ``jobscraper import FILE --no-embed`` took in this process."""
    from jobscraper.cli import main

    args = ["import", str(file), "--no-embed", "--config", str(_config(workdir, url))]
    if db is not None:
        args += ["--db", str(db)]
    out = io.StringIO()
    start = time.perf_counter()
    with contextlib.redirect_stdout(out):
        try:
            main(args)
        except SystemExit as exc:
            if exc.code not in (0, None):
                raise RuntimeError(f"jobscraper import failed ({exc.code}): {out.getvalue()}") from exc
    return time.perf_counter() - start


# --------------------------------------------------------------------------------------- build
def _jsonl(workdir: Path, n: int, seed: int, first_chunk: int = 0) -> Path:
    path = workdir / f"postings-n{n}-s{seed}-c{first_chunk}-v{DATA_VERSION}.jsonl"
    if not path.exists():
        t = time.perf_counter()
        write_jsonl(path, n, seed, first_chunk)
        print(f"    generated {path.name} in {time.perf_counter() - t:.0f} s", flush=True)
    return path


def _finish_sqlite(path: Path, seed: int) -> None:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    spread_dates(conn, seed)
    add_user_state(conn, seed)
    conn.execute("COMMIT")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()


def sqlite_db(workdir: Path, n: int, seed: int, rebuild: bool) -> Path:
    """The cached SQLite database of ``n`` postings, built through ``jobscraper import`` if missing."""
    path = workdir / f"scale-n{n}-s{seed}-v{DATA_VERSION}.db"
    note = path.with_name(path.name + ".build.txt")
    if path.exists() and not rebuild:
        print(f"  using cached {path.name}; {note.read_text().strip() if note.exists() else ''}", flush=True)
        return path
    print(f"  building {path.name} …", flush=True)
    source = _jsonl(workdir, n, seed)
    partial = path.with_name(f"{path.name}.building")
    for leftover in workdir.glob(f"{partial.name}*"):
        leftover.unlink()
    seconds = cli_import(workdir, source, db=partial)
    _finish_sqlite(partial, seed)
    for suffix in ("-wal", "-shm", ".migrate.lock"):
        Path(f"{partial}{suffix}").unlink(missing_ok=True)
    partial.replace(path)
    source.unlink()
    line = f"built by `jobscraper import` in {seconds:.0f} s ({n / seconds:,.0f} postings/s from empty)"
    note.write_text(line + "\n")
    print(f"  {line}", flush=True)
    return path


PG_PART = 100_000  # postings per JSON Lines file when a PostgreSQL database is built in parts
PG_OPTIONS = "-c fsync=off -c max_wal_size=4GB"  # a cache, rebuilt if lost; fewer checkpoints


def _pg_exists(server: str, name: str) -> bool:
    from sqlalchemy import create_engine, text

    admin = create_engine(f"{server}/postgres", isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            found = conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name})
            return found.first() is not None
    finally:
        admin.dispose()


def _pg_admin(server: str, sql: str) -> None:
    from sqlalchemy import create_engine, text

    admin = create_engine(f"{server}/postgres", isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(sql))
    finally:
        admin.dispose()


def postgres_db(workdir: Path, server: str, n: int, seed: int, rebuild: bool) -> str:
    """The URL of the cached PostgreSQL database of ``n`` postings on the kept server, built
    through ``jobscraper import`` (in files of :data:`PG_PART` postings: bounded memory and disk)
    when missing, half built (no build note) or ``rebuild``; one made before a newer migration is
    migrated when first opened."""
    from sqlalchemy import create_engine, text

    from jobscraper.store.db import SCHEMA_REVISION

    name = f"scale_n{n}_s{seed}_v{DATA_VERSION}"
    note = workdir / "pg-cluster" / f"{name}.build.txt"
    url = f"{server}/{name}"
    if not rebuild and note.exists() and _pg_exists(server, name):
        print(f"  using cached PostgreSQL {name}; {note.read_text().strip()}", flush=True)
        return url
    print(f"  building PostgreSQL {name} …", flush=True)
    note.unlink(missing_ok=True)
    _pg_admin(server, f'DROP DATABASE IF EXISTS "{name}"')
    _pg_admin(server, f'CREATE DATABASE "{name}"')
    seconds = 0.0
    for done in range(0, n, PG_PART):
        part = n if n <= PG_PART else min(PG_PART, n - done)
        source = _jsonl(workdir, part, seed, first_chunk=done // CHUNK)
        seconds += cli_import(workdir, source, url=url)
        print(f"    {done + part:,} imported ({seconds:.0f} s)", flush=True)
        if done:  # the first part is the 100k file the smaller builds share
            source.unlink()
        if n <= PG_PART:
            break
    t = time.perf_counter()
    engine = create_engine(url)
    with engine.begin() as conn:
        raw = conn.connection.dbapi_connection
        assert raw is not None
        with raw.cursor() as cur:
            spread_dates(cur, seed, sqlite=False)
            add_user_state(cur, seed, sqlite=False)
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        # the dates and user state above rewrote every row of job_search elsewhere in the table
        # (MVCC; SQLite updates rows in place): put them back in the order they arrived, as in a
        # database written as jobs come (a fresh 1M build: heap 304 -> 154 MB, id correlation 0.66 -> 1).
        conn.execute(text("CLUSTER job_search USING job_search_pkey"))
        conn.execute(text("VACUUM ANALYZE"))
    engine.dispose()
    line = (
        f"built by `jobscraper import` in {seconds:.0f} s ({n / seconds:,.0f} postings/s from empty), "
        f"dates, user state, CLUSTER and VACUUM ANALYZE {time.perf_counter() - t:.0f} s; "
        f"schema {SCHEMA_REVISION}"
    )
    note.write_text(line + "\n")
    print(f"  {line}", flush=True)
    return url
