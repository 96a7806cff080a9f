"""Job vectors in the database: which jobs need embedding, storing vectors, reading them back.

A job *needs a vector* for a model when it is not archived and it has no vector of that model, or
its vector was made from other content (the job's ``content_hash`` changed since). The test is on
the rows, so a reindex that stops half way loses nothing: the next one picks up what is left.
Archived jobs keep their vectors (an unarchived job is pending again only if its content moved on);
a vector is only ever written to ``job_vector``, never to the job's own columns (user fields are
untouched). One vector per job: a vector of another model is replaced when the job is embedded by
the configured one, and :func:`prune_vectors` deletes the ones left (archived jobs').

The embedded text (:func:`~jobscraper.matching.vectors.job_text`: title, skills, description) can
change without the content hash: extraction fills ``skills`` in for a job whose source gave none.
So storing extraction results deletes the vector of each job whose skills it changed
(:func:`clear_vectors`, called by :mod:`jobscraper.store.enrich` in the same transaction): the job is
pending again, found by the same indexed join, never by rehashing every job's text. The pending
jobs are looked for only among the jobs that can be pending (:func:`_candidates`: migration 0022's
``job.vector_current``, kept by triggers, and its partial index), not among every job: a pass at a
million jobs read them all (2-8 s on SQLite, in the writer). And a vector is
stored only if the job's text is still what was embedded (:func:`store_vectors` checks
:func:`text_hash` of the embedded text against the row), so an embedding that raced an extraction
is dropped, not stored as current.

Vectors are stored int8-quantised per row (:func:`quantize`): ``dim`` bytes and one float scale,
plain bytes on SQLite and PostgreSQL alike (no extension needed), 4× smaller than float32.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import Any

import numpy
from pydantic import BaseModel
from sqlalchemy import Connection, and_, delete, func, insert, or_, select

from jobscraper.models import JobVector
from jobscraper.store.db import Database
from jobscraper.store.indexed import job_read_by
from jobscraper.store.tables import JOB

__all__ = [
    "PENDING_VECTOR_INDEX",
    "VECTOR",
    "StoredVector",
    "clear_vectors",
    "count_pending_vectors",
    "count_vectors",
    "load_vectors",
    "pending_vector_count",
    "pending_vector_page",
    "pending_vectors",
    "prune_vectors",
    "quantize",
    "store_vectors",
    "text_hash",
    "vector_unmatched",
]

VECTOR = JobVector.__table__  # type: ignore[attr-defined]

_PENDING_COLUMNS = (JOB.c.id, JOB.c.content_hash, JOB.c.title, JOB.c.skills, JOB.c.description)


class StoredVector(BaseModel):
    """One job's quantised vector, as the writer stores it: made from the job as it was at
    ``content_hash``, from the text whose :func:`text_hash` is ``text_hash`` (None: not checked)."""

    job_id: int
    content_hash: str
    data: bytes
    scale: float
    text_hash: str | None = None


def text_hash(text: str) -> str:
    """A short digest of an embedded text (what :func:`store_vectors` compares with the job's now)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def _job_text_hash(row: Any) -> str:
    from jobscraper.matching.vectors import job_text

    return text_hash(job_text(row._mapping))


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


PENDING_VECTOR_INDEX = "ix_job_pending_vector"  # migration 0022


def vector_unmatched(job: Any = JOB) -> Any:
    """The active jobs (of ``job``: the table or its :func:`_pending_from`) without a vector, of
    any model, made from their current content: ``ix_job_pending_vector``'s predicate (0022) word
    for word, which both planners need before they use a partial index."""
    return and_(job.c.archived_at.is_(None), job.c.vector_current.is_(None))


def _pending_from(conn: Connection) -> Any:
    # SQLite's planner, without ANALYZE statistics, walks ix_job_archived_at through every active
    # job instead of the partial index (it cannot know the index holds a few)
    return job_read_by(conn, PENDING_VECTOR_INDEX, JOB.alias("unmatched"))  # not the outer query's job


def _other_models(conn: Connection, model_id: str) -> list[str]:
    """The models other than ``model_id`` that vectors are of (one index seek a model: a model
    changes rarely, and ``reindex --prune`` deletes the old one's vectors)."""
    found: list[str] = []
    value = conn.execute(select(func.min(VECTOR.c.model_id))).scalar()
    while value is not None:
        if value != model_id:
            found.append(str(value))
        value = conn.execute(select(func.min(VECTOR.c.model_id)).where(VECTOR.c.model_id > value)).scalar()
    return found


def _candidates(conn: Connection, model_id: str, after_id: int, extracted_only: bool) -> list[Any]:
    """Selects of the job ids above ``after_id`` that need a vector of ``model_id``, in parts that
    together are exactly those jobs: the active ones whose vector is missing or of other content
    (``ix_job_pending_vector``, through ``job.vector_current``, which triggers keep), and the active
    ones with a vector of each other model (``ix_job_vector_model_id``, whose entries are (model,
    job id): read in id order). ``extracted_only``: not those waiting for extraction."""
    job = _pending_from(conn)
    owner = JOB.alias("owner")
    parts = [select(job.c.id.label("id")).select_from(job).where(vector_unmatched(job), job.c.id > after_id)]
    for other in _other_models(conn, model_id):
        parts.append(
            select(VECTOR.c.job_id.label("id"))
            .select_from(VECTOR.join(owner, owner.c.id == VECTOR.c.job_id))
            .where(VECTOR.c.model_id == other, VECTOR.c.job_id > after_id, owner.c.archived_at.is_(None))
        )
    if extracted_only:
        from jobscraper.store.enrich import needs_extraction  # enrich imports this module

        parts[0] = parts[0].where(~needs_extraction(job=job))
        parts[1:] = [part.where(~needs_extraction(job=owner)) for part in parts[1:]]
    return parts


def _first_ids(conn: Connection, parts: list[Any], limit: int) -> list[int]:
    """The first ``limit`` ids of the parts together, in id order (each part read up to ``limit``:
    a page costs what it holds, even when every job needs a vector)."""
    found: set[int] = set()
    for part in parts:
        found.update(
            int(i) for i in conn.execute(part.order_by(part.selected_columns.id).limit(limit)).scalars()
        )
    return sorted(found)[:limit]


def pending_vector_page(
    conn: Connection, model_id: str, limit: int = 64, after_id: int = 0, *, extracted_only: bool = False
) -> list[dict[str, Any]]:
    """:func:`pending_vectors` in ``conn``'s snapshot.

    The ids come from :func:`_candidates` (the few jobs that need one, not a test of every job);
    each row is then tested as every job was, so a job is never embedded unless it needs it."""
    ids = _first_ids(conn, _candidates(conn, model_id, after_id, extracted_only), limit)
    if not ids:
        return []
    statement = (
        select(*_PENDING_COLUMNS)
        .select_from(JOB.outerjoin(VECTOR, VECTOR.c.job_id == JOB.c.id))
        .where(JOB.c.id.in_(ids), _pending_where(model_id))
        .order_by(JOB.c.id)
    )
    return [dict(row._mapping) for row in conn.execute(statement)]


def pending_vectors(
    db: Database, model_id: str, limit: int = 64, after_id: int = 0, *, extracted_only: bool = False
) -> list[dict[str, Any]]:
    """Up to ``limit`` jobs (id above ``after_id``, in id order) that need a vector of ``model_id``:
    their id, content_hash and what is embedded (title, skills, description). ``extracted_only``
    leaves out jobs still waiting for extraction (a run embeds them once their skills are in)."""
    with db.reader() as conn:
        return pending_vector_page(conn, model_id, limit, after_id, extracted_only=extracted_only)


def pending_vector_count(conn: Connection, model_id: str) -> int:
    """:func:`count_pending_vectors` in ``conn``'s snapshot: counted from :func:`_candidates`,
    unless vectors of another model make (nearly) every job one; then a test of every job is the
    cheaper count."""
    parts = _candidates(conn, model_id, 0, extracted_only=False)
    if len(parts) > 1:
        statement = (
            select(func.count())
            .select_from(JOB.outerjoin(VECTOR, VECTOR.c.job_id == JOB.c.id))
            .where(_pending_where(model_id))
        )
        return int(conn.execute(statement).scalar_one())
    return int(conn.execute(select(func.count()).select_from(parts[0].subquery())).scalar_one())


def count_pending_vectors(db: Database, model_id: str) -> int:
    """How many jobs need a vector of ``model_id``."""
    with db.reader() as conn:
        return pending_vector_count(conn, model_id)


def store_vectors(db: Database, model_id: str, dim: int, items: Sequence[StoredVector]) -> int:
    """Store (or replace) the jobs' vectors of ``model_id``; returns how many were stored. A job
    that no longer exists is skipped, and so is one whose embedded text is no longer the one the
    item's ``text_hash`` names (it stays pending). A vector whose text is still the job's is stored
    as current for the job's content hash now (a change the text does not show costs no re-embedding)."""
    if not items:
        return 0
    with db.writer() as conn:
        wanted = [item.job_id for item in items]
        current = {row.id: row for row in conn.execute(select(*_PENDING_COLUMNS).where(JOB.c.id.in_(wanted)))}
        rows = []
        for item in items:
            row = current.get(item.job_id)
            if row is None or (item.text_hash is not None and _job_text_hash(row) != item.text_hash):
                continue
            made_from = item.content_hash if item.text_hash is None else row.content_hash
            rows.append(
                {
                    "job_id": item.job_id,
                    "model_id": model_id,
                    "content_hash": made_from,
                    "dim": dim,
                    "data": item.data,
                    "scale": item.scale,
                }
            )
        if rows:
            conn.execute(delete(VECTOR).where(VECTOR.c.job_id.in_([row["job_id"] for row in rows])))
            conn.execute(insert(VECTOR), rows)
        return len(rows)


def clear_vectors(conn: Connection, job_ids: Sequence[int]) -> int:
    """Delete these jobs' vectors (of any model) in the caller's transaction: their embedded text
    changed, so they are pending again. Returns how many were deleted."""
    if not job_ids:
        return 0
    return int(conn.execute(delete(VECTOR).where(VECTOR.c.job_id.in_(list(job_ids)))).rowcount or 0)


def prune_vectors(db: Database, model_id: str) -> int:
    """Delete every vector not made by ``model_id`` (left by a model no longer configured); how many."""
    with db.writer() as conn:
        return int(conn.execute(delete(VECTOR).where(VECTOR.c.model_id != model_id)).rowcount or 0)


def count_vectors(db: Database) -> dict[str, int]:
    """How many vectors each model has in the database."""
    statement = select(VECTOR.c.model_id, func.count()).group_by(VECTOR.c.model_id)
    with db.reader() as conn:
        return {str(model): int(n) for model, n in conn.execute(statement)}


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
