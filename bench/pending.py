"""Finding the jobs that wait for extraction on a large database: before and after migration 0021.

After every scrape the extraction pass pages through the jobs needing extraction (64 at a time, in
id order: ``store.enrich.pending_page``), and ``jobscraper status`` and the Analytics page count
them (``store.enrich.pending_count``). A real database has few such jobs (extraction follows each
scrape); without an index on that condition both asked every active job.

For each database given (SQLite file or PostgreSQL URL, at schema 0021, with jobs that are mostly
extracted — e.g. ``bench/scale.py``'s cached databases after
``UPDATE job SET extraction_version = 1, extracted_at = updated_at WHERE id <= max - 100``):

(a) baseline: the statements as they were before 0021 (``needs_extraction`` over ``job``, no
    index hint) with ``ix_job_pending_extraction`` dropped inside a transaction that is rolled
    back, so the database is left as it was;
(b) ours: ``pending_count`` and the pass's pages through ``pending_page``, as the product runs them.

Each is timed warm (one untimed run first), the median of ``--repeat`` runs: the count, and the
whole pass (every page until a short one). Both sides must find the same jobs (checked). The
ratio printed last is baseline / ours for the pass.

    uv run --frozen python bench/pending.py /tmp/x1m.db postgresql+psycopg://…/pend1m
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PAGE = 64  # the pass's page: extraction.batch_size (16) x actors.enrich.IN_FLIGHT (4)


def _timed(fn: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    result = fn()  # warm
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times), result


def _walk(page: Callable[[int], list[int]]) -> list[int]:
    found: list[int] = []
    cursor = 0
    while True:
        ids = page(cursor)
        found += ids
        if len(ids) < PAGE:
            return found
        cursor = ids[-1]


def _baseline(conn: Any, repeat: int) -> tuple[float, float, int, list[int]]:
    from sqlalchemy import func, select

    from jobscraper.store.enrich import needs_extraction
    from jobscraper.store.tables import JOB

    conn.exec_driver_sql("DROP INDEX ix_job_pending_extraction")  # rolled back by the caller
    count = select(func.count()).where(needs_extraction())

    def page(cursor: int) -> list[int]:
        stmt = select(JOB.c.id, JOB.c.content_hash, JOB.c.title, JOB.c.company, JOB.c.description)
        stmt = stmt.where(needs_extraction(), JOB.c.id > cursor).order_by(JOB.c.id).limit(PAGE)
        return [int(row.id) for row in conn.execute(stmt)]

    count_ms, n = _timed(lambda: int(conn.execute(count).scalar_one()), repeat)
    pass_ms, ids = _timed(lambda: _walk(page), repeat)
    return count_ms, pass_ms, n, ids


def _ours(conn: Any, repeat: int) -> tuple[float, float, int, list[int]]:
    from jobscraper.store.enrich import pending_count, pending_page

    count_ms, n = _timed(lambda: pending_count(conn), repeat)
    pass_ms, ids = _timed(lambda: _walk(lambda c: [p.id for p in pending_page(conn, c, PAGE)]), repeat)
    return count_ms, pass_ms, n, ids


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("databases", nargs="+", help="SQLite files or PostgreSQL URLs (schema 0021)")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    from jobscraper.store import open_database

    for target in args.databases:
        t = time.perf_counter()
        db = open_database(target)  # migrates to 0021 if older: that time is printed
        opened = time.perf_counter() - t
        with db.reader() as conn:
            jobs = int(conn.exec_driver_sql("SELECT count(*) FROM job").scalar_one())
        name = db.path.name if db.path is not None else target.rsplit("/", 1)[-1]
        print(f"{name} ({db.engine.dialect.name}): {jobs:,} jobs; opened in {opened:.1f} s")
        with db.engine.connect() as conn, conn.begin() as tx:
            a = _baseline(conn, args.repeat)
            tx.rollback()
        with db.reader() as conn:
            b = _ours(conn, args.repeat)
        db.dispose()
        if (a[2], a[3]) != (b[2], b[3]):
            print(f"  MISMATCH: baseline found {a[2]} ({len(a[3])} paged), ours {b[2]} ({len(b[3])})")
            return 1
        print(f"  pending: {b[2]:,}, the same on both sides")
        print(f"  count   baseline {a[0]:9.2f} ms   ours {b[0]:8.2f} ms   ratio {a[0] / b[0]:8.1f}x")
        print(f"  pass    baseline {a[1]:9.2f} ms   ours {b[1]:8.2f} ms   ratio {a[1] / b[1]:8.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
