"""How cost grows with the database: 10k, 100k and 1M jobs (SQLite; PostgreSQL where its server is).

Targets: search and job-list p95 <= 50 ms at 1M jobs; nothing grows faster than linearly.

Per size a database is built through ``jobscraper import`` (in this process, ``--no-embed``) from a
JSON Lines file of synthetic postings (``bench/_scale_data.py``: ``bench/_data.py``'s boards,
titles, companies, locations, skills, salaries and markdown descriptions, plus each company's
"About us" and an equal-opportunity line: ~2 KB a description; ~10 % of postings re-posts of a job on
another board), then given dates spread over four months and a user's statuses, favourites,
hidden and archived jobs (on PostgreSQL ``job_search`` is then clustered by id: those updates
moved its rows, where SQLite's stay in place). SQLite databases are cached under ``--workdir`` (default
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
The databases are built (and cached) by ``bench/_scale_build.py``, the measures taken by
``bench/_scale_measure.py``.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path
from typing import Any

from _data import make_queries
from _scale_build import PG_OPTIONS, postgres_db, sqlite_db
from _scale_measure import measure_postgres, measure_sqlite
from _scale_report import Measure, render

ROOT = Path(__file__).resolve().parent.parent


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
