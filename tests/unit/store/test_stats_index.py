"""Migration 0013 (``ix_job_stats``, ``ix_job_extracted``): up and down on SQLite and PostgreSQL with
the jobs intact, and on SQLite the status and Analytics counts read these narrow indexes, never the
wide job rows (reading those made both grow much faster than the jobs: ``bench/scale.py``).
Also the skill spelling tie that an index scan (not in job id order) must still break by job id."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from jobrows import add_job
from sqlalchemy import Engine, create_engine, event, inspect, text
from test_liveness_migration import insert_job, migrate

from jobscraper.store import Database, SyncEngine, UserUpdate
from jobscraper.store.overview import database_overview
from jobscraper.store.stats import SkillCount, job_stats

NEW_INDEXES = {"ix_job_stats", "ix_job_extracted"}


def _indexes(engine: Engine) -> set[str]:
    return {i["name"] for i in inspect(engine).get_indexes("job")}


def _up_and_down(engine: Engine) -> None:
    migrate(engine, "0012")
    insert_job(engine)
    assert not NEW_INDEXES & _indexes(engine)
    migrate(engine, "0013")
    assert _indexes(engine) >= NEW_INDEXES
    migrate(engine, "0012", down=True)
    assert not NEW_INDEXES & _indexes(engine)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT notes FROM job")).scalar_one() == "mine"
    migrate(engine, "0013")
    assert _indexes(engine) >= NEW_INDEXES


def test_0013_up_and_down_on_sqlite_keeps_the_jobs(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'jobs.db'}")
    try:
        _up_and_down(engine)
    finally:
        engine.dispose()


def test_0013_up_and_down_on_postgresql_keeps_the_jobs(pg_url: str) -> None:
    engine = create_engine(pg_url)
    try:
        migrate(engine, "0012")
        with engine.begin() as conn:  # insert_job's row, with PostgreSQL's booleans and times
            conn.execute(
                text(
                    "INSERT INTO job (dedup_key, content_hash, job_url, title, first_seen, last_seen, "
                    "updated_at, favorite, notes, status, hidden) VALUES ('k', 'h', 'https://x.test/1', "
                    "'Dev', now(), now(), now(), true, 'mine', 'new', false)"
                )
            )
        migrate(engine, "0013")
        assert _indexes(engine) >= NEW_INDEXES
        migrate(engine, "0012", down=True)
        assert not NEW_INDEXES & _indexes(engine)
        with engine.connect() as conn:
            assert conn.execute(text("SELECT notes FROM job")).scalar_one() == "mine"
    finally:
        engine.dispose()


@pytest.fixture
def job_selects(db: Database) -> Iterator[list[str]]:
    """The SELECT statements that read ``job`` on the database's read engine, as they run."""
    seen: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        if statement.lstrip().upper().startswith("SELECT") and " job" in statement:
            seen.append(statement)

    event.listen(db.read_engine, "before_cursor_execute", record)
    yield seen
    event.remove(db.read_engine, "before_cursor_execute", record)


def _plans(db: Database, statements: list[str]) -> list[str]:
    plans = []
    with db.reader() as conn:
        raw: Callable[..., Any] = conn.exec_driver_sql
        for statement in statements:
            params = tuple([None] * statement.count("?"))
            plans.append(" | ".join(str(row[-1]) for row in raw(f"EXPLAIN QUERY PLAN {statement}", params)))
    return plans


def test_status_and_stats_read_narrow_indexes_not_the_job_rows(
    db: Database, sync: SyncEngine, make_posting: Callable[..., dict[str, Any]], job_selects: list[str]
) -> None:
    add_job(sync, make_posting(skills=["Python"]))
    assert db.path is not None
    database_overview(db.path)  # its own engine: the plan below is the same statement's
    job_stats(db)
    plans = _plans(db, job_selects)
    assert plans
    for statement, plan in zip(job_selects, plans, strict=True):
        reads_job = [step for step in plan.split(" | ") if " job " in f"{step} " or step.endswith(" job")]
        for step in reads_job:
            assert "COVERING INDEX" in step or "ix_job_extracted" in step, (statement, plan)


def test_a_spelling_tie_goes_to_the_lowest_job_id_whatever_order_the_index_holds(
    db: Database, sync: SyncEngine, make_posting: Callable[..., dict[str, Any]]
) -> None:
    first = add_job(sync, make_posting(skills=["zeta", "rust"]))
    add_job(sync, make_posting(skills=["alpha", "Rust"]))  # sorts first in ix_job_stats
    sync.update_user_fields(first, UserUpdate(favorite=True))  # and a later key there, too
    top = job_stats(db).top_skills
    assert SkillCount(skill="rust", count=2) in top
