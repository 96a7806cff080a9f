"""Finding the jobs that wait for extraction, a vector or a liveness check on a large database:
before and after migrations 0021, 0022 and 0023.

At the start and the end of every scrape run the extraction pass and the embedding pass page
through the jobs that need them (64 at a time, in id order: ``store.enrich.pending_page``,
``store.vectors.pending_vector_page``), in the writer; ``jobscraper status``, the Analytics page
and ``jobscraper reindex`` count them (``pending_count``, ``pending_vector_count``). A real
database has few such jobs (both follow each scrape); without an index of them each pass and
count asked every active job. After the scrape the liveness pass takes a batch of the jobs due for
a check (``store.liveness._due_ids``, 100 by default): without an index in its order every open
job was read and sorted.

For each database given (SQLite file or PostgreSQL URL, opened with ``open_database``, so
migrated to the newest schema first — that time is printed), made of jobs that are mostly
extracted and embedded — e.g. ``bench/scale.py``'s cached databases after
``UPDATE job SET extraction_version = 1, extracted_at = updated_at WHERE id <= max - 100`` and an
``INSERT INTO job_vector`` of those jobs' ids and content hashes:

(a) baseline: the statements as they were before (``needs_extraction`` and the vectors' join over
    every job, no index hint; the liveness rule as one statement over every open job) with
    ``ix_job_pending_extraction``, ``ix_job_pending_vector`` and ``ix_job_liveness_due`` dropped
    inside a transaction that is rolled back, so the database is left as it was;
(b) ours: the functions above, as the product runs them.

Each is timed warm (one untimed run first), the median of ``--repeat`` runs: the count, and the
whole pass (every page until a short one). The model is the one most vectors are of. Both sides
must find the same jobs (checked). The ratio printed last on each line is baseline / ours.

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


Measured = tuple[float, float, int, list[int]]  # count ms, pass ms, count, the pass's ids


def _measure(count: Callable[[], int], page: Callable[[int], list[int]], repeat: int) -> Measured:
    count_ms, n = _timed(count, repeat)
    pass_ms, ids = _timed(lambda: _walk(page), repeat)
    return count_ms, pass_ms, n, ids


def _baseline(conn: Any, model: str, repeat: int) -> tuple[Measured, Measured]:
    from sqlalchemy import func, select

    from jobscraper.store.enrich import needs_extraction
    from jobscraper.store.tables import JOB
    from jobscraper.store.vectors import _PENDING_COLUMNS, VECTOR, _pending_where

    conn.exec_driver_sql("DROP INDEX ix_job_pending_extraction")  # rolled back by the caller
    conn.exec_driver_sql("DROP INDEX ix_job_pending_vector")
    joined = JOB.outerjoin(VECTOR, VECTOR.c.job_id == JOB.c.id)

    def extraction_page(cursor: int) -> list[int]:
        stmt = select(JOB.c.id, JOB.c.content_hash, JOB.c.title, JOB.c.company, JOB.c.description)
        stmt = stmt.where(needs_extraction(), JOB.c.id > cursor).order_by(JOB.c.id).limit(PAGE)
        return [int(row.id) for row in conn.execute(stmt)]

    def vector_page(cursor: int) -> list[int]:
        stmt = select(*_PENDING_COLUMNS).select_from(joined).where(_pending_where(model), JOB.c.id > cursor)
        return [int(row.id) for row in conn.execute(stmt.order_by(JOB.c.id).limit(PAGE))]

    extraction_count = select(func.count()).where(needs_extraction())
    vector_count = select(func.count()).select_from(joined).where(_pending_where(model))
    return (
        _measure(lambda: int(conn.execute(extraction_count).scalar_one()), extraction_page, repeat),
        _measure(lambda: int(conn.execute(vector_count).scalar_one()), vector_page, repeat),
    )


CHECKS = 100  # liveness.batch_size's default
MIN_DAYS = 3.0  # liveness.min_days_between_checks's default


def _due(conn: Any, repeat: int, *, baseline: bool) -> tuple[float, list[int]]:
    """The liveness pass's batch; ``baseline``: one statement over every open job, sorted (the
    same rule and order, without ``ix_job_liveness_due``, dropped by the caller's transaction)."""
    from datetime import timedelta

    from sqlalchemy import func, or_, select

    from jobscraper.store.liveness import _due_ids, known_open
    from jobscraper.store.tables import JOB

    newest = conn.execute(select(func.max(JOB.c.last_seen))).scalar_one()
    cutoff = newest + timedelta(days=1) - timedelta(days=MIN_DAYS)
    if not baseline:
        return _timed(lambda: [int(r.id) for r in _due_ids(conn, cutoff, CHECKS)], repeat)
    conn.exec_driver_sql("DROP INDEX ix_job_liveness_due")
    key = known_open(conn.dialect.name)
    stmt = (
        select(JOB.c.id, JOB.c.job_url, JOB.c.site, JOB.c.company_id)
        .where(
            JOB.c.closed_at.is_(None),
            JOB.c.archived_at.is_(None),
            or_(JOB.c.failed_checks > 0, key <= cutoff),
        )
        .order_by(JOB.c.failed_checks.desc(), key, JOB.c.id)
        .limit(CHECKS)
    )
    return _timed(lambda: [int(r.id) for r in conn.execute(stmt)], repeat)


