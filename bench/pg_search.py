"""The PostgreSQL search's per-query times and results on ``bench/scale.py``'s cached databases.

``bench/scale.py`` prints the search p95 per size; this prints which of its queries make the tail
(the slowest, with their filters and time) and keeps what each query returned (the page's ids, the
total, whether it is capped) so a change to the search's plans can be checked to return the same
pages and totals: ``--save FILE`` writes them (temp file + rename), ``--compare FILE`` reports each
query whose result differs from the saved one (exit status 1 when any does).

The queries are ``bench/scale.py``'s (``_data.make_queries``, same count and seed), run in the same
order after the same five warm-ups; each size's database is the cached one ``bench/scale.py``
builds (``--workdir``; never built here: run ``bench/scale.py --build-only`` first). The server is
the kept one (``tests/pg_server.py``), started if no other process runs it.

``--explain N`` also prints, for the N slowest queries, every statement that took over 5 ms with
its ``EXPLAIN (ANALYZE, BUFFERS)`` (run again: warm).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

from _data import make_queries

ROOT = Path(__file__).resolve().parent.parent
DATA_VERSION = 1  # bench/scale.py's
SLOW_STATEMENT_MS = 5.0


def _count(text: str) -> int:
    text = text.strip().lower().replace("_", "")
    scale = {"k": 1_000, "m": 1_000_000}.get(text[-1:], 1)
    return int(text[:-1] if scale > 1 else text) * scale


def _key(q: dict[str, Any]) -> str:
    return json.dumps(q, sort_keys=True, default=str)


def _p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[94] if len(values) > 1 else values[0]


class _Statements:
    """Each statement's SQL, parameters and milliseconds, while ``on``."""

    def __init__(self, engine: Any) -> None:
        from sqlalchemy import event

        self.on = False
        self.seen: list[tuple[float, str, Any]] = []
        event.listen(engine, "before_cursor_execute", self._before)
        event.listen(engine, "after_cursor_execute", self._after)

    def _before(self, conn: Any, cursor: Any, statement: str, params: Any, context: Any, many: bool) -> None:
        conn.info["bench_t"] = time.perf_counter()

    def _after(self, conn: Any, cursor: Any, statement: str, params: Any, context: Any, many: bool) -> None:
        if self.on:
            self.seen.append(((time.perf_counter() - conn.info["bench_t"]) * 1000, statement, params))


def _explain(db: Any, statement: str, params: Any) -> str:
    from sqlalchemy import text

    if not statement.lstrip().upper().startswith("SELECT") or "set_config" in statement:
        return "(not explained)"
    with db.engine.connect() as conn:
        raw = conn.connection.dbapi_connection
        assert raw is not None
        with raw.cursor() as cur:
            cur.execute("SET work_mem = '64MB'")
            cur.execute(f"EXPLAIN (ANALYZE, BUFFERS) {statement}", params)
            lines = [row[0] for row in cur.fetchall()]
        conn.execute(text("ROLLBACK"))
    return "\n".join(lines)


def run_size(url: str, queries: list[dict[str, Any]], explain: int) -> dict[str, Any]:
    """Each query's wall milliseconds and result, and the slowest queries' statements."""
    from jobscraper.store import JobQuery, open_database, search_jobs

    db = open_database(url)
    for q in queries[:5]:
        search_jobs(db, JobQuery(**q))
    times: list[float] = []
    results: dict[str, Any] = {}
    for q in queries:
        t = time.perf_counter()
        page = search_jobs(db, JobQuery(**q))
        times.append((time.perf_counter() - t) * 1000)
        results[_key(q)] = {
            "ids": [j.id for j in page.items],
            "total": page.total,
            "capped": page.total_capped,
        }
    order = sorted(range(len(queries)), key=lambda i: -times[i])
    print(f"  p95 {_p95(times):.1f} ms, median {statistics.median(times):.1f}, max {max(times):.1f}")
    for i in order[:15]:
        r = results[_key(queries[i])]
        print(f"  {times[i]:7.1f} ms  total {r['total']}{'+' if r['capped'] else ''}  {_key(queries[i])}")
    if explain:
        statements = _Statements(db.read_engine)
        for i in order[:explain]:
            print(f"\n=== {_key(queries[i])}")
            statements.seen.clear()
            statements.on = True
            t = time.perf_counter()
            search_jobs(db, JobQuery(**queries[i]))
            print(f"  again: {(time.perf_counter() - t) * 1000:.1f} ms")
            statements.on = False
            for ms, statement, params in list(statements.seen):
                print(f"--- {ms:.1f} ms: {' '.join(statement.split())[:600]}  {params}")
                if ms >= SLOW_STATEMENT_MS:
                    print(_explain(db, statement, params))
    db.dispose()
    return {"times": times, "results": results, "keys": [_key(q) for q in queries]}


def _compare(saved: dict[str, Any], now: dict[str, Any]) -> int:
    differ = 0
    for size, run in now.items():
        before = saved.get(size, {}).get("results", {})
        for key, result in run["results"].items():
            if key in before and before[key] != result:
                differ += 1
                print(f"DIFFERS at {size}: {key}\n  was {before[key]}\n  now {result}")
        print(f"{size}: {sum(k in before for k in run['results'])} compared")
        then = saved.get(size, {}).get("times")
        if then and len(then) == len(run["times"]):
            pairs = sorted(zip(run["times"], then, run["keys"], strict=True), key=lambda p: p[1] - p[0])
            print(
                f"  time now/before: p95 {_p95(run['times']):.1f}/{_p95(then):.1f} ms, "
                f"sum {sum(run['times']):.0f}/{sum(then):.0f} ms; slower the most:"
            )
            for now_ms, then_ms, key in pairs[:5]:
                print(f"    {now_ms:7.1f} ms (was {then_ms:7.1f})  {key}")
    return differ


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pg-sizes", default="10k,100k,1M")
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/jsscale"))
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--explain", type=int, default=0, help="statements of the N slowest queries")
    parser.add_argument("--save", type=Path, help="write each query's result to this file")
    parser.add_argument("--compare", type=Path, help="report the queries whose result differs from this file")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from tests.pg_server import kept_postgres_server

    queries = make_queries(args.queries, args.seed)
    runs: dict[str, Any] = {}
    with kept_postgres_server(args.workdir / "pg-cluster", "-c fsync=off -c max_wal_size=4GB") as server:
        for n in [_count(s) for s in args.pg_sizes.split(",") if s.strip()]:
            print(f"PostgreSQL, {n:,} postings:", flush=True)
            runs[str(n)] = run_size(
                f"{server}/scale_n{n}_s{args.seed}_v{DATA_VERSION}", queries, args.explain
            )
    if args.save:
        part = args.save.with_name(args.save.name + ".part")
        part.write_text(json.dumps(runs, default=lambda v: v.isoformat() if isinstance(v, date) else str(v)))
        part.replace(args.save)
    if args.compare:
        differ = _compare(json.loads(args.compare.read_text()), runs)
        print(f"{differ} results differ")
        return 1 if differ else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
