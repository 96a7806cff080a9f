"""What ``bench/scale.py`` measures on one database: the reads (search, the API's list and
search, ``status``, ``stats``, size per job) and the writes (import and writer rates, on a scratch
copy).

Apart from ``bench/scale.py`` (the command line and the table) and ``bench/_scale_build.py`` (the
cached databases) so that the measures, which are what a reader of the figures wants to check, read
on their own; the module docstring of ``bench/scale.py`` says what each one is.
"""

from __future__ import annotations

import contextlib
import gc
import shutil
import sqlite3
import statistics
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from _scale_build import _jsonl, _pg_admin, cli_import
from _scale_data import chunks

__all__ = ["measure_postgres", "measure_sqlite", "read_measures", "write_measures"]

EXTRA = 10_000  # postings per import / writer measure
WRITER_BATCH = 500


def _pct(values: list[float], p: int) -> float | None:
    if not values:
        return None
    return statistics.quantiles(values, n=100, method="inclusive")[p - 1] if len(values) > 1 else values[0]


def _timed(fn: Callable[[], Any]) -> float:
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000


# ------------------------------------------------------------------------------------ measures
class _Call:
    def __init__(self, fn: Any) -> None:
        self._fn = fn

    def remote(self, *args: Any, **kwargs: Any) -> Any:
        async def call() -> Any:
            return self._fn(*args, **kwargs)

        return call()


class _WriterHandle:
    """The writer's body behind a Ray-shaped handle: the Api's start-up asks it who it is."""

    def __init__(self, body: Any) -> None:
        self._body = body

    def __getattr__(self, name: str) -> _Call:
        return _Call(getattr(self._body, name))


@contextlib.contextmanager
def api_client(target: str) -> Iterator[Any]:
    from fastapi.testclient import TestClient

    from jobscraper.config import Settings
    from jobscraper.store import open_database
    from jobscraper.store.writer import Writer
    from serve.backend import ApiBackend
    from serve.http import create_api

    key = "url" if "://" in target else "path"
    settings = Settings.model_validate({"database": {key: target}})
    db = open_database(target)
    handle = _WriterHandle(Writer(db))
    backend = ApiBackend(
        settings,
        start_writer=lambda *args, **kwargs: handle,
        start_coordinator=lambda *args, **kwargs: object(),
    )
    try:
        with TestClient(create_api(backend, router=None), base_url="http://127.0.0.1:8000") as client:
            yield client
    finally:
        db.dispose()


_LIST_REQUESTS: list[dict[str, Any]] = [
    {},
    {"page": 2},
    {"page": 3},
    {"page": 4},
    {"sort": "posted"},
    {"status": "interested"},
    {"favorites": "true"},
]


def _totals(db: Any) -> None:
    from jobscraper.store.stats import job_totals

    with db.reader() as conn:
        job_totals(conn)


class _Times:
    """Wall-clock and CPU milliseconds of each call: the CPU time of this process (all its threads)
    does not count the time spent waiting for a core, so it stays meaningful on a busy machine."""

    def __init__(self) -> None:
        self.wall: list[float] = []
        self.cpu: list[float] = []

    def run(self, fn: Callable[[], Any]) -> Any:
        wall, cpu = time.perf_counter(), time.process_time()
        result = fn()
        self.wall.append((time.perf_counter() - wall) * 1000)
        self.cpu.append((time.process_time() - cpu) * 1000)
        return result

    def put(self, out: dict[str, float | None], key: str, *, median: bool = False) -> None:
        pick: Callable[[list[float]], float | None] = statistics.median if median else lambda v: _pct(v, 95)
        out[key], out[f"{key}_cpu"] = pick(self.wall), pick(self.cpu)


