"""Job vectors in the database: which jobs need embedding, storing vectors, reading them back.

A job *needs a vector* for a model when it is not archived and it has no vector of that model, or
its vector was made from other content (the job's ``content_hash`` changed since). The test is on
the rows, so a reindex that stops half way loses nothing: the next one picks up what is left.
Archived jobs keep their vectors; a vector is only ever written to ``job_vector``, never to the
job's own columns (user fields are untouched).

Vectors are stored int8-quantised per row (:func:`quantize`): ``dim`` bytes and one float scale,
plain bytes on SQLite and PostgreSQL alike (no extension needed), 4× smaller than float32.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy
from pydantic import BaseModel
from sqlalchemy import and_, delete, func, insert, or_, select

from jobscraper.models import JobVector
from jobscraper.store.db import Database
from jobscraper.store.tables import JOB

__all__ = [
    "VECTOR",
    "StoredVector",
    "count_pending_vectors",
    "load_vectors",
    "pending_vectors",
    "quantize",
    "store_vectors",
]

VECTOR = JobVector.__table__  # type: ignore[attr-defined]

_PENDING_COLUMNS = (JOB.c.id, JOB.c.content_hash, JOB.c.title, JOB.c.skills, JOB.c.description)


class StoredVector(BaseModel):
    """One job's quantised vector, as the writer stores it."""

    job_id: int
    content_hash: str
    data: bytes
    scale: float


def quantize(vectors: numpy.ndarray[Any, Any]) -> tuple[list[bytes], list[float]]:
    """Per-row symmetric int8: each row's largest magnitude maps to 127; the rows' bytes and scales."""
    rows = numpy.asarray(vectors, dtype=numpy.float32)
    peak = numpy.abs(rows).max(axis=1)
    scales = numpy.where(peak > 0, peak / 127.0, 1.0).astype(numpy.float32)
    quantised = numpy.clip(numpy.rint(rows / scales[:, None]), -127, 127).astype(numpy.int8)
    return [row.tobytes() for row in quantised], [float(scale) for scale in scales]


def _pending_where(model_id: str) -> Any:
    return and_(
        JOB.c.archived_at.is_(None),
        or_(
            VECTOR.c.job_id.is_(None),
            VECTOR.c.model_id != model_id,
            VECTOR.c.content_hash != JOB.c.content_hash,
        ),
    )


def pending_vectors(db: Database, model_id: str, limit: int = 64, after_id: int = 0) -> list[dict[str, Any]]:
    """Up to ``limit`` jobs (id above ``after_id``, in id order) that need a vector of ``model_id``:
    their id, content_hash and what is embedded (title, skills, description)."""
    statement = (
        select(*_PENDING_COLUMNS)
        .select_from(JOB.outerjoin(VECTOR, VECTOR.c.job_id == JOB.c.id))
        .where(_pending_where(model_id), JOB.c.id > after_id)
        .order_by(JOB.c.id)
        .limit(limit)
    )
    with db.reader() as conn:
        return [dict(row._mapping) for row in conn.execute(statement)]


def count_pending_vectors(db: Database, model_id: str) -> int:
    """How many jobs need a vector of ``model_id``."""
    statement = (
        select(func.count())
        .select_from(JOB.outerjoin(VECTOR, VECTOR.c.job_id == JOB.c.id))
        .where(_pending_where(model_id))
    )
    with db.reader() as conn:
        return int(conn.execute(statement).scalar_one())


def store_vectors(db: Database, model_id: str, dim: int, items: Sequence[StoredVector]) -> int:
    """Store (or replace) the jobs' vectors of ``model_id``; a job that no longer exists is skipped.
    Returns how many were stored."""
    if not items:
        return 0
    with db.writer() as conn:
        wanted = [item.job_id for item in items]
        existing = set(conn.execute(select(JOB.c.id).where(JOB.c.id.in_(wanted))).scalars())
        rows = [
            {
                "job_id": item.job_id,
                "model_id": model_id,
                "content_hash": item.content_hash,
                "dim": dim,
                "data": item.data,
                "scale": item.scale,
            }
            for item in items
            if item.job_id in existing
        ]
        if rows:
            conn.execute(delete(VECTOR).where(VECTOR.c.job_id.in_([row["job_id"] for row in rows])))
            conn.execute(insert(VECTOR), rows)
        return len(rows)


def load_vectors(
    db: Database, model_id: str
) -> tuple[numpy.ndarray[Any, Any], numpy.ndarray[Any, Any], numpy.ndarray[Any, Any]]:
    """Every stored vector of ``model_id``: job ids (int64, ascending), the int8 matrix (n, dim)
    and the scales (float32)."""
    statement = (
        select(VECTOR.c.job_id, VECTOR.c.data, VECTOR.c.scale)
        .where(VECTOR.c.model_id == model_id)
        .order_by(VECTOR.c.job_id)
    )
    ids: list[int] = []
    datas: list[bytes] = []
    scales: list[float] = []
    with db.reader() as conn:
        for job_id, data, scale in conn.execute(statement):
            ids.append(job_id)
            datas.append(bytes(data))
            scales.append(scale)
    dim = len(datas[0]) if datas else 0
    matrix = numpy.frombuffer(b"".join(datas), dtype=numpy.int8).reshape(len(datas), dim)
    return numpy.asarray(ids, dtype=numpy.int64), matrix, numpy.asarray(scales, dtype=numpy.float32)
