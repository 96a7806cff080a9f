"""The plans of the statements a store function ran, on SQLite or PostgreSQL: for tests that check
an index is read (a partial or an expression index is used only for a query written its way)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event

from jobscraper.store import Database

__all__ = ["plan", "recorded"]


@contextmanager
def recorded(db: Database, word: str) -> Iterator[list[tuple[str, Any]]]:
    """The statements (and parameters) that mention ``word`` run on ``db``'s read engine meanwhile."""
    seen: list[tuple[str, Any]] = []

    def record(_conn: Any, _cursor: Any, statement: str, params: Any, *_: Any) -> None:
        if word in statement and not statement.lstrip().upper().startswith(("EXPLAIN", "ANALYZE")):
            seen.append((statement, params))

    event.listen(db.read_engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(db.read_engine, "before_cursor_execute", record)


def plan(db: Database, statement: str, params: Any) -> str:
    """The statement's plan, its lines joined by `` | ``. On PostgreSQL after ``ANALYZE job`` and
    with sequential scans off: a test's few rows would make a scan the planner's pick."""
    with db.reader() as conn:
        if db.path is None:
            conn.exec_driver_sql("ANALYZE job")
            conn.exec_driver_sql("SET LOCAL enable_seqscan = off")
            return " | ".join(str(r[0]) for r in conn.exec_driver_sql(f"EXPLAIN {statement}", params))
        return " | ".join(str(r[-1]) for r in conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", params))
