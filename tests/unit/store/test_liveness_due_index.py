"""``ix_job_liveness_due`` (migration 0023): the liveness pass's jobs read in its order from an
index, two ranges up to the limit, instead of every open job sorted.

On SQLite and PostgreSQL: the jobs and their order equal a plain reading of the rule over every
job (open, active; failures first, most first; then the jobs nothing has shown open for
``min_days``, longest first; ties by id), for every limit; both planners read the index; 0023 goes
down and up keeping the jobs.
"""

from __future__ import annotations

import importlib
import random
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import inspect, select, update

from jobscraper.store import Database, SyncEngine
from jobscraper.store.liveness import DUE_INDEX, due_checks
from jobscraper.store.tables import JOB
from tests.alembic_steps import migrate
from tests.query_plans import plan, recorded

MakePosting = Callable[..., dict[str, Any]]
_0023: Any = importlib.import_module("jobscraper.store.migrations.versions.0023_liveness_due_index")
NOW = datetime(2026, 6, 1, tzinfo=UTC)


def _scatter(db: Database, make_posting: MakePosting, n: int) -> list[dict[str, Any]]:
    """``n`` jobs with every kind of liveness state, ties included; their rows."""
    SyncEngine(db).upsert([make_posting(title=f"Engineer {i}") for i in range(n)])
    rng = random.Random(7)
    days = [NOW - timedelta(days=d) for d in (0, 1, 2, 3, 5, 8, 8, 13)]
    with db.writer() as conn:
        for job_id in conn.execute(select(JOB.c.id)).scalars().all():
            conn.execute(
                update(JOB)
                .where(JOB.c.id == job_id)
                .values(
                    last_seen=rng.choice(days),
                    last_checked_at=rng.choice([None, *days]),
                    failed_checks=rng.choice([0, 0, 0, 1, 2]),
                    closed_at=rng.choice([None] * 6 + [NOW]),
                    archived_at=rng.choice([None] * 6 + [NOW]),
                )
            )
    with db.reader() as conn:
        return [dict(r._mapping) for r in conn.execute(select(JOB))]


def _rule(rows: list[dict[str, Any]], min_days: float, limit: int) -> list[int]:
    """The pass's jobs by the rule, over every job, in Python."""
    cutoff = NOW - timedelta(days=min_days)

    def utc(value: datetime) -> datetime:
        return value if value.tzinfo else value.replace(tzinfo=UTC)

    def known_open(r: dict[str, Any]) -> datetime:
        return max(utc(r["last_seen"]), utc(r["last_checked_at"] or r["last_seen"]))

    open_ = [r for r in rows if r["closed_at"] is None and r["archived_at"] is None]
    failing = sorted(
        (r for r in open_ if r["failed_checks"] > 0),
        key=lambda r: (-r["failed_checks"], known_open(r), r["id"]),
    )
    oldest = sorted(
        (r for r in open_ if r["failed_checks"] == 0 and known_open(r) <= cutoff),
        key=lambda r: (known_open(r), r["id"]),
    )
    return [r["id"] for r in [*failing, *oldest]][:limit]


def test_the_pass_takes_the_jobs_the_rule_gives_in_its_order(
    either_db: Database, make_posting: MakePosting
) -> None:
    rows = _scatter(either_db, make_posting, 60)
    for min_days in (0, 3, 7.5, 30):
        for limit in (1, 4, 10, 25, 100):
            found = [t.job_id for t in due_checks(either_db, NOW, min_days=min_days, limit=limit)]
            assert found == _rule(rows, min_days, limit), (min_days, limit)


def test_both_ranges_are_read_from_the_index(either_db: Database, make_posting: MakePosting) -> None:
    _scatter(either_db, make_posting, 30)
    with recorded(either_db, "failed_checks") as seen:
        due_checks(either_db, NOW, min_days=3, limit=1000)
    assert len(seen) == 2
    for statement, params in seen:
        found = plan(either_db, statement, params)
        assert DUE_INDEX in found, (statement, found)
        assert "TEMP B-TREE" not in found, found  # SQLite: read in the index's order, not sorted


def test_0023_goes_down_and_up_keeping_the_jobs(either_db: Database, make_posting: MakePosting) -> None:
    rows = _scatter(either_db, make_posting, 10)
    migrate(either_db, "0022", down=True)
    assert DUE_INDEX not in {i["name"] for i in inspect(either_db.engine).get_indexes("job")}
    with either_db.reader() as conn:
        assert sorted(conn.execute(select(JOB.c.id)).scalars()) == sorted(r["id"] for r in rows)
    migrate(either_db, "0023")
    assert [t.job_id for t in due_checks(either_db, NOW, min_days=3, limit=100)] == _rule(rows, 3, 100)
