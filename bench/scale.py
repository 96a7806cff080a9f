"""How cost grows with the database: 10k, 100k and 1M jobs (SQLite; PostgreSQL where its server is).

Targets: search and job-list p95 <= 50 ms at 1M jobs; nothing grows faster than linearly.

Per size a database is built through ``jobscraper import`` (in this process, ``--no-embed``) from a
JSON Lines file of synthetic postings (``bench/_scale_data.py``: ``bench/_data.py``'s boards,
titles, companies, locations, skills, salaries and markdown descriptions, plus each company's
"About us" and an equal-opportunity line: ~2 KB a description; ~10 % of postings re-posts of a job on
another board), then given dates spread over four months and a user's statuses, favourites,
hidden and archived jobs. SQLite databases are cached under ``--workdir`` (default
``$TMPDIR/jobscraper-scale``; never inside the repository), keyed by size, seed and data version;
their build time is remembered next to them. A cached file made before a newer migration is
migrated when first opened (the time is printed). PostgreSQL databases (``--pg-sizes``, default
10k and 100k) are cached the same way in a server whose data stay in ``--workdir``/pg-cluster
(started by the run, stopped by the last run using it; ``tests/pg_server.py``), one database per
size with its build note next to the data; a 1M build imports ten files of 100k postings.

Measured per size, on the database as it is (reads) and then on a scratch copy (writes):

- search p95: ``search_jobs`` for ``--queries`` seeded requests of the search box (``_data.make_queries``:
  one or two words, with random filters, sorts by relevance/posted/salary; page 1 of 25), all of
  them, those without a filter, those with one; five warm-ups first;
- API list p95: the real FastAPI app over the real ``ApiBackend`` in this process
  (``fastapi.testclient.TestClient``, a writer body behind a Ray-shaped handle, no Ray): ``GET
  /api/jobs`` as the Jobs page asks for it (no query; pages 1-4; newest posted; one status;
  favourites) and with the search box's words (``meaning=false``: words only — the meaning half
  needs every job embedded, which a 1M-job CPU run cannot do here). The API search is measured
  like the store's search, on a fresh app (its own engine): the same five warm-ups, then the same
  ``--queries`` requests — a running Api's engine is long-lived, and the store's figure is taken
  the same way, so the difference between the two is the API's own cost. Until issue 18 it was
  the first 60 queries right after the list requests on a cold engine (empty SQLite page cache,
  no warm-up), which also counted the cache filling; that figure is still printed, as
  "API search p95 (words, 60 cold)";
- ``status``: ``store.overview.database_overview`` (the database part of ``jobscraper status``);
  ``stats``: ``store.stats.job_stats`` (``GET /api/stats``, the Analytics page); median of 3;
- size per job: the file (plus WAL) or ``pg_database_size`` over the jobs;
- import rate: ``jobscraper import`` of 10,000 new postings into the database of that size;
- writer rate: ``Writer.upsert`` (what the WriterActor runs) of another 10,000 new postings in
  batches of 500 (``Posting`` objects, as scrapers send them). ``--reads-only`` leaves out these
  two (each copies the database first: several minutes at 1M).

Latencies are wall-clock (what a user waits); the rows marked CPU are the same calls' CPU time
of this process (``time.process_time``), which does not count waiting for a core and so stays
meaningful when something else runs on the machine. The table prints each measure per size and its
growth against the smallest size (ratio last), then flags growth faster than linear and missed
targets (``bench/_scale_report.py``). ``--out FILE`` also writes the tables (temp file + rename).
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import io
import json
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from _data import make_queries
from _scale_data import CHUNK, add_user_state, chunks, spread_dates, write_jsonl
from _scale_report import Measure, render

DATA_VERSION = 1  # bump when _scale_data.py changes what it generates
EXTRA = 10_000  # postings per import / writer measure
WRITER_BATCH = 500
ROOT = Path(__file__).resolve().parent.parent


def _pct(values: list[float], p: int) -> float | None:
    if not values:
        return None
    return statistics.quantiles(values, n=100, method="inclusive")[p - 1] if len(values) > 1 else values[0]


def _timed(fn: Callable[[], Any]) -> float:
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000


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
        conn.execute(text("VACUUM ANALYZE"))
    engine.dispose()
    line = (
        f"built by `jobscraper import` in {seconds:.0f} s ({n / seconds:,.0f} postings/s from empty), "
        f"dates, user state and VACUUM ANALYZE {time.perf_counter() - t:.0f} s; schema {SCHEMA_REVISION}"
    )
    note.write_text(line + "\n")
    print(f"  {line}", flush=True)
    return url


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


# ------------------------------------------------------------------------------------- table
def _measures(results: dict[int, dict[str, float | None]]) -> list[Measure]:
    rows = [
        Measure("search p95 (all)", "ms", "op", target=50),
        Measure("search p95 (words only)", "ms", "op", target=50),
        Measure("search p95 (with filters)", "ms", "op", target=50),
        Measure("API job list p95", "ms", "op", target=50),
        Measure("API search p95 (words)", "ms", "op", target=50),
        Measure("API search p95 (words, 60 cold)", "ms", "op"),
        Measure("status (database part)", "ms", "op"),
        Measure("stats", "ms", "op"),
        Measure("CPU: search p95 (all)", "ms", "op"),
        Measure("CPU: API job list p95", "ms", "op"),
        Measure("CPU: API search p95 (words)", "ms", "op"),
        Measure("CPU: API search p95 (60 cold)", "ms", "op"),
        Measure("CPU: status", "ms", "op"),
        Measure("CPU: stats", "ms", "op"),
        Measure("database size per job", "bytes", "per_job"),
        Measure("import rate (+10k)", "jobs/s", "per_job", rate=True),
        Measure("writer rate (+10k)", "jobs/s", "per_job", rate=True),
    ]
    keys = [
        "search_p95", "search_plain_p95", "search_filtered_p95", "list_p95", "api_search_p95",
        "api_search_cold_p95", "status_ms", "stats_ms", "search_p95_cpu", "list_p95_cpu",
        "api_search_p95_cpu", "api_search_cold_p95_cpu", "status_ms_cpu", "stats_ms_cpu", "bytes_per_job",
        "import_rate", "writer_rate",
    ]  # fmt: skip
    for m, key in zip(rows, keys, strict=True):
        m.values = {size: r.get(key) for size, r in results.items()}
    return rows


def _count(text: str) -> int:
    """``10000``, ``10_000``, ``10k`` or ``1M`` as a number."""
    text = text.strip().lower().replace("_", "")
    scale = {"k": 1_000, "m": 1_000_000}.get(text[-1:], 1)
    return int(text[:-1] if scale > 1 else text) * scale


def _sizes(text: str) -> list[int]:
    try:
        sizes = sorted({_count(s) for s in text.split(",") if s.strip()})
    except ValueError:
        raise SystemExit(f"--sizes: comma-separated numbers of jobs, not {text!r}") from None
    if not sizes or sizes[0] < 1000:
        raise SystemExit("--sizes: at least 1000 jobs each")
    return sizes


def _workdir(text: str | None) -> Path:
    workdir = Path(text) if text else Path(tempfile.gettempdir(), "jobscraper-scale")
    workdir = workdir.expanduser().resolve()
    if workdir == ROOT or ROOT in workdir.parents:
        raise SystemExit(f"--workdir {workdir}: inside the repository; give a folder outside it")
    workdir.mkdir(parents=True, exist_ok=True)
    return workdir


def _postgres(
    workdir: Path,
    sizes: list[int],
    seed: int,
    queries: list[dict[str, Any]],
    *,
    reads_only: bool = False,
    rebuild: bool = False,
    build_only: bool = False,
) -> str:
    sys.path.insert(0, str(ROOT))  # tests.pg_server: the server the tests use, its data kept here
    from tests.pg_server import _bindir, kept_postgres_server

    if _bindir() is None:
        return "PostgreSQL: no server binaries (/usr/lib/postgresql/*/bin): not measured"
    results: dict[int, dict[str, float | None]] = {}
    with kept_postgres_server(workdir / "pg-cluster", PG_OPTIONS) as server:
        for n in sizes:
            print(f"PostgreSQL, {n:,} postings:", flush=True)
            url = postgres_db(workdir, server, n, seed, rebuild)
            if build_only:
                continue
            results[n] = measure_postgres(workdir, server, url, seed, queries, reads_only=reads_only)
            print(
                f"    {json.dumps({k: round(v, 2) for k, v in results[n].items() if v is not None})}",
                flush=True,
            )
    jobs = ", ".join(f"{int(r['jobs'] or 0):,}" for r in results.values())
    return render(_measures(results), sizes, f"PostgreSQL ({jobs} active jobs)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes", default="10000,100000,1000000", help="postings per database (default 10k,100k,1M)"
    )
    parser.add_argument("--pg-sizes", default="10000,100000", help="PostgreSQL sizes ('' for none)")
    parser.add_argument(
        "--workdir", help="cache of databases and postings (default $TMPDIR/jobscraper-scale)"
    )
    parser.add_argument("--queries", type=int, default=200, help="search requests per size (default 200)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--rebuild", action="store_true", help="rebuild the cached databases")
    parser.add_argument(
        "--build-only", action="store_true", help="build the cached databases, measure nothing"
    )
    parser.add_argument(
        "--reads-only",
        action="store_true",
        help="skip the import and writer rates (each copies the database: minutes at 1M)",
    )
    parser.add_argument("--out", type=Path, help="also write the tables to this file")
    args = parser.parse_args()
    sizes, workdir = _sizes(args.sizes) if args.sizes.strip() else [], _workdir(args.workdir)
    pg_sizes = _sizes(args.pg_sizes) if args.pg_sizes.strip() else []
    queries = make_queries(args.queries, args.seed)
    print(f"workdir {workdir}; sizes {sizes}; PostgreSQL sizes {pg_sizes or 'none'}", flush=True)

    results: dict[int, dict[str, float | None]] = {}
    for n in sizes:
        print(f"SQLite, {n:,} postings:", flush=True)
        path = sqlite_db(workdir, n, args.seed, args.rebuild)
        if args.build_only:
            continue
        results[n] = measure_sqlite(workdir, path, args.seed, queries, reads_only=args.reads_only)
        print(
            f"    {json.dumps({k: round(v, 2) for k, v in results[n].items() if v is not None})}", flush=True
        )
    if args.build_only:
        if pg_sizes:
            _postgres(workdir, pg_sizes, args.seed, queries, rebuild=args.rebuild, build_only=True)
        return 0
    jobs = ", ".join(f"{int(r['jobs'] or 0):,}" for r in results.values())
    tables = [render(_measures(results), sizes, f"SQLite ({jobs} active jobs)")] if sizes else []
    if pg_sizes:
        tables.append(
            _postgres(workdir, pg_sizes, args.seed, queries, reads_only=args.reads_only, rebuild=args.rebuild)
        )
    report = "\n\n".join(tables)
    print("\n" + report)
    if args.out:
        partial = args.out.with_name(args.out.name + ".part")
        partial.write_text(report + "\n")
        partial.replace(args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
