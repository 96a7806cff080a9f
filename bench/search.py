"""Search latency: FTS5 (``jobscraper.store.search.search_jobs``) against LIKE scans.

Target: p50 speed-up >= 20x over LIKE, and FTS p95 <= 20 ms.

A database of ``--n`` postings (default 100,000, ~10 % of them re-posts on a second board, so
~90,000 jobs) is built with ``SyncEngine.upsert`` in batches of 2,000; then, seeded, ~15 % of
the jobs get a user status other than "new", ~2 % are archived and ~1 % hidden. The file is
cached under ``$TMPDIR/jobscraper-bench/`` keyed by n, seed and data version, so re-runs skip the
build (``--rebuild`` forces it); the build time is printed, and remembered next to the file.

Then ``--queries`` (default 200) seeded requests — one or two search words a user would type
(python, kubernetes, c++, "senior python", "data engineer", …) plus random filters (remote,
min_salary, location, posted_since, source, status), sorted by relevance, posted date or salary,
page 1 of 25 — run two ways, each timed per request with ``time.perf_counter``, all of one
side then all of the other:

- ours: ``search_jobs(db, JobQuery(...))`` — count + one page, FTS5 MATCH, through SQLAlchemy,
  rows validated into ``JobPublic`` (what the Api does);
- baseline: hand-written SQL on one open stdlib ``sqlite3`` read-only connection: every search
  word must occur as ``LIKE '%word%'`` in title, company, description or skills; the same
  filters (archived and hidden excluded, as ours does by default; the source filter as
  ``id IN (SELECT job_id FROM job_source WHERE site = ?)``, evaluated once — a correlated
  ``EXISTS`` gets a pathological plan on a database without ``ANALYZE`` statistics); a
  ``count(*)`` and the same page of columns; relevance (which LIKE cannot rank) falls back to
  newest-seen first, as ours does without a text query.

Five warm-up requests per side run first, untimed. A request still running after ``--cap-ms``
(default 3,000 ms) is interrupted (SQLite progress handler) and counted as taking the cap, so a
pathological query plan cannot stall the run; the number of capped requests is printed and the
percentiles are then lower bounds. FTS matches tokens (the last one as a prefix), LIKE matches
substrings ("go" also finds "good"), so totals need not agree; the share of requests with the
same total (and within 10 %) is printed as a sanity check.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from _data import make_postings, make_queries
from sqlalchemy import event
from sqlalchemy.exc import OperationalError

from jobscraper.store import JobQuery, SyncEngine, open_database, search_jobs
from jobscraper.store.search import JobPublic

DATA_VERSION = 1  # bump when _data.py changes what it generates
BUILD_BATCH = 2_000
_TOKEN = re.compile(r"[\w+#]+")  # the words jobscraper.store.search.fts_query keeps


# ------------------------------------------------------------------------------------ build
def _db_path(n: int, seed: int) -> Path:
    return Path(tempfile.gettempdir(), "jobscraper-bench", f"search-n{n}-seed{seed}-v{DATA_VERSION}.db")


def build(path: Path, n: int, seed: int) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + f".building-{os.getpid()}")
    t = time.perf_counter()
    postings = make_postings(n, seed)
    gen_s = time.perf_counter() - t
    db = open_database(partial)
    engine = SyncEngine(db)
    t = time.perf_counter()
    for i in range(0, n, BUILD_BATCH):
        engine.upsert(postings[i : i + BUILD_BATCH])
        done = min(i + BUILD_BATCH, n)
        if done % 20_000 == 0 or done == n:
            print(f"    upserted {done}/{n} ({time.perf_counter() - t:.0f} s)", flush=True)
    upsert_s = time.perf_counter() - t
    db.dispose()
    # user state a real database has, so the status filter and the defaults have work to do
    rng = random.Random(seed + 1)
    conn = sqlite3.connect(partial, isolation_level=None)
    ids = [r[0] for r in conn.execute("SELECT id FROM job ORDER BY id")]
    conn.execute("BEGIN IMMEDIATE")
    statuses = ("interested", "applied", "interviewing", "offer", "rejected")
    conn.executemany(
        "UPDATE job SET status = ? WHERE id = ?",
        [(rng.choice(statuses), i) for i in ids if rng.random() < 0.15],
    )
    conn.executemany(
        "UPDATE job SET archived_at = last_seen WHERE id = ?", [(i,) for i in ids if rng.random() < 0.02]
    )
    conn.executemany("UPDATE job SET hidden = 1 WHERE id = ?", [(i,) for i in ids if rng.random() < 0.01])
    conn.execute("COMMIT")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    for suffix in ("-wal", "-shm"):
        Path(str(partial) + suffix).unlink(missing_ok=True)
    partial.replace(path)
    Path(str(partial) + ".migrate.lock").unlink(missing_ok=True)
    line = (
        f"built {path.name}: {n} postings generated in {gen_s:.1f} s, upserted in {upsert_s:.1f} s "
        f"({n / upsert_s:.0f} rows/s, SyncEngine.upsert in batches of {BUILD_BATCH}), "
        f"{path.stat().st_size / 2**20:.0f} MiB"
    )
    _build_note(path).write_text(line + "\n")
    print(line, flush=True)


def _build_note(path: Path) -> Path:
    return path.with_name(path.name + ".build.txt")


# --------------------------------------------------------------------------------- baseline
_LIST_COLUMNS = ", ".join(name for name in JobPublic.model_fields if name != "sources")
_TEXT_COLUMNS = ("title", "company", "description", "skills")


def _like(value: str) -> str:
    return "%" + value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def like_search(conn: sqlite3.Connection, q: dict[str, Any]) -> tuple[int, list[tuple[Any, ...]]]:
    where = ["archived_at IS NULL", "hidden = 0"]
    params: list[Any] = []
    for word in _TOKEN.findall((q.get("q") or "").lower()):
        where.append("(" + " OR ".join(f"{c} LIKE ? ESCAPE '\\'" for c in _TEXT_COLUMNS) + ")")
        params += [_like(word)] * len(_TEXT_COLUMNS)
    if q.get("remote") is True:
        where.append("(is_remote = 1 OR remote_policy = 'remote')")
    elif q.get("remote") is False:
        where.append("(is_remote IS NOT 1 AND (remote_policy IS NULL OR remote_policy != 'remote'))")
    if q.get("min_salary") is not None:
        where.append("coalesce(salary_annual_max, salary_annual_min) >= ?")
        params.append(q["min_salary"])
    if q.get("location"):
        where.append("location LIKE ? ESCAPE '\\'")
        params.append(_like(q["location"]))
    if q.get("posted_since") is not None:
        where.append("date_posted >= ?")
        params.append(q["posted_since"].isoformat())
    if q.get("source"):
        where.append("id IN (SELECT job_id FROM job_source WHERE site = ?)")
        params.append(q["source"])
    if q.get("status"):
        where.append("status = ?")
        params.append(q["status"])
    order = {
        "relevance": "last_seen DESC, id DESC",
        "posted": "date_posted DESC NULLS LAST, id DESC",
        "salary": "coalesce(salary_annual_max, salary_annual_min) DESC NULLS LAST, id DESC",
    }[q.get("sort", "relevance")]
    clause = " AND ".join(where)
    total = conn.execute(f"SELECT count(*) FROM job WHERE {clause}", params).fetchone()[0]
    per_page = q.get("per_page", 25)
    offset = (q.get("page", 1) - 1) * per_page
    rows = conn.execute(
        f"SELECT {_LIST_COLUMNS} FROM job WHERE {clause} ORDER BY {order} LIMIT {per_page} OFFSET {offset}",
        params,
    ).fetchall()
    return int(total), rows


# ------------------------------------------------------------------------------------- run
class Cap:
    """Interrupts a statement running past the request's deadline (SQLite progress handler), so a
    pathological query plan costs ``--cap-ms`` instead of minutes; such requests count as the cap."""

    def __init__(self, cap_ms: float) -> None:
        self.cap_s = cap_ms / 1000
        self.deadline = float("inf")
        self.hits = {"LIKE": 0, "FTS": 0}

    def install(self, conn: sqlite3.Connection) -> None:
        conn.set_progress_handler(lambda: int(time.perf_counter() > self.deadline), 10_000)

    def timed(self, side: str, fn: Any, *args: Any) -> tuple[float, Any]:
        start = time.perf_counter()
        self.deadline = start + self.cap_s
        try:
            result = fn(*args)
        except (sqlite3.OperationalError, OperationalError) as exc:
            if "interrupted" not in str(exc):
                raise
            self.hits[side] += 1
            return self.cap_s * 1000, None
        finally:
            self.deadline = float("inf")
        return (time.perf_counter() - start) * 1000, result


def _pct(values: list[float], p: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[p - 1] if len(values) > 1 else values[0]


def _describe(q: dict[str, Any]) -> str:
    return " ".join(f"{k}={v}" for k, v in q.items() if k not in ("page", "per_page"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000, help="postings in the database (default 100000)")
    parser.add_argument("--queries", type=int, default=200, help="search requests (default 200)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--rebuild", action="store_true", help="rebuild the cached database")
    parser.add_argument(
        "--cap-ms", type=float, default=3000, help="interrupt a request after this long (default 3000)"
    )
    args = parser.parse_args()

    path = _db_path(args.n, args.seed)
    if args.rebuild or not path.exists():
        print(f"building a database of {args.n} postings …", flush=True)
        build(path, args.n, args.seed)
    else:
        note = _build_note(path)
        earlier = note.read_text().strip() if note.exists() else "build time not recorded"
        print(f"using cached {path} (--rebuild to rebuild); earlier: {earlier}")

    queries = make_queries(args.queries, args.seed)
    cap = Cap(args.cap_ms)
    db = open_database(path)
    event.listen(db.read_engine, "connect", lambda dbapi_conn, _rec: cap.install(dbapi_conn))
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    cap.install(conn)
    jobs = conn.execute("SELECT count(*) FROM job").fetchone()[0]
    sources = conn.execute("SELECT count(*) FROM job_source").fetchone()[0]
    print(f"database: {jobs} jobs, {sources} sources; {len(queries)} requests", flush=True)

    for q in queries[:5]:  # warm-up, untimed
        cap.timed("LIKE", like_search, conn, q)
        cap.timed("FTS", search_jobs, db, JobQuery(**q))
    cap.hits = {"LIKE": 0, "FTS": 0}

    like_ms: list[float] = []
    like_totals: list[int | None] = []
    for q in queries:
        ms, result = cap.timed("LIKE", like_search, conn, q)
        like_ms.append(ms)
        like_totals.append(None if result is None else result[0])

    fts_ms: list[float] = []
    fts_totals: list[int | None] = []
    for q in queries:
        ms, page = cap.timed("FTS", search_jobs, db, JobQuery(**q))
        fts_ms.append(ms)
        fts_totals.append(None if page is None else page.total)
    conn.close()
    db.dispose()

    pairs = [(a, b) for a, b in zip(like_totals, fts_totals, strict=True) if a is not None and b is not None]
    same = sum(a == b for a, b in pairs)
    close = sum(abs(a - b) <= 0.1 * max(a, b) for a, b in pairs)
    answered = [t for t in fts_totals if t is not None]
    print(
        f"agreement: same total in {same}/{len(pairs)} requests ({same / max(len(pairs), 1):.0%}), "
        f"within 10 % in {close}/{len(pairs)} ({close / max(len(pairs), 1):.0%}); FTS totals median "
        f"{statistics.median(answered) if answered else 0:.0f}, {answered.count(0)} empty"
    )
    if any(cap.hits.values()):
        print(
            f"CAPPED at {args.cap_ms:.0f} ms (counted as {args.cap_ms:.0f} ms, so the percentiles are lower "
            f"bounds): LIKE {cap.hits['LIKE']}, FTS {cap.hits['FTS']} of {len(queries)} requests"
        )
    slowest = sorted(range(len(queries)), key=lambda i: fts_ms[i], reverse=True)[:5]
    print("slowest FTS requests:")
    for i in slowest:
        total = "capped" if fts_totals[i] is None else fts_totals[i]
        print(f"  {fts_ms[i]:7.1f} ms (LIKE {like_ms[i]:6.1f} ms) total {total:>6}  {_describe(queries[i])}")
    like50, like95 = _pct(like_ms, 50), _pct(like_ms, 95)
    fts50, fts95 = _pct(fts_ms, 50), _pct(fts_ms, 95)
    print(
        f"LIKE: p50 {like50:.1f} ms, p95 {like95:.1f} ms, max {max(like_ms):.1f} ms; "
        f"FTS: p50 {fts50:.1f} ms, p95 {fts95:.1f} ms, max {max(fts_ms):.1f} ms; "
        f"speedup p95 {like95 / fts95:.1f}x"
    )
    print(
        f"search: LIKE p50 {like50:.1f} ms p95 {like95:.1f} ms, FTS p50 {fts50:.1f} ms p95 {fts95:.1f} ms, "
        f"speedup p50 {like50 / fts50:.1f}x"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
