"""``job.vector_current`` and ``ix_job_pending_vector`` (migration 0022): the embedding pass reads
the jobs that need a vector, not every job, and finds exactly the jobs a test of every job finds.

Checked on SQLite and PostgreSQL: the column stays exact through every write that can change it (a
vector stored, replaced by another model's, made stale by new content, content changed back,
cleared by an extraction, pruned, the job archived, brought back or deleted); the pass's pages and
the count equal the plain join over every job, with vectors of another model and
``extracted_only``; both planners take the partial index; 0022 goes down and up keeping the jobs.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

from sqlalchemy import Connection, delete, func, inspect, select, text, update
from sqlalchemy.dialects import sqlite

from jobscraper.models import PENDING_VECTOR
from jobscraper.store import Database, SyncEngine
from jobscraper.store.enrich import needs_extraction
from jobscraper.store.tables import JOB, SOURCE
from jobscraper.store.vectors import (
    PENDING_VECTOR_INDEX,
    VECTOR,
    StoredVector,
    _pending_where,
    clear_vectors,
    count_pending_vectors,
    pending_vectors,
    prune_vectors,
    store_vectors,
    vector_unmatched,
)
from tests.alembic_steps import migrate
from tests.query_plans import plan, recorded

MakePosting = Callable[..., dict[str, Any]]
_0022: Any = importlib.import_module("jobscraper.store.migrations.versions.0022_pending_vector_index")
MODEL, OLD = "model-b@1", "model-a@1"
DIM = 4


def test_the_condition_is_the_index_predicate_word_for_word() -> None:
    compiled = str(vector_unmatched().compile(dialect=sqlite.dialect())).replace("job.", "")
    assert compiled == PENDING_VECTOR == _0022.PENDING


def _store(db: Database, job_ids: list[int], model: str = MODEL) -> None:
    with db.reader() as conn:
        hashes = dict(conn.execute(select(JOB.c.id, JOB.c.content_hash)).all())
    items = [StoredVector(job_id=i, content_hash=hashes[i], data=bytes(DIM), scale=1.0) for i in job_ids]
    assert store_vectors(db, model, DIM, items) == len(job_ids)


def _assert_current_exact(db: Database) -> None:
    """``vector_current`` is TRUE exactly where a vector was made from the job's content."""
    made = select(VECTOR.c.job_id).where(
        VECTOR.c.job_id == JOB.c.id, VECTOR.c.content_hash == JOB.c.content_hash
    )
    with db.reader() as conn:
        wrong = conn.execute(
            select(JOB.c.id, JOB.c.vector_current).where(
                (JOB.c.vector_current.is_(True)) != made.exists()
                if db.path is None
                else func.coalesce(JOB.c.vector_current, 0) != made.exists()
            )
        ).all()
        nulls_or_true = conn.execute(
            select(func.count()).where(JOB.c.vector_current.is_not(None), JOB.c.vector_current.is_not(True))
        ).scalar_one()
    assert not wrong and not nulls_or_true, wrong


def _oracle(
    conn: Connection, model: str, after_id: int, limit: int | None, extracted_only: bool
) -> list[int]:
    """Every job tested, as before 0022."""
    stmt = (
        select(JOB.c.id)
        .select_from(JOB.outerjoin(VECTOR, VECTOR.c.job_id == JOB.c.id))
        .where(_pending_where(model), JOB.c.id > after_id)
        .order_by(JOB.c.id)
        .limit(limit)
    )
    if extracted_only:
        stmt = stmt.where(~needs_extraction())
    return [int(i) for i in conn.execute(stmt).scalars()]


def _assert_pending_exact(db: Database) -> None:
    with db.reader() as conn:
        ids = [int(i) for i in conn.execute(select(JOB.c.id).order_by(JOB.c.id)).scalars()]
        for model in (MODEL, OLD, "model-c@1"):
            assert count_pending_vectors(db, model) == len(_oracle(conn, model, 0, None, False)), model
            for extracted_only in (False, True):
                for after in [0, *ids[::3]]:
                    for limit in (1, 2, 64):
                        found = [
                            r["id"]
                            for r in pending_vectors(db, model, limit, after, extracted_only=extracted_only)
                        ]
                        assert found == _oracle(conn, model, after, limit, extracted_only), (
                            model,
                            after,
                            limit,
                        )


def _job_ids(db: Database) -> list[int]:
    with db.reader() as conn:
        return [int(i) for i in conn.execute(select(JOB.c.id).order_by(JOB.c.id)).scalars()]


def test_every_write_keeps_vector_current_exact_and_the_pass_finds_what_a_scan_finds(
    either_db: Database, make_posting: MakePosting
) -> None:
    db = either_db
    sync = SyncEngine(db)
    postings = [make_posting(title=f"Engineer {n}") for n in range(8)]
    sync.upsert(postings)
    ids = _job_ids(db)
    check = lambda: (_assert_current_exact(db), _assert_pending_exact(db))  # noqa: E731
    check()
    _store(db, ids[:3], OLD)  # an older model's vectors
    _store(db, ids[2:6])  # the current one's: job 3 moves from the old model to it
    check()
    sync.upsert([{**postings[3], "description": "Now about Rust."}])  # new content: stale vector
    check()
    sync.upsert([postings[3]])  # the content it was embedded from, again: current again
    check()
    with db.writer() as conn:
        clear_vectors(conn, [ids[4]])  # an extraction changed its skills
        conn.execute(update(JOB).where(JOB.c.id == ids[5]).values(archived_at=func.now()))
    check()
    with db.writer() as conn:
        conn.execute(update(JOB).where(JOB.c.id == ids[5]).values(archived_at=None))
        conn.execute(update(VECTOR).where(VECTOR.c.job_id == ids[2]).values(job_id=ids[7]))  # moved
    check()
    with db.writer() as conn:
        conn.execute(delete(SOURCE).where(SOURCE.c.job_id == ids[0]))
        conn.execute(delete(JOB).where(JOB.c.id == ids[0]))  # its vector goes with it
    assert prune_vectors(db, MODEL) == 1  # job 2's old-model vector
    check()


def test_the_pass_and_the_count_read_the_pending_vectors_index(
    either_db: Database, make_posting: MakePosting
) -> None:
    db = either_db
    sync = SyncEngine(db)
    sync.upsert([make_posting(title=f"Engineer {n}") for n in range(30)])
    ids = _job_ids(db)
    _store(db, ids[:-2])
    with recorded(db, "vector_current") as seen:
        assert [r["id"] for r in pending_vectors(db, MODEL)] == ids[-2:]
        assert count_pending_vectors(db, MODEL) == 2
    assert len(seen) == 2
    for statement, params in seen:
        found = plan(db, statement, params)
        assert PENDING_VECTOR_INDEX in found, (statement, found)


def test_0022_goes_down_and_up_keeping_the_jobs_and_fills_the_column(
    either_db: Database, make_posting: MakePosting
) -> None:
    db = either_db
    sync = SyncEngine(db)
    sync.upsert([make_posting(), make_posting()])
    ids = _job_ids(db)
    _store(db, ids[:1])
    migrate(db, "0021", down=True)
    columns = {c["name"] for c in inspect(db.engine).get_columns("job")}
    assert "vector_current" not in columns
    migrate(db, "0022")
    assert PENDING_VECTOR_INDEX in {i["name"] for i in inspect(db.engine).get_indexes("job")}
    with db.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM job_vector")).scalar_one() == 1
    _assert_current_exact(db)
    assert [r["id"] for r in pending_vectors(db, MODEL)] == ids[1:]