def _ours(conn: Any, model: str, repeat: int) -> tuple[Measured, Measured]:
    from jobscraper.store.enrich import pending_count, pending_page
    from jobscraper.store.vectors import pending_vector_count, pending_vector_page

    return (
        _measure(lambda: pending_count(conn), lambda c: [p.id for p in pending_page(conn, c, PAGE)], repeat),
        _measure(
            lambda: pending_vector_count(conn, model),
            lambda c: [int(r["id"]) for r in pending_vector_page(conn, model, PAGE, c)],
            repeat,
        ),
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("databases", nargs="+", help="SQLite files or PostgreSQL URLs")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    from jobscraper.store import open_database

    for target in args.databases:
        t = time.perf_counter()
        db = open_database(target)  # migrates an older one first: that time is printed
        opened = time.perf_counter() - t
        with db.reader() as conn:
            jobs = int(conn.exec_driver_sql("SELECT count(*) FROM job").scalar_one())
        name = db.path.name if db.path is not None else target.rsplit("/", 1)[-1]
        print(f"{name} ({db.engine.dialect.name}): {jobs:,} jobs; opened in {opened:.1f} s")
        with db.reader() as conn:
            model = conn.exec_driver_sql(
                "SELECT model_id FROM job_vector GROUP BY model_id ORDER BY count(*) DESC LIMIT 1"
            ).scalar()
        model = str(model or "none")
        with db.engine.connect() as conn, conn.begin() as tx:
            before = _baseline(conn, model, args.repeat)
            due_before = _due(conn, args.repeat, baseline=True)
            tx.rollback()
        with db.reader() as conn:
            after = _ours(conn, model, args.repeat)
            due_after = _due(conn, args.repeat, baseline=False)
        db.dispose()
        for what, a, b in zip(("extraction", f"vector ({model})"), before, after, strict=True):
            if (a[2], a[3]) != (b[2], b[3]):
                print(
                    f"  {what} MISMATCH: baseline found {a[2]} ({len(a[3])} paged), ours {b[2]} ({len(b[3])})"
                )
                return 1
            print(f"  waiting for {what}: {b[2]:,}, the same jobs on both sides")
            print(f"    count  baseline {a[0]:9.2f} ms   ours {b[0]:8.2f} ms   ratio {a[0] / b[0]:8.1f}x")
            print(f"    pass   baseline {a[1]:9.2f} ms   ours {b[1]:8.2f} ms   ratio {a[1] / b[1]:8.1f}x")
        if due_before[1] != due_after[1]:
            print("  liveness MISMATCH: the batches differ")
            return 1
        a_ms, b_ms = due_before[0], due_after[0]
        print(f"  due for a liveness check: a batch of {len(due_after[1])}, the same jobs in the same order")
        print(f"    batch  baseline {a_ms:9.2f} ms   ours {b_ms:8.2f} ms   ratio {a_ms / b_ms:8.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