def read_measures(target: str, queries: list[dict[str, Any]], out: dict[str, float | None]) -> None:
    """Search, the API's list and search, stats and status, into ``out``."""
    from jobscraper.store import JobQuery, open_database, search_jobs
    from jobscraper.store.stats import job_stats, job_totals

    t = time.perf_counter()
    db = open_database(target)  # migrates a database made before a newer migration
    opened = time.perf_counter() - t
    if opened > 1:
        print(f"    opening (migrating) took {opened:.1f} s", flush=True)
    with db.reader() as conn:
        out["jobs"] = float(job_totals(conn)["jobs"])
    for q in queries[:5]:
        search_jobs(db, JobQuery(**q))
    every, plain, filtered = _Times(), _Times(), _Times()
    for q in queries:
        times = filtered if set(q) - {"q", "page", "per_page", "sort"} else plain
        times.run(lambda q=q: search_jobs(db, JobQuery(**q)))
        every.wall.append(times.wall[-1])
        every.cpu.append(times.cpu[-1])
    every.put(out, "search_p95")
    plain.put(out, "search_plain_p95")
    filtered.put(out, "search_filtered_p95")
    stats = _Times()
    for _ in range(3):
        stats.run(lambda: job_stats(db))
    stats.put(out, "stats_ms", median=True)
    status = _Times()
    for _ in range(3):
        if db.path is not None:
            from jobscraper.store.overview import database_overview

            status.run(lambda: database_overview(target))
        else:  # the counts behind `status`
            status.run(lambda: _totals(db))
    status.put(out, "status_ms", median=True)
    db.dispose()
    with api_client(target) as client:
        client.get("/api/jobs")
        listed = _Times()
        for _ in range(8):
            for params in _LIST_REQUESTS:
                listed.run(lambda params=params: client.get("/api/jobs", params=params)).raise_for_status()
        listed.put(out, "list_p95")
        cold = _Times()  # the figure before issue 18's like-for-like one below
        for params in _api_params(queries[:60]):
            cold.run(lambda params=params: client.get("/api/jobs", params=params)).raise_for_status()
        cold.put(out, "api_search_cold_p95")
    with api_client(target) as client:  # as the store's search: a fresh engine, five warm-ups
        for params in _api_params(queries[:5]):
            client.get("/api/jobs", params=params).raise_for_status()
        searched = _Times()
        for params in _api_params(queries):
            searched.run(lambda params=params: client.get("/api/jobs", params=params)).raise_for_status()
        searched.put(out, "api_search_p95")


def _api_params(queries: list[dict[str, Any]]) -> list[dict[str, str]]:
    """The search box's requests as ``GET /api/jobs`` parameters, by words only (see the module)."""
    return [
        {k: str(v).lower() if isinstance(v, bool) else str(v) for k, v in q.items()} | {"meaning": "false"}
        for q in queries
    ]


def write_measures(
    workdir: Path, target: str, seed: int, out: dict[str, float | None], db_file: Path | None
) -> None:
    """The import and writer rates of new postings into ``target`` (changes it: a scratch copy)."""
    from jobscraper.posting import Posting
    from jobscraper.store import open_database
    from jobscraper.store.writer import Writer

    extra = _jsonl(workdir, EXTRA, seed, first_chunk=9_000)
    seconds = cli_import(workdir, extra, db=db_file, url=None if db_file else target)
    out["import_rate"] = EXTRA / seconds
    postings = [Posting.model_validate(p) for batch in chunks(EXTRA, seed, first_chunk=9_100) for p in batch]
    db = open_database(target)
    writer = Writer(db)
    start = time.perf_counter()
    for i in range(0, len(postings), WRITER_BATCH):
        writer.upsert(postings[i : i + WRITER_BATCH])
    out["writer_rate"] = len(postings) / (time.perf_counter() - start)
    db.dispose()


def measure_sqlite(
    workdir: Path, path: Path, seed: int, queries: list[dict[str, Any]], *, reads_only: bool = False
) -> dict[str, float | None]:
    out: dict[str, float | None] = {}
    read_measures(str(path), queries, out)
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    jobs = out["jobs"] or 1
    out["bytes_per_job"] = path.stat().st_size / jobs
    if reads_only:
        return out
    scratch = workdir / "scratch.db"
    for leftover in workdir.glob("scratch.db*"):
        leftover.unlink()
    shutil.copyfile(path, scratch)
    try:
        write_measures(workdir, str(scratch), seed, out, db_file=scratch)
    finally:
        for leftover in workdir.glob("scratch.db*"):
            leftover.unlink()
    return out


def measure_postgres(
    workdir: Path,
    server: str,
    url: str,
    seed: int,
    queries: list[dict[str, Any]],
    *,
    reads_only: bool = False,
) -> dict[str, float | None]:
    """The measures of the cached database at ``url``; the writes go to a scratch copy of it."""
    from sqlalchemy import create_engine, text

    out: dict[str, float | None] = {}
    read_measures(url, queries, out)
    engine = create_engine(url)
    with engine.connect() as conn:
        size = conn.execute(text("SELECT pg_database_size(current_database())")).scalar_one()
    engine.dispose()
    out["bytes_per_job"] = size / (out["jobs"] or 1)
    if not reads_only:
        name = url.rsplit("/", 1)[1]
        _pg_admin(server, 'DROP DATABASE IF EXISTS "scratch"')
        gc.collect()  # the API's engines (closed by their finalisers) hold sessions on the template
        _pg_admin(
            server,
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            f"WHERE datname = '{name}' AND pid <> pg_backend_pid()",
        )
        _pg_admin(server, f'CREATE DATABASE "scratch" TEMPLATE "{name}"')
        try:
            write_measures(workdir, f"{server}/scratch", seed, out, db_file=None)
        finally:
            _pg_admin(server, 'DROP DATABASE IF EXISTS "scratch" WITH (FORCE)')
    return out
